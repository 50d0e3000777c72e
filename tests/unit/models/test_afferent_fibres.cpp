// SPDX-License-Identifier: MIT
// Afferent fibre populations and stimulus protocols: pulse trains recruit fixed fibres once per
// pulse, the Medlock et al. 2022 mechanical rate shapes [S6], tonic rates, the conditioning
// protocol defaults (Ruscheweyh 2011 [S49]) and the protocols' own errors.
#include "hornet/core/error.hpp"
#include "hornet/core/stimulus.hpp"
#include "models/builtin.hpp"
#include "models/stimuli/afferent_fibres.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <memory>
#include <vector>

namespace {

using hornet::StimulusSpec;

/// An afferent population driven by `stimuli` through its kernel, spikes per fibre per step.
struct Fibres {
    hornet::ModelRegistry reg;
    std::unique_ptr<hornet::Population> pop;
    std::unique_ptr<hornet::AfferentDrive> drive;
    hornet::CounterRng rng{7, hornet::RngPurpose::spikes, 0};
    double dt = 0.1;

    Fibres(std::size_t n, std::map<std::string, double, std::less<>> params,
           std::vector<StimulusSpec> stimuli) {
        hornet::models::register_builtin_models(reg);
        pop = reg.at("afferent").make({"c", "afferent", n, std::move(params), {}}, 0);
        pop->prepare(dt);
        drive = reg.stimuli()->compile(stimuli, *pop, dt);
    }
    /// (step, fibre) of every spike over `steps` steps.
    std::vector<std::pair<std::int64_t, std::uint32_t>> run(std::int64_t steps) {
        std::vector<std::pair<std::int64_t, std::uint32_t>> out;
        std::vector<std::uint32_t> buffer(pop->size());
        for (std::int64_t s = 0; s < steps; ++s) {
            hornet::SpikeWriter w(buffer.data());
            hornet::StepInput in{{}, s, &rng};
            in.drive = drive.get();
            pop->advance(in, {0, pop->size()}, w);
            for (std::size_t i = 0; i < w.size(); ++i) out.emplace_back(s, buffer[i]);
        }
        return out;
    }
};

StimulusSpec stimulus(std::string protocol, double recruited,
                      std::map<std::string, double, std::less<>> params) {
    return {"s", std::move(protocol), {"c"}, {recruited}, std::move(params)};
}

} // namespace

// 16 pulses at 1 Hz recruiting half the fibres: the same fibres fire once per pulse, exactly at
// the pulse without latency spread, and a stronger pulse recruits a superset.
TEST(AfferentFibres, PulsesRecruitTheSameFibresOncePerPulse) {
    Fibres f(1000, {},
             {stimulus("pulses", 0.5, {{"count", 16}, {"frequency", 1.0}, {"start", 10.0}})});
    const auto spikes = f.run(160000);
    std::map<std::uint32_t, int> per_fibre;
    for (const auto& [step, id] : spikes) {
        EXPECT_EQ((step - 100) % 10000, 0) << "spike off the pulse grid at step " << step;
        ++per_fibre[id];
    }
    EXPECT_NEAR(static_cast<double>(per_fibre.size()), 500.0, 4 * std::sqrt(250.0));
    for (const auto& [id, n] : per_fibre) EXPECT_EQ(n, 16) << "fibre " << id;
    Fibres strong(1000, {}, {stimulus("pulses", 0.8, {{"count", 1}, {"start", 10.0}})});
    std::map<std::uint32_t, int> strong_fibres;
    for (const auto& [step, id] : strong.run(200)) ++strong_fibres[id];
    for (const auto& [id, n] : per_fibre) EXPECT_TRUE(strong_fibres.count(id)) << id;
}

// With latency_spread every recruited fibre still fires once, within [0, spread] after the pulse.
TEST(AfferentFibres, LatencySpreadDispersesTheVolley) {
    Fibres f(2000, {{"latency_spread", 20.0}},
             {stimulus("pulses", 1.0, {{"count", 1}, {"start", 5.0}})});
    const auto spikes = f.run(400);
    EXPECT_EQ(spikes.size(), 2000u);
    std::int64_t first = 1 << 30, last = 0;
    for (const auto& [step, id] : spikes) {
        first = std::min(first, step);
        last = std::max(last, step);
    }
    EXPECT_EQ(first, 50);
    EXPECT_EQ(last, 250);
}

// Medlock et al. 2022 [S6]: C fibres at 400 mN fire ~32 Hz at onset and ~8 Hz at 5 s, Adelta
// 27 -> 9 Hz, both scaled by force / 400 mN; Abeta 36 -> 8 Hz whatever the force. The drive's
// rate decays as exp(-t / 1 s) from r_0 to exactly r_5 at 5 s and stays there until release; the
// fibres fire at that rate (checked statistically over the first 100 ms).
TEST(AfferentFibres, MechanicalRatesFollowTheMedlockShape) {
    const auto rate_at = [](const Fibres& f, std::int64_t step) {
        std::array<hornet::StimulusRate, 4> out{};
        return f.drive->rates(step, out) == 1 ? out[0].rate_hz : 0.0;
    };
    const double floor = std::exp(-5.0);
    const auto expected = [=](double r0, double r5, double t_s) {
        return r5 + (r0 - r5) * (std::exp(-std::min(t_s, 5.0)) - floor) / (1.0 - floor);
    };
    Fibres c400(4000, {}, {stimulus("mechanical", 1.0, {{"force", 400.0}, {"duration", 8000.0}})});
    Fibres c200(10, {}, {stimulus("mechanical", 1.0, {{"force", 200.0}})});
    Fibres adelta(10, {{"fibre_class", 1.0}}, {stimulus("mechanical", 1.0, {{"force", 100.0}})});
    Fibres abeta(10, {{"fibre_class", 0.0}}, {stimulus("mechanical", 1.0, {{"force", 50.0}})});
    for (const double t : {0.0, 0.5, 2.0, 4.9, 6.0}) {
        const auto step = static_cast<std::int64_t>(t * 1e4);
        EXPECT_NEAR(rate_at(c400, step), expected(32.0, 8.0, t), 1e-9) << t;
        if (t < 5.0) {
            EXPECT_NEAR(rate_at(c200, step), 0.5 * expected(32.0, 8.0, t), 1e-9) << t;
            EXPECT_NEAR(rate_at(adelta, step), 0.25 * expected(27.0, 9.0, t), 1e-9) << t;
            EXPECT_NEAR(rate_at(abeta, step), expected(36.0, 8.0, t), 1e-9) << t;
        }
    }
    EXPECT_EQ(rate_at(c400, 80000), 0.0); // released after 8 s
    EXPECT_EQ(rate_at(c200, 50000), 0.0); // after the default 5 s
    double n = 0;
    for (const auto& spike : c400.run(1000)) n += spike.first >= 0 ? 1.0 : 0.0;
    const double mean_rate = n / 4000.0 / 0.1;
    const double r_mean = // mean over 0-100 ms
        8.0 + 24.0 * ((1.0 - std::exp(-0.1)) / 0.1 - floor) / (1.0 - floor);
    EXPECT_NEAR(mean_rate, r_mean, 4.0 * std::sqrt(r_mean * 0.1 / 4000.0) / 0.1);
}

// Tonic drive of a fraction of the fibres at a constant rate, plus a background rate for all.
TEST(AfferentFibres, TonicRateAndBackground) {
    Fibres f(2000, {{"background_rate", 5.0}},
             {stimulus("tonic", 0.25, {{"rate", 50.0}, {"start", 0.0}})});
    const auto spikes = f.run(2000); // 0.2 s
    std::vector<int> count(2000, 0);
    for (const auto& [step, id] : spikes) ++count[id];
    double recruited = 0, others = 0, n_recruited = 0;
    for (std::size_t i = 0; i < count.size(); ++i) {
        const bool r = hornet::models::AfferentFibres::threshold(f.rng, i) < 0.25;
        (r ? recruited : others) += count[i];
        n_recruited += r ? 1 : 0;
    }
    EXPECT_NEAR(recruited / n_recruited, 11.0, 4 * std::sqrt(11.0 / n_recruited));
    EXPECT_NEAR(others / (2000 - n_recruited), 1.0, 4 * std::sqrt(1.0 / (2000 - n_recruited)));
}

// Ruscheweyh 2011 [S49] / Klein 2004 [S51]: HFS is 100 Hz x 1 s trains (5 every 10 s);
// LFS 2 Hz x 120 s. The event times are what per-stimulus readouts count from.
TEST(AfferentFibres, ConditioningProtocolDefaults) {
    hornet::ModelRegistry reg;
    hornet::models::register_builtin_models(reg);
    const auto& e = *reg.stimuli();
    const auto hfs = e.event_times_ms(stimulus("hfs", 1.0, {}));
    ASSERT_EQ(hfs.size(), 500u);
    EXPECT_DOUBLE_EQ(hfs[99], 990.0);
    EXPECT_DOUBLE_EQ(hfs[100], 10000.0);
    const auto lfs = e.event_times_ms(stimulus("lfs", 1.0, {}));
    ASSERT_EQ(lfs.size(), 240u);
    EXPECT_DOUBLE_EQ(lfs.back(), 119500.0);
    const auto windup = e.event_times_ms(stimulus("pulses", 1.0, {}));
    EXPECT_EQ(windup.size(), 16u); // Dickenson & Sullivan 1987 [S43]: 16 pulses at 0.5 Hz
    EXPECT_DOUBLE_EQ(windup[1], 2000.0);
}

TEST(AfferentFibres, ProtocolErrorsNameTheStimulus) {
    hornet::ModelRegistry reg;
    hornet::models::register_builtin_models(reg);
    const auto& e = *reg.stimuli();
    EXPECT_THROW(e.event_times_ms(stimulus("pulses", 1.0, {{"count", 2.5}})), hornet::ConfigError);
    try {
        e.event_times_ms(stimulus("hfs", 1.0, {{"train_interval", 500.0}}));
        FAIL() << "a train longer than its interval was accepted";
    } catch (const hornet::ConfigError& err) {
        EXPECT_NE(std::string(err.what()).find("stimulus 's' (hfs)"), std::string::npos);
    }
    Fibres ok(10, {}, {});
    EXPECT_THROW(
        e.compile(std::vector{stimulus("pulses", 1.0, {{"frequency", 20000.0}})}, *ok.pop, 0.1),
        hornet::ConfigError);
    const auto lif = reg.at("lif_cond").make({"c", "lif_cond", 1, {}, {}}, 0);
    EXPECT_THROW(e.compile(std::vector{stimulus("pulses", 1.0, {})}, *lif, 0.1),
                 hornet::ConfigError);
}

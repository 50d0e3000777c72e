// SPDX-License-Identifier: MIT
// The engine side of plastic projections, with a counting rule defined here: every delivered
// spike reaches its synapses as one pre event at arrival + the calcium delay, every target spike
// reaches all incoming synapses as a post event, efficacies scale the delivered weights, and all
// of it (noise included) is bitwise identical for any thread count.
#include "hornet/core/plasticity_impl.hpp"
#include "hornet/core/simulator.hpp"
#include "models/builtin.hpp"
#include "support/memory_recorder.hpp"

#include <gtest/gtest.h>

#include <vector>

using namespace hornet;
using hornet::testing::MemoryRecorder;

namespace {

/// Counts events; efficacy grows with pre events (times the gate) and wanders with noisy post
/// events, so delivery and noise both show in the spikes.
// NOTE: outside the rule struct, or GCC cannot use Params{} in the rule's own static tables.
struct CountingParams {
    double step_size = 0.05;
    double delay = 1.0; // [ms]
};

struct CountingRule {
    static constexpr std::string_view name = "counting";
    static constexpr std::string_view summary = "test rule";
    static constexpr std::string_view value_name = "x";
    static constexpr std::string_view value_unit = "1";
    using Params = CountingParams;
    struct Propagators {
        double step_size, dt;
        std::int64_t delay_steps;
    };
    struct Synapse {
        double x = 0.0;
        std::int64_t last = 0, pre = 0, post = 0;
        bool in_order = true;
    };
    static constexpr std::array<ParamField<Params>, 2> parameters{{
        {"step_size", &Params::step_size, "1", Bounds::non_negative(), "x per pre event"},
        {"delay", &Params::delay, "ms", Bounds::non_negative(), "calcium delay"},
    }};
    static constexpr std::array<NamedParams<Params>, 1> parameter_sets{{{"default", "", {}}}};
    static void validate(const Params&, std::string_view) {}
    static Propagators prepare(const Params& p, double dt) {
        return {p.step_size, dt, std::llround(p.delay / dt)};
    }
    static Synapse initial(const Propagators&, double u) { return {0.01 * u, 0, 0, 0, true}; }
    static std::int64_t calcium_delay_steps(const Propagators& k) { return k.delay_steps; }
    static void on_pre(Synapse& s, const Propagators& k, std::int64_t step, double gate,
                       const SynapseNoise&) noexcept {
        s.in_order = s.in_order && step >= s.last;
        s.last = step;
        ++s.pre;
        s.x += k.step_size * gate;
    }
    static void on_post(Synapse& s, const Propagators&, std::int64_t step,
                        const SynapseNoise& noise) noexcept {
        s.in_order = s.in_order && step >= s.last;
        s.last = step;
        ++s.post;
        s.x = std::max(0.0, s.x + 0.01 * noise.normals()[0]);
    }
    static double efficacy(const Synapse& s, const Propagators&) noexcept { return 1.0 + s.x; }
    static double value_at(const Synapse& s, const Propagators&, std::int64_t) noexcept {
        return s.x;
    }
    static bool is_potentiated(double x, const Propagators&) noexcept { return x > 0.1; }
};
static_assert(PlasticityRule<CountingRule>);

ModelRegistry registry() {
    ModelRegistry r;
    models::register_builtin_models(r);
    r.add_plasticity(plasticity_entry<CountingRule>());
    return r;
}

NetworkSpec plastic_spec(bool plastic) {
    NetworkSpec s;
    PopulationSpec post{"post", "lif_cond", 300, {}, {}};
    post.initial["V_m"] = ValueDistribution::uniform(-60.0, -50.0);
    s.populations = {{"drive", "poisson_source", 200, {{"rate", 30.0}}, {}}, post};
    ProjectionSpec p;
    p.name = p.group = "drive_to_post";
    p.source = "drive";
    p.target = "post";
    p.receptor = "ampa";
    p.connectivity.rule = ConnectionRule::fixed_probability;
    p.connectivity.probability = 0.1;
    p.weight = ValueDistribution::constant(1.5);
    p.delay_ms = ValueDistribution::uniform(1.0, 3.0);
    p.connectivity_key = 0;
    if (plastic) p.plasticity = {"counting", {{"step_size", 0.05}}};
    ProjectionSpec nmda = p;
    nmda.name = "drive_to_post_nmda";
    nmda.receptor = "nmda";
    nmda.weight = ValueDistribution::constant(0.5);
    s.projections = {p, nmda};
    return s;
}

struct Result {
    std::vector<std::vector<MemoryRecorder::Spike>> spikes;
    std::vector<PlasticitySeries> series;
    std::int64_t pre = 0, post = 0;
    bool in_order = true;
};

Result run(int threads, bool plastic) {
    const auto reg = registry();
    Network net = Network::build(plastic_spec(plastic), reg, {0.1, 11, threads});
    Simulator sim(net);
    MemoryRecorder rec;
    sim.set_recorder(&rec);
    sim.set_plasticity_sampling(500);
    sim.run(2500);
    sim.run(2500); // a second run continues the events and the series
    Result r{rec.spike_trains, sim.plasticity_series(), 0, 0, true};
    return r;
}

} // namespace

TEST(PlasticProjections, EfficacyScalesDeliveryAndResultsDoNotDependOnThreads) {
    const Result reference = run(1, true);
    const Result fixed = run(1, false);
    ASSERT_EQ(reference.series.size(), 1u); // the NMDA projection shares the AMPA one's rows
    const auto& s = reference.series[0];
    ASSERT_EQ(s.steps, (std::vector<std::int64_t>{0, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000,
                                                  4500, 5000}));
    EXPECT_LT(s.mean.front(), 0.01); // the initial state, 0.01 u
    EXPECT_GT(s.mean.back(), 0.5);   // ~30 Hz x 0.5 s x 0.05 per pre event
    EXPECT_GT(s.potentiated.back(), 0.9);
    for (std::size_t i = 1; i < s.mean.size(); ++i) EXPECT_GE(s.mean[i], s.mean[i - 1] - 0.01);
    EXPECT_GT(reference.spikes[1].size(), fixed.spikes[1].size()) << "stronger synapses";
    for (const int threads : {2, 3}) {
        const Result r = run(threads, true);
        EXPECT_EQ(r.spikes, reference.spikes) << threads << " threads";
        ASSERT_EQ(r.series.size(), 1u);
        EXPECT_EQ(r.series[0].mean, s.mean) << threads << " threads";
        EXPECT_EQ(r.series[0].potentiated, s.potentiated) << threads << " threads";
    }
}

// Every pre spike delivered to a synapse and every target spike make one event each, in time
// order: counted by the rule, against the spikes and the connections.
TEST(PlasticProjections, EveryDeliveredSpikeAndTargetSpikeIsOneEventInOrder) {
    const auto reg = registry();
    Network net = Network::build(plastic_spec(true), reg, {0.1, 3, 2});
    Simulator sim(net);
    MemoryRecorder rec;
    sim.set_recorder(&rec);
    const std::int64_t steps = 3000;
    sim.run(steps);
    // Expected: one pre event per (spike, synapse) whose arrival + 1 ms calcium delay falls
    // inside the run; one post event per (target spike, incoming synapse).
    const Projection& proj = net.projections()[0];
    std::vector<std::uint64_t> in_degree(300, 0);
    std::uint64_t expected_pre = 0;
    for (const auto& rows : proj.owned) {
        for (const auto t : rows.target) ++in_degree[t];
        for (const auto& spike : rec.spike_trains[0])
            for (auto i = rows.row_start[spike.id]; i < rows.row_start[spike.id + 1]; ++i)
                expected_pre += spike.step + rows.delay_steps[i] + 10 < steps ? 1u : 0u;
    }
    std::uint64_t expected_post = 0;
    for (const auto& spike : rec.spike_trains[1]) expected_post += in_degree[spike.id];
    const auto* impl = dynamic_cast<const PlasticityImpl<CountingRule>*>(proj.plasticity.get());
    ASSERT_NE(impl, nullptr);
    std::uint64_t pre = 0, post = 0;
    for (std::size_t d = 0; d < 2; ++d)
        for (const auto& syn : impl->synapses(d)) {
            pre += static_cast<std::uint64_t>(syn.pre);
            post += static_cast<std::uint64_t>(syn.post);
            EXPECT_TRUE(syn.in_order);
        }
    EXPECT_GT(expected_pre, 1000u);
    EXPECT_GT(expected_post, 1000u);
    EXPECT_EQ(pre, expected_pre);
    EXPECT_EQ(post, expected_post);
}

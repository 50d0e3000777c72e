// SPDX-License-Identifier: MIT
#include "hornet/core/error.hpp"
#include "hornet/core/simulator.hpp"
#include "models/builtin.hpp"
#include "support/counting_allocator.hpp"
#include "support/memory_recorder.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <vector>

using namespace hornet;
using hornet::testing::MemoryRecorder;

namespace {

ModelRegistry builtin() {
    ModelRegistry r;
    models::register_builtin_models(r);
    return r;
}

/// A small COBA-like balanced network with Poisson drive: enough activity to exercise delivery.
NetworkSpec balanced_spec(std::size_t n_exc = 800, std::size_t n_inh = 200) {
    NetworkSpec s;
    PopulationSpec exc{"exc", "lif_cond", n_exc, {}, {}};
    exc.initial["V_m"] = ValueDistribution::uniform(-60.0, -50.0);
    PopulationSpec inh = exc;
    inh.name = "inh";
    inh.size = n_inh;
    s.populations = {exc, inh, {"drive", "poisson_source", 100, {{"rate", 20.0}}, {}}};
    auto proj = [](std::string name, std::string src, std::string tgt, std::string rec, double w,
                   double d) {
        ProjectionSpec p;
        p.name = std::move(name);
        p.source = std::move(src);
        p.target = std::move(tgt);
        p.receptor = std::move(rec);
        p.connectivity.rule = ConnectionRule::fixed_probability;
        p.connectivity.probability = 0.05;
        p.weight = ValueDistribution::constant(w);
        p.delay_ms = ValueDistribution::constant(d);
        return p;
    };
    s.projections = {
        proj("ee", "exc", "exc", "exc", 2.0, 0.2), proj("ei", "exc", "inh", "exc", 2.0, 0.3),
        proj("ie", "inh", "exc", "inh", 20.0, 0.2), proj("ii", "inh", "inh", "inh", 20.0, 0.5),
        proj("de", "drive", "exc", "exc", 3.0, 1.0)};
    s.projections.back().delay_ms = ValueDistribution::uniform(0.5, 2.0); // heterogeneous path
    s.projections.back().weight = ValueDistribution::uniform(2.0, 4.0);
    return s;
}

MemoryRecorder run_balanced(int threads, std::int64_t steps, std::uint64_t seed = 5) {
    const auto reg = builtin();
    Network net = Network::build(balanced_spec(), reg, {0.1, seed, threads});
    Simulator sim(net);
    MemoryRecorder rec;
    sim.set_recorder(&rec);
    sim.run(steps);
    return rec;
}

} // namespace

TEST(Simulator, SpikesAreIdenticalForAnyThreadCount) {
    const auto reference = run_balanced(1, 2000);
    std::size_t total = 0;
    for (const auto& pop : reference.spike_trains) total += pop.size();
    ASSERT_GT(total, 1000u) << "the test network should be active";
    for (const int threads : {2, 3, 4}) {
        const auto rec = run_balanced(threads, 2000);
        EXPECT_EQ(rec.spike_trains, reference.spike_trains) << threads << " threads";
    }
}

// Populations larger than a cache block (4096 neurons): domains are advanced block by block
// through the slice, and spikes and samples must still not depend on the thread count.
TEST(Simulator, BlockedAdvanceGivesIdenticalSpikesAndSamplesForAnyThreadCount) {
    const auto reg = builtin();
    const auto run = [&](int threads) {
        auto spec = balanced_spec(9000, 2500);
        for (auto& proj : spec.projections) proj.connectivity.probability = 0.005; // fast to build
        spec.projections.back().connectivity.probability = 0.5; // strong Poisson drive instead
        Network net = Network::build(spec, reg, {0.1, 11, threads});
        Simulator sim(net);
        MemoryRecorder rec;
        sim.set_recorder(&rec);
        RecordingSpec rs;
        rs.reports.push_back({"exc", {"V_m", "g_in"}, {}, 0.5}); // every neuron, every 5 steps
        sim.set_reports(resolve_reports(net, rs, 0.1));
        sim.run(300);
        return rec;
    };
    const auto reference = run(1);
    ASSERT_GT(reference.spike_trains[0].size(), 100u);
    ASSERT_EQ(reference.samples[0].size(), 60u);
    for (const int threads : {2, 3}) {
        const auto rec = run(threads);
        EXPECT_EQ(rec.spike_trains, reference.spike_trains) << threads << " threads";
        ASSERT_EQ(rec.samples[0].size(), reference.samples[0].size());
        for (std::size_t i = 0; i < rec.samples[0].size(); ++i) {
            EXPECT_EQ(rec.samples[0][i].step, reference.samples[0][i].step);
            EXPECT_EQ(rec.samples[0][i].values, reference.samples[0][i].values) << "sample " << i;
        }
    }
}

TEST(Simulator, SpikesComeInTimeThenIdOrder) {
    const auto rec = run_balanced(3, 1000);
    for (const auto& pop : rec.spike_trains)
        for (std::size_t i = 1; i < pop.size(); ++i)
            ASSERT_TRUE(pop[i - 1].step < pop[i].step ||
                        (pop[i - 1].step == pop[i].step && pop[i - 1].id < pop[i].id));
}

TEST(Simulator, SplittingARunChangesNothing) {
    const auto whole = run_balanced(2, 1500);
    const auto reg = builtin();
    Network net = Network::build(balanced_spec(), reg, {0.1, 5, 2});
    Simulator sim(net);
    MemoryRecorder first, second;
    sim.set_recorder(&first);
    sim.run(701); // not a multiple of the slice: the pending slice must carry over
    sim.set_recorder(&second);
    sim.run(799);
    for (std::size_t p = 0; p < whole.spike_trains.size(); ++p) {
        auto joined = first.spike_trains[p];
        joined.insert(joined.end(), second.spike_trains[p].begin(), second.spike_trains[p].end());
        EXPECT_EQ(joined, whole.spike_trains[p]) << "population " << p;
    }
}

// A spike emitted in step s with delay d steps is added at the start of step s + d, so the
// state sampled at t_{s+d} (before that step) has not seen it and the one at t_{s+d+1} has,
// decayed by one step: g = w exp(-dt/tau_syn_ex).
TEST(Simulator, DeliversAfterExactlyTheDelay) {
    NetworkSpec s;
    s.populations = {{"pre", "lif_cond", 1, {{"I_e", 2000.0}}, {}},
                     {"post", "lif_cond", 1, {}, {}}};
    ProjectionSpec p;
    p.name = "pp";
    p.source = "pre";
    p.target = "post";
    p.receptor = "exc";
    p.connectivity.rule = ConnectionRule::all_to_all;
    p.weight = ValueDistribution::constant(1.5);
    p.delay_ms = ValueDistribution::constant(0.7);
    s.projections = {p};
    const auto reg = builtin();
    Network net = Network::build(s, reg, {0.1, 1, 1});
    Simulator sim(net);
    MemoryRecorder rec;
    sim.set_recorder(&rec);
    RecordingSpec rs;
    rs.reports.push_back({"post", {"g_ex"}, {0}, 0.1});
    sim.set_reports(resolve_reports(net, rs, 0.1));
    sim.run(400);
    ASSERT_FALSE(rec.spike_trains[0].empty());
    const std::int64_t s0 = rec.spike_trains[0].front().step;
    const auto& samples = rec.samples[0];
    ASSERT_GT(samples.size(), static_cast<std::size_t>(s0 + 9));
    EXPECT_EQ(samples[static_cast<std::size_t>(s0 + 7)].values[0], 0.0);
    EXPECT_DOUBLE_EQ(samples[static_cast<std::size_t>(s0 + 8)].values[0],
                     1.5 * std::exp(-0.1 / 5.0));
}

TEST(Simulator, InvalidStateStopsTheRunNamingPopulationNeuronAndTime) {
    NetworkSpec s;
    PopulationSpec pop{"cells", "lif_cond", 10, {}, {}};
    s.populations = {pop};
    const auto reg = builtin();
    Network net = Network::build(s, reg, {0.1, 1, 2});
    // A NaN membrane potential (what an unstable parameter set produces) must be caught.
    net.population(0).initialize(0, ValueDistribution::constant(std::nan("")), 1);
    Simulator sim(net);
    MemoryRecorder rec;
    sim.set_recorder(&rec);
    try {
        sim.run(100);
        FAIL() << "expected RunError";
    } catch (const RunError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("'cells'"), std::string::npos) << m;
        EXPECT_NE(m.find("neuron 0"), std::string::npos) << m;
        EXPECT_NE(m.find("NaN"), std::string::npos) << m;
        EXPECT_NE(m.find("by t = 1.6 ms"), std::string::npos)
            << m; // end of the first 16-step slice
    }
    EXPECT_EQ(rec.ends, 1) << "the recorder is closed before the error propagates";
}

TEST(Simulator, StopFlagEndsTheRunAtASliceBoundary) {
    const auto reg = builtin();
    Network net = Network::build(balanced_spec(), reg, {0.1, 1, 2});
    Simulator sim(net);
    MemoryRecorder rec;
    sim.set_recorder(&rec);
    std::atomic<bool> stop{true};
    sim.set_stop_flag(&stop);
    const RunStatistics stats = sim.run(1000);
    EXPECT_TRUE(stats.interrupted);
    EXPECT_EQ(stats.steps, sim.slice_steps());
    EXPECT_EQ(rec.ends, 1);
}

// --- no allocation while stepping ------------------------------------------------------------

// The number of allocations of a run must not grow with its length: buffers are sized before
// the first step and the step loop allocates nothing.
TEST(Simulator, StepLoopDoesNotAllocate) {
    const auto reg = builtin();
    Network net = Network::build(balanced_spec(), reg, {0.1, 3, 2});
    Simulator sim(net);
    MemoryRecorder rec; // its own vectors grow with spikes, so count without it
    sim.run(100);       // warm-up: buffers, OpenMP thread pool
    const long before_short = hornet::testing::allocation_count();
    sim.run(100);
    const long short_run = hornet::testing::allocation_count() - before_short;
    const long before_long = hornet::testing::allocation_count();
    sim.run(3000);
    const long long_run = hornet::testing::allocation_count() - before_long;
    EXPECT_EQ(long_run, short_run);
}

namespace {

/// Records every time the simulator asks for; the concentration is the time in ms, so a
/// kernel's view of it tells which slice it came from.
class RecordingDrug final : public DrugTimeCourse {
public:
    DrugLevels at(double t_ms) noexcept override {
        times.push_back(t_ms);
        return {t_ms < switch_ms ? 0.0 : 1e6, 0.0};
    }
    double switch_ms = 1e30;
    std::vector<double> times;
};

} // namespace

// The drug is read once per exchange slice, at the slice's start, in time order, also across
// runs; every domain's kernel sees the slice's value (here: NMDA fully blocked from 20 ms on).
TEST(Simulator, ReadsTheDrugOncePerSliceAndHandsItToTheKernels) {
    for (const int threads : {1, 2}) {
        NetworkSpec spec = balanced_spec(200, 50);
        ProjectionSpec nmda = spec.projections.front();
        nmda.name = "ee_nmda";
        nmda.receptor = "nmda";
        spec.projections.push_back(nmda);
        const auto reg = builtin();
        Network net = Network::build(spec, reg, {0.1, 3, threads});
        Simulator sim(net);
        RecordingDrug drug;
        drug.switch_ms = 20.0;
        sim.set_drug(&drug);
        MemoryRecorder rec;
        sim.set_recorder(&rec);
        RecordingSpec rs;
        rs.reports.push_back({"exc", {"nmda_unblocked"}, {}, 0.1});
        sim.set_reports(resolve_reports(net, rs, 0.1));
        sim.run(150);
        sim.run(250);
        const std::int64_t slice = sim.slice_steps();
        ASSERT_EQ(slice, 2); // the 0.2 ms delays
        ASSERT_EQ(drug.times.size(), static_cast<std::size_t>(400 / slice));
        for (std::size_t k = 0; k < drug.times.size(); ++k)
            EXPECT_DOUBLE_EQ(drug.times[k], static_cast<double>(k) * 0.2) << "slice " << k;
        // Samples are taken before a step: the value of step n-1, which ran with the drug of its
        // slice. Before 20 ms some NMDA is unblocked; from the first slice at 20 ms, none. The
        // recorder keeps the second run's samples, steps 150..399.
        const auto& samples = rec.samples[0];
        ASSERT_EQ(samples.size(), 250u);
        EXPECT_EQ(samples.front().step, 150);
        double before = 0.0;
        for (const double u : samples[199 - 150].values) before = std::max(before, u);
        EXPECT_GT(before, 1e-3);
        for (std::size_t step = 201 - 150; step < samples.size(); ++step)
            for (const double u : samples[step].values) ASSERT_LT(u, 1e-6) << "step " << step;
    }
}

// One set of connections releasing onto two receptors (ProjectionSpec::connectivity_key) keeps
// one copy of the synapse rows; the spikes are bitwise those of two projections that draw the
// same connections but store them twice (a weight "distribution" forces separate rows).
TEST(Simulator, ProjectionsSharingConnectionsShareRowsWithIdenticalResults) {
    const auto run = [](bool shared, std::uint64_t& bytes, std::int64_t& shares) {
        NetworkSpec spec = balanced_spec(400, 100);
        ProjectionSpec nmda = spec.projections.front(); // ee, exc -> exc
        nmda.name = "ee_nmda";
        nmda.receptor = "nmda";
        nmda.weight = shared ? ValueDistribution::constant(2.0)
                             : ValueDistribution::uniform(2.0, 2.0); // the same, stored per synapse
        spec.projections.front().connectivity_key = 7;
        nmda.connectivity_key = 7;
        spec.projections.insert(spec.projections.begin() + 1, nmda);
        const auto reg = builtin();
        Network net = Network::build(spec, reg, {0.1, 11, 2});
        bytes = net.synapse_bytes();
        shares = net.projections()[1].shares_rows_of;
        EXPECT_EQ(net.projections()[0].n_synapses, net.projections()[1].n_synapses);
        Simulator sim(net);
        MemoryRecorder rec;
        sim.set_recorder(&rec);
        sim.run(2000);
        return rec.spike_trains;
    };
    std::uint64_t shared_bytes = 0, separate_bytes = 0;
    std::int64_t shared_owner = 0, separate_owner = 0;
    const auto shared = run(true, shared_bytes, shared_owner);
    const auto separate = run(false, separate_bytes, separate_owner);
    EXPECT_EQ(shared_owner, 0);
    EXPECT_EQ(separate_owner, -1);
    EXPECT_LT(shared_bytes, separate_bytes);
    ASSERT_GT(shared[0].size(), 100u);
    EXPECT_EQ(shared, separate);
}

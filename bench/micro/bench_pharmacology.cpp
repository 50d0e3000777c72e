// SPDX-License-Identifier: MIT
// BM_Pharmacology_*: cost of the exact ketamine pharmacokinetics (models/pharmacology).
// Motivation: a multiscale run reads the drug concentration once per exchange slice and a
// months-long course is recorded per minute, so both a single at() and the sequential sampler
// must be cheap next to the network. All on the 90-day course of the unit tests: Domino 1984,
// 70 kg, 0.35 mg/kg/h for 4 h daily for 5 days, every 4 weeks.
//   Propagator        one exact propagator (9x9 matrix exponential) over 13.7 min
//   Build             PkTrajectory of the course (breakpoint and checkpoint states)
//   At                one at() at a time spread over the 90 days
//   SamplerNext       one PkSampler::next() at 1 min intervals
//   NinetyDayCourse   the whole course: build, then 129 601 samples, one per minute
#include "models/pharmacology/compartment_model.hpp"

#include <benchmark/benchmark.h>

#include <vector>

namespace {

using namespace hornet::models;

constexpr double day_min = 24.0 * 60.0;

std::vector<DoseSpec> ninety_day_course() {
    std::vector<DoseSpec> doses;
    for (int course = 0; course < 4; ++course) {
        DoseSpec d;
        d.kind = DoseSpec::Kind::infusion;
        d.start_min = course * 28 * day_min + 8 * 60.0;
        d.rate_mg_per_min = 0.35 * 70.0 / 60.0; // 0.35 mg/kg/h at 70 kg
        d.duration_min = 4 * 60.0;
        d.repeat_every_min = day_min;
        d.repeat_count = 5;
        doses.push_back(d);
    }
    return doses;
}

CompartmentModel domino() { return {*find_pk_parameter_set("domino_1984"), 70.0}; }

void per_call(benchmark::State& state, double calls_per_iteration = 1.0) {
    state.counters["ns_per_call"] =
        benchmark::Counter(calls_per_iteration, benchmark::Counter::kIsIterationInvariantRate |
                                                    benchmark::Counter::kInvert);
}

void BM_Pharmacology_Propagator(benchmark::State& state) {
    const CompartmentModel model = domino();
    for (auto _ : state) benchmark::DoNotOptimize(model.propagator(13.7));
    per_call(state);
}
BENCHMARK(BM_Pharmacology_Propagator);

void BM_Pharmacology_Build(benchmark::State& state) {
    const InfusionSchedule schedule(ninety_day_course());
    for (auto _ : state) benchmark::DoNotOptimize(PkTrajectory(domino(), schedule));
}
BENCHMARK(BM_Pharmacology_Build)->Unit(benchmark::kMicrosecond);

void BM_Pharmacology_At(benchmark::State& state) {
    const PkTrajectory pk(domino(), InfusionSchedule(ninety_day_course()));
    double t = 0.0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(pk.at(t));
        t += 37.3; // wanders over the whole course, on and between breakpoints
        if (t > 90 * day_min) t -= 90 * day_min;
    }
    per_call(state);
}
BENCHMARK(BM_Pharmacology_At);

void BM_Pharmacology_SamplerNext(benchmark::State& state) {
    const PkTrajectory pk(domino(), InfusionSchedule(ninety_day_course()));
    PkSampler sampler = pk.sampler(0.0, 1.0);
    for (auto _ : state) benchmark::DoNotOptimize(sampler.next());
    per_call(state);
}
BENCHMARK(BM_Pharmacology_SamplerNext);

void BM_Pharmacology_NinetyDayCourse(benchmark::State& state) {
    const InfusionSchedule schedule(ninety_day_course());
    const auto n_samples = static_cast<int>(90 * day_min) + 1;
    for (auto _ : state) {
        const PkTrajectory pk(domino(), schedule);
        PkSampler sampler = pk.sampler(0.0, 1.0);
        double sum = 0.0;
        for (int i = 0; i < n_samples; ++i) sum += sampler.next().plasma_ng_per_mL;
        benchmark::DoNotOptimize(sum);
    }
    state.counters["samples_per_s"] = benchmark::Counter(
        static_cast<double>(n_samples), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Pharmacology_NinetyDayCourse)->Unit(benchmark::kMillisecond);

} // namespace

// SPDX-License-Identifier: MIT
// The expansion of a sweep into points (sweep::expand): how many, in which order (axes in file
// order, the last fastest, replicates innermost), with which overrides and which seeds
// (SplitMix64 of the master seed and the index, 63 bits), and the plan text a resume compares.
#include "hornet/io/sweep_spec.hpp"
#include "hornet/sweep/plan.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

using hornet::io::SweepAxis;
using hornet::io::SweepSpec;
using hornet::sweep::derive_seed;
using hornet::sweep::expand;

/// An axis over `key` with the numbers 0 .. n-1, written as "<i> <unit>" (or "<i>" without a
/// unit).
SweepAxis axis(const std::string& key, std::size_t n, const std::string& unit = "") {
    SweepAxis a;
    a.key = key;
    a.name = key;
    a.unit = unit.empty() ? "1" : unit;
    for (std::size_t i = 0; i < n; ++i) {
        hornet::io::AxisValue v;
        v.number = static_cast<double>(i);
        v.label = std::to_string(i);
        v.override_text =
            unit.empty() ? std::to_string(i) : "\"" + std::to_string(i) + " " + unit + "\"";
        a.values.push_back(v);
    }
    return a;
}

SweepSpec spec_of(std::vector<SweepAxis> axes, std::int64_t replicates,
                  hornet::io::SweepCombine combine = hornet::io::SweepCombine::grid) {
    SweepSpec s;
    s.path = "sweeps/test.toml";
    s.scenario = "configs/windup.toml";
    s.axes = std::move(axes);
    s.replicates = replicates;
    s.combine = combine;
    return s;
}

/// SplitMix64 as published (Steele, Lea & Flood 2014; Vigna's splitmix64.c): the state advances
/// by the golden-ratio increment, then the output is mixed. Written out here independently of
/// the library.
std::uint64_t splitmix64_output(std::uint64_t state_after_advance) {
    std::uint64_t z = state_after_advance;
    z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31U);
}

/// The (index+1)-th output of a SplitMix64 generator seeded with `master`, all 64 bits.
std::uint64_t reference_output(std::uint64_t master, std::uint64_t index) {
    std::uint64_t state = master;
    std::uint64_t out = 0;
    for (std::uint64_t i = 0; i <= index; ++i) {
        state += 0x9E3779B97F4A7C15ULL;
        out = splitmix64_output(state);
    }
    return out;
}

/// The same, cut to 63 bits: the seed of point (or replicate) `index`.
std::uint64_t reference_seed(std::uint64_t master, std::uint64_t index) {
    return reference_output(master, index) & 0x7FFFFFFFFFFFFFFFULL;
}

// ---- Size and order -----------------------------------------------------------------------

TEST(SweepPlan, GridSizeIsTheProductOfAxisLengthsTimesReplicates) {
    EXPECT_EQ(expand(spec_of({axis("a", 3), axis("b", 2), axis("c", 4)}, 2), 1).points.size(), 48u);
    EXPECT_EQ(expand(spec_of({axis("a", 5)}, 1), 1).points.size(), 5u);
    EXPECT_EQ(expand(spec_of({axis("a", 3), axis("b", 1)}, 3), 1).points.size(), 9u);
}

TEST(SweepPlan, ZipSizeIsTheLengthTimesReplicates) {
    const auto zip = hornet::io::SweepCombine::zip;
    EXPECT_EQ(expand(spec_of({axis("a", 4), axis("b", 4), axis("c", 4)}, 3, zip), 1).points.size(),
              12u);
    EXPECT_EQ(expand(spec_of({axis("a", 4)}, 1, zip), 1).points.size(), 4u);
}

TEST(SweepPlan, WithoutAxesThereIsOnePointPerReplicate) {
    const auto plan = expand(spec_of({}, 3), 7);
    ASSERT_EQ(plan.points.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(plan.points[i].replicate, i);
        EXPECT_TRUE(plan.points[i].value_index.empty());
        EXPECT_TRUE(plan.points[i].overrides.empty());
    }
}

TEST(SweepPlan, GridOrderHasTheLastAxisFastestAndReplicatesInnermost) {
    const auto plan = expand(spec_of({axis("a", 3), axis("b", 2), axis("c", 4)}, 2), 1);
    ASSERT_EQ(plan.points.size(), 48u);
    using V = std::vector<std::size_t>;
    EXPECT_EQ(plan.points[0].value_index, (V{0, 0, 0}));
    EXPECT_EQ(plan.points[0].replicate, 0u);
    EXPECT_EQ(plan.points[1].value_index, (V{0, 0, 0}));
    EXPECT_EQ(plan.points[1].replicate, 1u);
    EXPECT_EQ(plan.points[2].value_index, (V{0, 0, 1}));
    EXPECT_EQ(plan.points[2].replicate, 0u);
    EXPECT_EQ(plan.points[7].value_index, (V{0, 0, 3}));
    EXPECT_EQ(plan.points[7].replicate, 1u);
    EXPECT_EQ(plan.points[8].value_index, (V{0, 1, 0}));
    EXPECT_EQ(plan.points[16].value_index, (V{1, 0, 0}));
    EXPECT_EQ(plan.points[29].value_index, (V{1, 1, 2}));
    EXPECT_EQ(plan.points[29].replicate, 1u);
    EXPECT_EQ(plan.points[47].value_index, (V{2, 1, 3}));
    EXPECT_EQ(plan.points[47].replicate, 1u);
    // Every point: index = position = ((a * 2 + b) * 4 + c) * 2 + r.
    for (std::size_t i = 0; i < plan.points.size(); ++i) {
        const auto& p = plan.points[i];
        EXPECT_EQ(p.index, i);
        ASSERT_EQ(p.value_index.size(), 3u);
        EXPECT_EQ(((p.value_index[0] * 2 + p.value_index[1]) * 4 + p.value_index[2]) * 2 +
                      p.replicate,
                  i);
    }
}

TEST(SweepPlan, ZipOrderTakesTheSameValueOfEveryAxis) {
    const auto plan =
        expand(spec_of({axis("a", 3), axis("b", 3)}, 2, hornet::io::SweepCombine::zip), 1);
    ASSERT_EQ(plan.points.size(), 6u);
    using V = std::vector<std::size_t>;
    const std::vector<V> expected = {{0, 0}, {0, 0}, {1, 1}, {1, 1}, {2, 2}, {2, 2}};
    for (std::size_t i = 0; i < 6; ++i) {
        EXPECT_EQ(plan.points[i].index, i);
        EXPECT_EQ(plan.points[i].value_index, expected[i]) << i;
        EXPECT_EQ(plan.points[i].replicate, i % 2) << i;
    }
}

// ---- Overrides ----------------------------------------------------------------------------

TEST(SweepPlan, OverridesAreTheSettingsThenOnePerAxis) {
    SweepSpec s =
        spec_of({axis("pharmacology.concentration", 2, "uM"), axis("stimuli.windup.count", 3)}, 1);
    s.settings.push_back({"simulation.duration", "\"18 s\"", {3, 23}});
    s.settings.push_back({"recording.reports", "[]", {4, 21}});
    const auto plan = expand(s, 1);
    ASSERT_EQ(plan.points.size(), 6u);
    EXPECT_EQ(plan.points[0].overrides,
              (std::vector<std::string>{"simulation.duration=\"18 s\"", "recording.reports=[]",
                                        "pharmacology.concentration=\"0 uM\"",
                                        "stimuli.windup.count=0"}));
    EXPECT_EQ(plan.points[5].overrides,
              (std::vector<std::string>{"simulation.duration=\"18 s\"", "recording.reports=[]",
                                        "pharmacology.concentration=\"1 uM\"",
                                        "stimuli.windup.count=2"}));
    for (const auto& p : plan.points) EXPECT_TRUE(p.pass_seed);
}

// ---- Seeds --------------------------------------------------------------------------------

TEST(SweepPlan, DeriveSeedIsSplitMix64CutTo63Bits) {
    // Published outputs of splitmix64.c seeded with 1234567 (the first is below 2^63 and
    // unchanged; the third has its top bit cleared).
    EXPECT_EQ(derive_seed(1234567, 0), 6457827717110365317ULL);
    EXPECT_EQ(derive_seed(1234567, 1), 3203168211198807973ULL);
    EXPECT_EQ(derive_seed(1234567, 2), 9817491932198370423ULL & 0x7FFFFFFFFFFFFFFFULL);
    for (const std::uint64_t master : {0ULL, 1ULL, 11ULL, 1234567ULL, 0xFFFFFFFFFFFFFFFFULL})
        for (std::uint64_t i = 0; i < 50; ++i)
            EXPECT_EQ(derive_seed(master, i), reference_seed(master, i)) << master << " " << i;
    // The direct form: z = master + (i + 1) * golden, then the output mix.
    EXPECT_EQ(derive_seed(42, 999),
              splitmix64_output(42ULL + 1000ULL * 0x9E3779B97F4A7C15ULL) & 0x7FFFFFFFFFFFFFFFULL);
}

TEST(SweepPlan, SeedsAreBelow2To63) {
    // About half of the raw outputs have the top bit set: the cut is exercised.
    std::size_t top_bit_set = 0;
    for (std::uint64_t master = 0; master < 20; ++master)
        for (std::uint64_t i = 0; i < 200; ++i) {
            EXPECT_LT(derive_seed(master, i), 1ULL << 63U);
            if (reference_output(master, i) >= 1ULL << 63U) ++top_bit_set;
        }
    EXPECT_GT(top_bit_set, 1000u);
    EXPECT_LT(top_bit_set, 3000u);
}

TEST(SweepPlan, PerPointSeedsAreDistinctAndDeterministic) {
    const SweepSpec s = spec_of({axis("a", 5), axis("b", 4)}, 3);
    const auto plan = expand(s, 11);
    const auto again = expand(s, 11);
    ASSERT_EQ(plan.points.size(), 60u);
    EXPECT_EQ(plan.master_seed, 11u);
    std::set<std::uint64_t> seeds;
    for (std::size_t i = 0; i < plan.points.size(); ++i) {
        const auto& p = plan.points[i];
        seeds.insert(p.seed);
        EXPECT_EQ(p.seed, reference_seed(11, i));
        EXPECT_EQ(p.seed, again.points[i].seed);
        EXPECT_LT(p.seed, 1ULL << 63U);
        EXPECT_TRUE(p.pass_seed);
    }
    EXPECT_EQ(seeds.size(), 60u);
    // Another master seed gives other seeds.
    EXPECT_NE(expand(s, 12).points[0].seed, plan.points[0].seed);
}

TEST(SweepPlan, CommonSeedsDependOnTheReplicateOnly) {
    SweepSpec s = spec_of({axis("a", 3), axis("b", 2)}, 4);
    s.seed_mode = hornet::io::SeedMode::common;
    const auto plan = expand(s, 5);
    ASSERT_EQ(plan.points.size(), 24u);
    std::set<std::uint64_t> per_replicate;
    for (const auto& p : plan.points) {
        EXPECT_EQ(p.seed, reference_seed(5, p.replicate)) << p.index;
        EXPECT_EQ(p.seed, plan.points[p.replicate].seed) << p.index;
        per_replicate.insert(p.seed);
    }
    EXPECT_EQ(per_replicate.size(), 4u); // replicates differ from each other
}

TEST(SweepPlan, AnAxisOverTheSeedSetsTheSeed) {
    SweepAxis seeds;
    seeds.key = "simulation.seed";
    seeds.name = "seed";
    seeds.unit = "1";
    for (const std::uint64_t v : {5ULL, 7ULL, 9007199254740993ULL}) {
        hornet::io::AxisValue value;
        value.number = static_cast<double>(v);
        value.override_text = std::to_string(v);
        value.label = std::to_string(v);
        seeds.values.push_back(value);
    }
    const auto plan = expand(spec_of({axis("a", 2), seeds}, 1), 3);
    ASSERT_EQ(plan.points.size(), 6u);
    const std::vector<std::uint64_t> expected = {5, 7, 9007199254740993ULL,
                                                 5, 7, 9007199254740993ULL};
    for (std::size_t i = 0; i < 6; ++i) {
        EXPECT_EQ(plan.points[i].seed, expected[i]) << i;
        EXPECT_FALSE(plan.points[i].pass_seed) << i;
        EXPECT_EQ(plan.points[i].overrides.back(),
                  "simulation.seed=" + std::to_string(expected[i]));
    }
}

// ---- Plan text and file names -------------------------------------------------------------

TEST(SweepPlan, PlanTextHasAHeaderAndOneLinePerPoint) {
    SweepSpec s = spec_of({axis("pharmacology.concentration", 2, "uM")}, 2);
    s.settings.push_back({"simulation.duration", "\"18 s\"", {3, 23}});
    const auto plan = expand(s, 9);
    const std::string text = hornet::sweep::plan_text(s, plan);
    std::istringstream in(text);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    ASSERT_EQ(lines.size(), 2u + 4u);
    EXPECT_TRUE(lines[0].starts_with("# hornet sweep plan: 4 points of "));
    EXPECT_TRUE(lines[0].find("windup.toml") != std::string::npos);
    EXPECT_TRUE(lines[0].ends_with(", master seed 9"));
    EXPECT_EQ(lines[1], "# index\treplicate\tseed\toverrides...");
    for (std::size_t i = 0; i < 4; ++i) {
        const std::string value = i < 2 ? "\"0 uM\"" : "\"1 uM\"";
        EXPECT_EQ(lines[2 + i], std::to_string(i) + "\t" + std::to_string(i % 2) + "\t" +
                                    std::to_string(reference_seed(9, i)) +
                                    "\tsimulation.duration=\"18 s\"\t"
                                    "pharmacology.concentration=" +
                                    value);
    }
}

TEST(SweepPlan, PlanTextIsIdenticalForIdenticalSpecsOnly) {
    const SweepSpec s = spec_of({axis("a", 3), axis("b", 2)}, 2);
    const std::string text = hornet::sweep::plan_text(s, expand(s, 4));
    EXPECT_EQ(hornet::sweep::plan_text(s, expand(s, 4)), text);
    EXPECT_EQ(hornet::sweep::plan_text(spec_of({axis("a", 3), axis("b", 2)}, 2),
                                       expand(spec_of({axis("a", 3), axis("b", 2)}, 2), 4)),
              text);
    EXPECT_NE(hornet::sweep::plan_text(s, expand(s, 5)), text);
    const SweepSpec other = spec_of({axis("a", 3), axis("b", 3)}, 2);
    EXPECT_NE(hornet::sweep::plan_text(other, expand(other, 4)), text);
    SweepSpec changed = s;
    changed.axes[1].values[1].override_text = "7";
    EXPECT_NE(hornet::sweep::plan_text(changed, expand(changed, 4)), text);
}

TEST(SweepPlan, PointFileNames) {
    EXPECT_EQ(hornet::sweep::point_file_name(0), "point-000000.h5");
    EXPECT_EQ(hornet::sweep::point_file_name(42), "point-000042.h5");
    EXPECT_EQ(hornet::sweep::point_file_name(1234567), "point-1234567.h5");
}

} // namespace

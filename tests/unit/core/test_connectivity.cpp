// SPDX-License-Identifier: MIT
#include "hornet/core/connectivity.hpp"
#include "hornet/core/error.hpp"
#include "hornet/core/network.hpp"
#include "models/builtin.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

using namespace hornet;

namespace {

ConnectivitySpec rule(ConnectionRule r, double p = 0.0, std::size_t degree = 0) {
    ConnectivitySpec c;
    c.rule = r;
    c.probability = p;
    c.degree = degree;
    return c;
}

std::vector<std::size_t> in_degrees(const ConnectionGenerator& g, std::size_t n_target) {
    std::vector<std::size_t> d;
    std::vector<std::uint32_t> src;
    for (std::uint32_t j = 0; j < n_target; ++j) {
        g.sources_of(j, src);
        d.push_back(src.size());
    }
    return d;
}

} // namespace

TEST(Connectivity, FixedIndegreeIsExactForEveryTarget) {
    for (const bool multapses : {true, false}) {
        auto c = rule(ConnectionRule::fixed_indegree, 0, 80);
        c.allow_multapses = multapses;
        c.allow_autapses = false;
        const ConnectionGenerator g(c, 500, 500, true, 7, 0);
        std::vector<std::uint32_t> src;
        for (std::uint32_t j = 0; j < 500; ++j) {
            g.sources_of(j, src);
            ASSERT_EQ(src.size(), 80u);
            EXPECT_TRUE(std::is_sorted(src.begin(), src.end()));
            EXPECT_EQ(std::count(src.begin(), src.end(), j), 0) << "autapse drawn";
            if (!multapses) {
                EXPECT_EQ(std::set<std::uint32_t>(src.begin(), src.end()).size(), 80u);
            }
            for (auto i : src) EXPECT_LT(i, 500u);
        }
    }
}

TEST(Connectivity, FixedIndegreeWithoutMultapsesCanTakeAlmostAll) {
    auto c = rule(ConnectionRule::fixed_indegree, 0, 99);
    c.allow_multapses = false;
    c.allow_autapses = false;
    const ConnectionGenerator g(c, 100, 100, true, 7, 0);
    std::vector<std::uint32_t> src;
    g.sources_of(42, src);
    ASSERT_EQ(src.size(), 99u);
    EXPECT_EQ(std::count(src.begin(), src.end(), 42u), 0);
}

// In-degrees under fixed_probability are Binomial(n_source, p): mean n p, variance n p (1 - p).
TEST(Connectivity, FixedProbabilityInDegreeIsBinomial) {
    const std::size_t n_src = 4000, n_tgt = 4000;
    const double p = 0.02;
    const ConnectionGenerator g(rule(ConnectionRule::fixed_probability, p), n_src, n_tgt, false, 11,
                                3);
    const auto d = in_degrees(g, n_tgt);
    double mean = 0, var = 0;
    for (auto k : d) mean += static_cast<double>(k);
    mean /= static_cast<double>(n_tgt);
    for (auto k : d) var += (static_cast<double>(k) - mean) * (static_cast<double>(k) - mean);
    var /= static_cast<double>(n_tgt - 1);
    const double m_expected = static_cast<double>(n_src) * p, v_expected = m_expected * (1 - p);
    EXPECT_NEAR(mean, m_expected, 4 * std::sqrt(v_expected / static_cast<double>(n_tgt)));
    EXPECT_NEAR(var / v_expected, 1.0, 0.1); // sd of a sample variance of 4000 ~ 2.2 %
}

TEST(Connectivity, FixedProbabilityExtremesAndAutapses) {
    auto c = rule(ConnectionRule::fixed_probability, 1.0);
    c.allow_autapses = false;
    const ConnectionGenerator all(c, 50, 50, true, 1, 0);
    std::vector<std::uint32_t> src;
    all.sources_of(10, src);
    EXPECT_EQ(src.size(), 49u);
    EXPECT_EQ(std::count(src.begin(), src.end(), 10u), 0);
    const ConnectionGenerator none(rule(ConnectionRule::fixed_probability, 0.0), 50, 50, false, 1,
                                   0);
    none.sources_of(3, src);
    EXPECT_TRUE(src.empty());
}

TEST(Connectivity, FixedOutdegreeIsExactForEverySource) {
    auto c = rule(ConnectionRule::fixed_outdegree, 0, 30);
    c.allow_multapses = false;
    const ConnectionGenerator g(c, 200, 300, false, 5, 1);
    std::vector<std::uint32_t> tgt;
    for (std::uint32_t i = 0; i < 200; ++i) {
        g.targets_of(i, tgt);
        ASSERT_EQ(tgt.size(), 30u);
        EXPECT_EQ(std::set<std::uint32_t>(tgt.begin(), tgt.end()).size(), 30u);
    }
}

TEST(Connectivity, AllToAllAndOneToOne) {
    const ConnectionGenerator a(rule(ConnectionRule::all_to_all), 7, 5, false, 1, 0);
    std::vector<std::uint32_t> src;
    a.sources_of(4, src);
    EXPECT_EQ(src, (std::vector<std::uint32_t>{0, 1, 2, 3, 4, 5, 6}));
    const ConnectionGenerator o(rule(ConnectionRule::one_to_one), 5, 5, false, 1, 0);
    o.sources_of(3, src);
    EXPECT_EQ(src, (std::vector<std::uint32_t>{3}));
}

TEST(Connectivity, DistinctDrawWithTooFewCandidatesIsAnError) {
    auto c = rule(ConnectionRule::fixed_indegree, 0, 11);
    c.allow_multapses = false;
    const ConnectionGenerator g(c, 10, 10, false, 1, 0);
    std::vector<std::uint32_t> src;
    EXPECT_THROW(g.sources_of(0, src), ConfigError);
}

namespace {

using Synapse = std::tuple<std::uint32_t, std::uint32_t, float, std::uint16_t>; // src, tgt, w, d

// Every synapse of a projection as (source, target, weight, delay), in a canonical order.
std::vector<Synapse> all_synapses(const Projection& p) {
    std::vector<Synapse> out;
    for (const auto& rows : p.owned)
        for (std::uint32_t s = 0; s + 1 < rows.row_start.size(); ++s)
            for (auto i = rows.row_start[s]; i < rows.row_start[s + 1]; ++i)
                out.emplace_back(s, rows.target[i], rows.weight.empty() ? 0.f : rows.weight[i],
                                 rows.delay_steps.empty() ? p.constant_delay : rows.delay_steps[i]);
    std::sort(out.begin(), out.end());
    return out;
}

NetworkSpec two_population_spec(ConnectionRule r) {
    NetworkSpec spec;
    spec.populations.push_back({"a", "lif_cond", 300, {}, {}});
    spec.populations.push_back({"b", "lif_cond", 257, {}, {}});
    ProjectionSpec p;
    p.name = "ab";
    p.source = "a";
    p.target = "b";
    p.receptor = "exc";
    p.connectivity = rule(r, 0.1, 20);
    p.weight = ValueDistribution::normal(1.0, 0.3);
    p.weight.min = 0.0;
    p.delay_ms = ValueDistribution::uniform(0.1, 3.0);
    spec.projections.push_back(p);
    return spec;
}

} // namespace

// The network must not depend on how many workers built it: same synapses, weights and delays.
TEST(Network, SynapsesAreIdenticalForAnyThreadCount) {
    ModelRegistry reg;
    models::register_builtin_models(reg);
    for (const auto r : {ConnectionRule::fixed_probability, ConnectionRule::fixed_indegree,
                         ConnectionRule::fixed_outdegree}) {
        const auto spec = two_population_spec(r);
        const auto reference =
            all_synapses(Network::build(spec, reg, {0.1, 99, 1}).projections()[0]);
        ASSERT_FALSE(reference.empty());
        for (const int threads : {2, 3, 4}) {
            const Network net = Network::build(spec, reg, {0.1, 99, threads});
            EXPECT_EQ(all_synapses(net.projections()[0]), reference)
                << to_string(r) << " at " << threads;
        }
    }
}

TEST(Network, DelaysAreRoundedToStepsAndBounded) {
    EXPECT_EQ(delay_to_steps(0.2, 0.1), 2);
    EXPECT_EQ(delay_to_steps(0.149, 0.1), 1);
    EXPECT_EQ(delay_to_steps(0.0, 0.1), 1);
    ModelRegistry reg;
    models::register_builtin_models(reg);
    auto spec = two_population_spec(ConnectionRule::fixed_indegree);
    const Network net = Network::build(spec, reg, {0.1, 1, 2});
    EXPECT_EQ(net.min_delay_steps(), 1);
    EXPECT_EQ(net.max_delay_steps(), 30);
    EXPECT_EQ(net.n_synapses(), 257u * 20u);
}

TEST(Network, RejectsInconsistentProjections) {
    ModelRegistry reg;
    models::register_builtin_models(reg);
    auto spec = two_population_spec(ConnectionRule::one_to_one); // sizes differ
    EXPECT_THROW(Network::build(spec, reg, {0.1, 1, 1}), ConfigError);
    spec = two_population_spec(ConnectionRule::fixed_indegree);
    spec.projections[0].receptor = "nmdaa";
    EXPECT_THROW(Network::build(spec, reg, {0.1, 1, 1}), ConfigError);
    spec = two_population_spec(ConnectionRule::fixed_indegree);
    spec.projections[0].delay_ms = ValueDistribution::constant(0.01);
    EXPECT_THROW(Network::build(spec, reg, {0.1, 1, 1}), ConfigError);
}

// SPDX-License-Identifier: MIT
#include "pharmacology_output.hpp"

#include <algorithm>
#include <cmath>

namespace hornet::cli {
namespace {

constexpr std::string_view kBlockVariable = "nmda_unblocked";

std::optional<std::size_t> state_index(const Population& pop, std::string_view name) {
    const auto vars = pop.state_variables();
    for (std::size_t i = 0; i < vars.size(); ++i)
        if (vars[i].name == name) return i;
    return std::nullopt;
}

bool nmda_in_use(const Population& pop) {
    const auto ports = pop.receptors();
    for (std::size_t r = 0; r < ports.size(); ++r)
        if (ports[r] == "nmda") return (pop.receptors_in_use() >> r) & 1u;
    return false;
}

/// Sample times: every interval from 0; with a network, the steps the simulator sampled
/// (before `duration`), otherwise up to and including `duration`.
std::vector<double> sample_times(double interval_ms, double duration_ms, bool with_network) {
    std::vector<double> times;
    const auto n = static_cast<std::int64_t>(std::floor(duration_ms / interval_ms * (1 + 1e-12)));
    for (std::int64_t k = 0; k <= n; ++k) {
        const double t = static_cast<double>(k) * interval_ms;
        if (with_network && t >= duration_ms) break;
        times.push_back(t);
    }
    return times;
}

io::SeriesTable::Series series(std::string name, std::string unit, std::string description) {
    io::SeriesTable::Series s;
    s.name = std::move(name);
    s.unit = std::move(unit);
    s.description = std::move(description);
    return s;
}

} // namespace

BlockReports nmda_block_reports(const Network& network, const PharmacologySpec& spec) {
    BlockReports out;
    if (!spec.enabled) return out;
    const auto interval =
        std::max<std::int64_t>(1, std::llround(spec.sample_interval_ms / network.dt_ms()));
    for (std::size_t p = 0; p < network.n_populations(); ++p) {
        const Population& pop = network.population(p);
        const auto variable = state_index(pop, kBlockVariable);
        if (!variable || !nmda_in_use(pop)) continue;
        ReportLayout layout;
        layout.population = p;
        layout.variables = {*variable};
        layout.node_ids.resize(pop.size());
        for (std::size_t i = 0; i < pop.size(); ++i) layout.node_ids[i] = i;
        layout.interval_steps = interval;
        out.populations.push_back(p);
        out.layouts.push_back(std::move(layout));
    }
    return out;
}

io::SeriesTable pharmacology_table(const models::DrugExposure& exposure, double duration_ms,
                                   const Network* network, const BlockReports& block,
                                   const MeanReportTap* tap, double dt_ms) {
    io::SeriesTable table;
    table.group = "pharmacology";
    double interval_ms = exposure.spec().sample_interval_ms;
    if (network) // the simulator samples whole steps
        interval_ms =
            static_cast<double>(std::max<std::int64_t>(1, std::llround(interval_ms / dt_ms))) *
            dt_ms;
    table.time_ms = sample_times(interval_ms, duration_ms, network != nullptr);
    const std::size_t n = table.time_ms.size();
    const auto samples = exposure.samples(table.time_ms);

    auto receptor_k = series("receptor_ketamine", "uM", "free ketamine at the NMDA receptors");
    auto receptor_nk =
        series("receptor_norketamine", "uM", "free norketamine at the NMDA receptors");
    for (const auto& s : samples) {
        receptor_k.values.push_back(s.receptor.ketamine_uM);
        receptor_nk.values.push_back(s.receptor.norketamine_uM);
    }
    if (exposure.has_pharmacokinetics()) {
        auto plasma = series("plasma", "ng/mL", "ketamine plasma concentration (base)");
        auto effect = series("effect_site", "ng/mL", "ketamine effect-site concentration");
        auto nk = series("norketamine", "ng/mL", "norketamine plasma concentration (base)");
        auto dosed = series("dosed", "mg", "ketamine given so far");
        auto body = series("body_content", "mg", "ketamine in the body (ketamine equivalents)");
        auto gone = series("eliminated", "mg", "ketamine eliminated (ketamine equivalents)");
        for (const auto& s : samples) {
            plasma.values.push_back(s.plasma_ng_per_mL);
            effect.values.push_back(s.effect_site_ng_per_mL);
            nk.values.push_back(s.norketamine_ng_per_mL);
            dosed.values.push_back(s.dosed_mg);
            body.values.push_back(s.body_content_mg);
            gone.values.push_back(s.eliminated_mg);
        }
        for (auto* s : {&plasma, &effect, &nk, &dosed, &body, &gone})
            table.series.push_back(std::move(*s));
    }
    table.series.push_back(std::move(receptor_k));
    table.series.push_back(std::move(receptor_nk));

    if (network && tap && !block.populations.empty()) {
        auto means = series("nmda_block", "1",
                            "mean unblocked NMDA fraction (Mg2+ and ketamine) per population");
        for (const std::size_t p : block.populations)
            means.columns.push_back(network->population(p).name());
        means.values.assign(n * block.populations.size(), std::nan(""));
        for (std::size_t k = 0; k < block.populations.size(); ++k) {
            const auto& rows = tap->rows(k);
            for (std::size_t r = 0; r < rows.size() && r < n; ++r)
                means.values[r * block.populations.size() + k] = rows[r].means[0];
        }
        table.series.push_back(std::move(means));
    }
    return table;
}

} // namespace hornet::cli

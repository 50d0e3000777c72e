// SPDX-License-Identifier: MIT
#include "step_loop.hpp"

#include "hornet/core/error.hpp"

#include <algorithm>

namespace hornet::detail {

void SimulationBuffers::allocate(const Network& net, std::int64_t slice_steps) {
    const std::size_t n_pops = net.n_populations();
    n_threads = static_cast<std::size_t>(net.threads());
    slice = slice_steps;
    ring = std::max<std::int64_t>(net.max_delay_steps(), 1);
    for (std::size_t p = 0; p < n_pops; ++p) {
        const Population& pop = net.population(p);
        if (pop.receptors().size() > 8) throw InternalError("more than 8 receptor ports");
        std::array<int, 8> index;
        index.fill(-1);
        int n_used = 0;
        for (std::size_t r = 0; r < pop.receptors().size(); ++r)
            if ((pop.receptors_in_use() >> r) & 1u) index[r] = n_used++;
        port_index.push_back(index);
        input.emplace_back(
            static_cast<std::size_t>(n_used) * static_cast<std::size_t>(ring) * pop.size(), 0.0);
        zeros.resize(std::max(zeros.size(), pop.size()), 0.0);
        rngs.emplace_back(net.seed(), RngPurpose::spikes, pop.id());
    }
    spikes.resize(2 * n_threads * n_pops);
    for (int parity = 0; parity < 2; ++parity)
        for (std::size_t t = 0; t < n_threads; ++t)
            for (std::size_t p = 0; p < n_pops; ++p) {
                SliceSpikes& list = spike_list(parity, t, p, n_pops);
                list.stride = partition(net.population(p).size(), t, n_threads).size();
                list.ids.resize(list.stride * static_cast<std::size_t>(slice));
                list.counts.assign(static_cast<std::size_t>(slice), 0);
            }
    // Plasticity: gates, the owners of plastic rows, and their rings of pending pre events.
    for (std::size_t p = 0; p < n_pops; ++p) {
        const Population& pop = net.population(p);
        const double* gate = nullptr;
        const auto vars = pop.state_variables();
        for (std::size_t v = 0; v < vars.size(); ++v)
            if (vars[v].name == "nmda_drug_free") gate = pop.state_data(v);
        gates.push_back(gate);
    }
    std::int64_t calcium_delay = 0;
    for (std::size_t q = 0; q < net.projections().size(); ++q)
        if (const auto& proj = net.projections()[q]; proj.plasticity) {
            plastic.push_back(q);
            calcium_delay = std::max(calcium_delay, proj.plasticity->calcium_delay_steps());
        }
    event_ring = ring + calcium_delay + slice + 1;
    for (const std::size_t q : plastic) {
        SynapticPlasticity& rule = *net.projections()[q].plasticity;
        for (std::size_t d = 0; d < rule.n_domains(); ++d)
            rule.domain(d).events.assign(static_cast<std::size_t>(event_ring), {});
    }
    summaries.assign(2 * n_threads * plastic.size(), {});
    status.resize(2 * n_threads);
    spike_counts.resize(n_threads);
    for (auto& c : spike_counts) c.per_population.assign(n_pops + 8, 0); // padded past the line
}

void SimulationBuffers::allocate_samples(const std::vector<ReportLayout>& reports) {
    samples.assign(2 * reports.size(), {});
    for (std::size_t r = 0; r < reports.size(); ++r) {
        const ReportLayout& rep = reports[r];
        // At most ceil(slice / interval) sampling steps fall into one slice.
        const auto rows =
            static_cast<std::size_t>((slice + rep.interval_steps - 1) / rep.interval_steps);
        for (std::size_t parity = 0; parity < 2; ++parity)
            samples[parity * reports.size() + r].assign(
                rows * rep.variables.size() * rep.node_ids.size(), 0.0);
    }
}

// Adds the weights of every spike of the slice [slice_begin, slice_begin + n_steps) to the
// input rings of domain d's targets. Order per target: projection, step, source id (the
// source workers' lists are concatenated in worker order = id order), synapse index. That
// order does not depend on the number of workers, so neither do the floating-point sums.
// Projections that share rows (AMPA and NMDA of one connection) are delivered with their owner,
// one ring after the other for each spike, so each ring still sees that order.
void StepLoop::deliver(std::size_t d, int parity, std::int64_t slice_begin, std::int64_t n_steps) {
    const std::size_t n_pops = net_.n_populations();
    const auto& projections = net_.projections();
    for (const Projection& proj : projections) {
        if (proj.shares_rows_of >= 0) continue; // delivered with the owner of its rows
        const SynapseRows& rows = proj.owned[d];
        const std::size_t n_tgt = net_.population(proj.target).size();
        const auto ring_of = [&](const Projection& p) {
            const auto port = static_cast<std::size_t>(b_.port_index[p.target][p.receptor]);
            return b_.input[p.target].data() + port * static_cast<std::size_t>(b_.ring) * n_tgt;
        };
        // The owner's ring and weight first, then those of the projections sharing its rows.
        std::array<double*, 8> rings{};
        std::array<double, 8> weights{};
        std::size_t n_rings = 0;
        rings[n_rings] = ring_of(proj);
        weights[n_rings++] = proj.constant_weight;
        for (const std::size_t c : proj.co_projections) {
            rings[n_rings] = ring_of(projections[c]);
            weights[n_rings++] = projections[c].constant_weight;
        }
        // Plastic synapses: every weight times the synapse's efficacy, and each spike schedules
        // a pre event at arrival + the rule's calcium delay.
        PlasticDomain* plastic = proj.plasticity ? &proj.plasticity->domain(d) : nullptr;
        const float* efficacy = plastic ? plastic->efficacy.data() : nullptr;
        const std::int64_t calcium_delay =
            plastic ? proj.plasticity->calcium_delay_steps() : std::int64_t{0};
        for (std::int64_t s = 0; s < n_steps; ++s) {
            const std::int64_t step = slice_begin + s;
            for (std::size_t u = 0; u < b_.n_threads; ++u) {
                for (const std::uint32_t src :
                     b_.spike_list(parity, u, proj.source, n_pops).step(s)) {
                    const std::uint64_t first = rows.row_start[src], end = rows.row_start[src + 1];
                    if (proj.has_constant_delay && proj.has_constant_weight && !plastic) {
                        const auto offset =
                            static_cast<std::size_t>((step + proj.constant_delay) % b_.ring) *
                            n_tgt;
                        for (std::size_t r = 0; r < n_rings; ++r) {
                            double* row = rings[r] + offset;
                            const double w = weights[r];
                            for (std::uint64_t i = first; i < end; ++i) row[rows.target[i]] += w;
                        }
                        continue;
                    }
                    for (std::size_t r = 0; r < n_rings; ++r) {
                        double* const ring = rings[r];
                        const bool own = r == 0;
                        for (std::uint64_t i = first; i < end; ++i) {
                            const std::int64_t delay =
                                proj.has_constant_delay ? proj.constant_delay : rows.delay_steps[i];
                            double w = own && !proj.has_constant_weight ? double{rows.weight[i]}
                                                                        : weights[r];
                            if (efficacy) w *= double{efficacy[i]};
                            ring[static_cast<std::size_t>((step + delay) % b_.ring) * n_tgt +
                                 rows.target[i]] += w;
                        }
                    }
                    if (!plastic) continue;
                    for (std::uint64_t i = first; i < end; ++i) {
                        const std::int64_t delay =
                            proj.has_constant_delay ? proj.constant_delay : rows.delay_steps[i];
                        plastic
                            ->events[static_cast<std::size_t>((step + delay + calcium_delay) %
                                                              b_.event_ring)]
                            .push_back(i);
                    }
                }
            }
        }
    }
}

void StepLoop::plasticity(std::size_t d, int parity, std::int64_t slice_begin,
                          std::int64_t n_steps) {
    if (b_.plastic.empty()) return;
    const std::size_t n_pops = net_.n_populations();
    const auto& projections = net_.projections();
    for (std::int64_t s = 0; s < n_steps; ++s) {
        const std::int64_t step = slice_begin + s;
        for (const std::size_t q : b_.plastic) {
            const Projection& proj = projections[q];
            SynapticPlasticity& rule = *proj.plasticity;
            auto& pending = rule.domain(d).events[static_cast<std::size_t>(step % b_.event_ring)];
            if (!pending.empty()) {
                rule.pre_events(d, pending, step, proj.owned[d].target.data(),
                                b_.gates[proj.target]);
                pending.clear();
            }
            for (const std::uint32_t j : b_.spike_list(parity, d, proj.target, n_pops).step(s))
                rule.post_event(d, j, step);
        }
    }
    // A summary is due when a multiple of the interval falls into (slice_begin, slice end].
    const std::int64_t end = slice_begin + n_steps;
    if (b_.summary_interval > 0 && end / b_.summary_interval > slice_begin / b_.summary_interval) {
        for (std::size_t q = 0; q < b_.plastic.size(); ++q) {
            PlasticSummary& out = summary(parity, d, q);
            out = {};
            const SynapticPlasticity& rule = *projections[b_.plastic[q]].plasticity;
            rule.summarize(d, end, out);
            auto& full = b_.full_rows[static_cast<std::size_t>(parity) * b_.plastic.size() + q];
            if (!full.empty()) rule.values(d, end, full.data() + b_.full_offset[q][d]);
        }
        if (d == 0) b_.summary_step[static_cast<std::size_t>(parity)] = end;
    }
}

void StepLoop::summarize_all(std::int64_t step) {
    if (!b_.series) return;
    for (std::size_t q = 0; q < b_.plastic.size(); ++q) {
        PlasticSummary total;
        const SynapticPlasticity& rule = *net_.projections()[b_.plastic[q]].plasticity;
        for (std::size_t d = 0; d < b_.n_threads; ++d) rule.summarize(d, step, total);
        PlasticitySeries& series = (*b_.series)[q];
        series.steps.push_back(step);
        series.mean.push_back(total.mean());
        series.potentiated.push_back(total.fraction_potentiated());
        if (!series.full) continue;
        const std::size_t first = series.values.size();
        series.values.resize(first + series.source.size());
        for (std::size_t d = 0; d < b_.n_threads; ++d)
            rule.values(d, step, series.values.data() + first + b_.full_offset[q][d]);
    }
}

// Advances domain d's neurons of every population through the slice's steps, block by block:
// each block goes through all steps while it is in cache (populations and blocks do not
// interact within a slice, since every delay is at least a slice long).
void StepLoop::advance(std::size_t d, int parity, std::int64_t slice_begin, std::int64_t n_steps) {
    const std::size_t n_pops = net_.n_populations();
    for (std::size_t p = 0; p < n_pops; ++p) {
        SliceSpikes& list = b_.spike_list(parity, d, p, n_pops);
        std::fill(list.counts.begin(), list.counts.end(), 0u);
        const IndexRange range = partition(net_.population(p).size(), d, b_.n_threads);
        for (std::size_t begin = range.begin; begin < range.end; begin += kBlockNeurons)
            advance_block(p, {begin, std::min(begin + kBlockNeurons, range.end)}, parity, list,
                          slice_begin, n_steps);
        for (const auto c : list.counts) b_.spike_counts[d].per_population[p] += c;
    }
}

void StepLoop::advance_block(std::size_t p, IndexRange block, int parity, SliceSpikes& list,
                             std::int64_t slice_begin, std::int64_t n_steps) {
    Population& pop = net_.population(p);
    const std::size_t n_rec = pop.receptors().size();
    double* const base = b_.input[p].data();
    const std::array<int, 8>& port_index = b_.port_index[p];
    const double* rows[8];
    double* used_rows[8];
    const std::uint32_t in_use = pop.receptors_in_use();
    for (std::int64_t s = 0; s < n_steps; ++s) {
        const std::int64_t step = slice_begin + s;
        if (!reports_.empty()) sample(p, block, parity, step, slice_begin);
        const auto slot = static_cast<std::size_t>(step % b_.ring);
        std::size_t n_used = 0;
        for (std::size_t r = 0; r < n_rec; ++r) {
            if (port_index[r] < 0) { // nothing is ever delivered there
                rows[r] = b_.zeros.data();
                continue;
            }
            const auto i = static_cast<std::size_t>(port_index[r]);
            used_rows[n_used++] =
                base + (i * static_cast<std::size_t>(b_.ring) + slot) * pop.size();
            rows[r] = used_rows[n_used - 1];
        }
        const auto row = static_cast<std::size_t>(s);
        SpikeWriter writer(list.ids.data() + row * list.stride + list.counts[row]);
        pop.advance(StepInput{{rows, n_rec}, step, &b_.rngs[p], in_use, b_.drug, b_.drives[p]},
                    block, writer);
        list.counts[row] += static_cast<std::uint32_t>(writer.size());
        for (std::size_t u = 0; u < n_used; ++u)
            std::fill(used_rows[u] + block.begin, used_rows[u] + block.end, 0.0);
    }
}

// Copies the report values of population p's neurons in `block` if `step` is a sampling step.
void StepLoop::sample(std::size_t p, IndexRange block, int parity, std::int64_t step,
                      std::int64_t slice_begin) {
    for (std::size_t r = 0; r < reports_.size(); ++r) {
        const ReportLayout& rep = reports_[r];
        if (rep.population != p || step % rep.interval_steps != 0) continue;
        const auto first = std::lower_bound(rep.node_ids.begin(), rep.node_ids.end(), block.begin);
        const auto last = std::lower_bound(first, rep.node_ids.end(), block.end);
        if (first == last) continue;
        const auto row =
            static_cast<std::size_t>((step - first_sample(slice_begin, rep)) / rep.interval_steps);
        const std::size_t n_nodes = rep.node_ids.size();
        double* out = b_.samples[static_cast<std::size_t>(parity) * reports_.size() + r].data() +
                      row * rep.variables.size() * n_nodes;
        const Population& pop = net_.population(p);
        for (std::size_t v = 0; v < rep.variables.size(); ++v)
            for (auto c = first; c != last; ++c)
                out[v * n_nodes + static_cast<std::size_t>(c - rep.node_ids.begin())] =
                    pop.state_value(rep.variables[v], *c);
    }
}

void StepLoop::check(std::size_t d, int parity) {
    WorkerStatus& st = b_.status[static_cast<std::size_t>(parity) * b_.n_threads + d];
    st.invalid = false;
    for (std::size_t p = 0; p < net_.n_populations() && !st.invalid; ++p) {
        const Population& pop = net_.population(p);
        if (pop.find_invalid(partition(pop.size(), d, b_.n_threads), st.neuron, st.value)) {
            st.invalid = true;
            st.population = p;
        }
    }
}

// Gives the recorder the spikes and samples of a finished slice. Runs as one task per slice,
// so calls never overlap and come in step order.
void StepLoop::hand_off(int parity, std::int64_t slice_begin, std::int64_t n_steps) {
    auto& summary_step = b_.summary_step[static_cast<std::size_t>(parity)];
    if (summary_step >= 0 && b_.series) {
        for (std::size_t q = 0; q < b_.plastic.size(); ++q) {
            PlasticSummary total; // domain order; the fixed-point sum is exact anyway
            for (std::size_t d = 0; d < b_.n_threads; ++d) total.add(summary(parity, d, q));
            PlasticitySeries& series = (*b_.series)[q];
            series.steps.push_back(summary_step);
            series.mean.push_back(total.mean());
            series.potentiated.push_back(total.fraction_potentiated());
            const auto& full =
                b_.full_rows[static_cast<std::size_t>(parity) * b_.plastic.size() + q];
            series.values.insert(series.values.end(), full.begin(), full.end());
        }
    }
    summary_step = -1;
    if (!recorder_) return;
    const std::size_t n_pops = net_.n_populations();
    for (std::int64_t s = 0; s < n_steps; ++s)
        for (std::size_t p = 0; p < n_pops; ++p) {
            if (!recorder_->wants_spikes(p)) continue;
            for (std::size_t u = 0; u < b_.n_threads; ++u) {
                const auto ids = b_.spike_list(parity, u, p, n_pops).step(s);
                if (!ids.empty()) recorder_->spikes(p, slice_begin + s, ids);
            }
        }
    for (std::size_t r = 0; r < reports_.size(); ++r) {
        const ReportLayout& rep = reports_[r];
        const std::size_t n_cols = rep.variables.size() * rep.node_ids.size();
        const double* data =
            b_.samples[static_cast<std::size_t>(parity) * reports_.size() + r].data();
        std::size_t row = 0;
        for (std::int64_t step = first_sample(slice_begin, rep); step < slice_begin + n_steps;
             step += rep.interval_steps, ++row)
            recorder_->sample(r, step, {data + row * n_cols, n_cols});
    }
}

} // namespace hornet::detail

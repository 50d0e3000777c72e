// SPDX-License-Identifier: MIT
#include "models/plasticity/graupner_brunel.hpp"

#include <algorithm>
#include <cmath>

namespace hornet::models {

static_assert(hornet::AveragedPlasticityRule<GraupnerBrunel>);

namespace {

/// (1 - exp(-x)) / x for x >= 0, without cancellation near 0.
double phi1(double x) noexcept { return x > 1e-8 ? -std::expm1(-x) / x : 1.0 - 0.5 * x; }

/// Exact Ornstein-Uhlenbeck step of tau drho/dt = a - g rho + sigma sqrt(tau) sqrt(n) xi over
/// u = t / tau: mean rho e^{-g u} + a u phi1(g u), variance n sigma^2 u phi1(2 g u).
double ou_step(double rho, double a, double g, double n, double u, double sigma,
               double z) noexcept {
    const double x = g * u;
    const double mean = rho * std::exp(-x) + a * u * phi1(x);
    if (sigma == 0.0 || z == 0.0) return mean;
    return mean + sigma * std::sqrt(n * u * phi1(2.0 * x)) * z;
}

/// Advances `s` from s.last_step to `step`. noise == nullptr: deterministic (mean drift).
void advance(GraupnerBrunel::Synapse& s, const GraupnerBrunel::Propagators& k, std::int64_t step,
             const SynapseNoise* noise) noexcept {
    const auto& p = k.p;
    const double T = static_cast<double>(step - s.last_step) * k.dt_ms; // [ms]
    if (!(T > 0.0)) return;
    const double c0 = s.c;
    // NOTE: time above each threshold, c0 exp(-t/tau_ca) > theta  <=>  t < tau_ca ln(c0/theta)
    const double t_p = c0 > p.theta_p ? std::min(T, p.tau_ca * std::log(c0 / p.theta_p)) : 0.0;
    const double t_d = c0 > p.theta_d ? std::min(T, p.tau_ca * std::log(c0 / p.theta_d)) : 0.0;
    const double t_both = std::min(t_p, t_d);
    const double t_one = std::max(t_p, t_d) - t_both;
    double rho = s.rho;
    if (t_both > 0.0 || t_one > 0.0) {
        std::array<double, 2> z{0.0, 0.0};
        if (noise != nullptr && p.sigma > 0.0) z = noise->normals();
        // Both thresholds: drift gamma_p (1 - rho) - gamma_d rho, noise variance 2 sigma^2.
        if (t_both > 0.0)
            rho =
                ou_step(rho, p.gamma_p, p.gamma_p + p.gamma_d, 2.0, t_both / p.tau, p.sigma, z[0]);
        if (t_one > 0.0) {
            const bool p_only = t_p > t_d; // theta_p < theta_d: potentiation alone
            rho = p_only ? ou_step(rho, p.gamma_p, p.gamma_p, 1.0, t_one / p.tau, p.sigma, z[1])
                         : ou_step(rho, 0.0, p.gamma_d, 1.0, t_one / p.tau, p.sigma, z[1]);
        }
        rho = std::clamp(rho, 0.0, 1.0);
    }
    // NOTE: Lie splitting: the cubic flow over the whole interval, supra-threshold part included.
    s.rho = std::clamp(GraupnerBrunel::cubic_flow(rho, T, p.tau), 0.0, 1.0);
    s.c = c0 * std::exp(-T / p.tau_ca);
    s.last_step = step;
    s.above_p_ms += t_p;
    s.above_d_ms += t_d;
}

} // namespace

void GraupnerBrunel::validate(const Params&, std::string_view) {}

GraupnerBrunel::Propagators GraupnerBrunel::prepare(const Params& p, double dt_ms) {
    Propagators k;
    k.p = p;
    k.dt_ms = dt_ms;
    k.delay_steps = std::llround(p.D / dt_ms);
    return k;
}

GraupnerBrunel::Synapse GraupnerBrunel::initial(const Propagators& k, double uniform) noexcept {
    return Synapse{uniform < k.p.beta ? 1.0 : k.p.rho_initial, 0.0, 0};
}

void GraupnerBrunel::on_pre(Synapse& s, const Propagators& k, std::int64_t step, double gate,
                            const SynapseNoise& noise) noexcept {
    advance(s, k, step, &noise);
    s.c += gate * k.p.C_pre;
}

void GraupnerBrunel::on_post(Synapse& s, const Propagators& k, std::int64_t step,
                             const SynapseNoise& noise) noexcept {
    advance(s, k, step, &noise);
    s.c += k.p.C_post;
}

double GraupnerBrunel::value_at(const Synapse& s, const Propagators& k,
                                std::int64_t step) noexcept {
    Synapse copy = s;
    advance(copy, k, step, nullptr);
    return copy.rho;
}

void GraupnerBrunel::advance_averaged(Synapse& s, const Propagators& k, std::int64_t step,
                                      std::span<const double> pooled, double window_ms,
                                      double span_ms, double up_per_ms, double down_per_ms,
                                      bool simulated) noexcept {
    // NOTE: over simulated time without drives there is nothing to apply. Advancing to `step`
    // would consume the pending interval without its noise (drawn at the event that ends it),
    // so every chunk boundary of a full phase would remove noise from the rule.
    if (simulated && up_per_ms == 0.0 && down_per_ms == 0.0) return;
    advance(s, k, step, nullptr);
    if (!(span_ms > 0.0)) return;
    const auto& p = k.p;
    const double up = p.tau * up_per_ms, down = p.tau * down_per_ms; // [1], as Gamma
    if (simulated) {
        const double g = up + down;
        if (g > 0.0) {
            const double rho_bar = up / g;
            s.rho =
                std::clamp(rho_bar + (s.rho - rho_bar) * std::exp(-g * span_ms / p.tau), 0.0, 1.0);
        }
        return;
    }
    s.c = 0.0;
    const double alpha_p = window_ms > 0.0 ? pooled[0] / window_ms : 0.0;
    const double alpha_d = window_ms > 0.0 ? pooled[1] / window_ms : 0.0;
    const double a = p.gamma_p * alpha_p + up;       // Gamma_p
    const double g = a + p.gamma_d * alpha_d + down; // Gamma_p + Gamma_d
    double rho = s.rho;
    if (!(g > 0.0)) {
        s.rho = cubic_flow(rho, span_ms, p.tau); // exact over any span
        return;
    }
    // Strang splitting: half a linear step, the cubic flow, half a linear step.
    // NOTE: sub-steps also resolve the linear relaxation time tau/Gamma: with longer ones the
    // linear half-steps reach rho_bar before the cubic acts, and the split map's fixed point
    // misses the cubic's shift of the fixed point (about 0.048/Gamma).
    const double h_max = 0.25 * p.tau / std::max(1.0, g);
    const auto n = static_cast<std::int64_t>(std::ceil(span_ms / h_max));
    const double h = span_ms / static_cast<double>(n);
    const double rho_bar = a / g;
    const double decay_half = std::exp(-0.5 * g * h / p.tau);
    for (std::int64_t i = 0; i < n; ++i) {
        const double before = rho;
        rho = rho_bar + (rho - rho_bar) * decay_half;
        rho = cubic_flow(rho, h, p.tau);
        rho = std::clamp(rho_bar + (rho - rho_bar) * decay_half, 0.0, 1.0);
        if (std::abs(rho - before) < 1e-12) break; // at the fixed point of the averaged flow
    }
    s.rho = rho;
}

void GraupnerBrunel::set_value(Synapse& s, const Propagators& k, std::int64_t step,
                               double rho) noexcept {
    advance(s, k, step, nullptr);
    s.rho = std::clamp(rho, 0.0, 1.0);
}

double GraupnerBrunel::cubic_flow(double rho, double t_ms, double tau_ms) noexcept {
    // x = rho - 1/2, y = 1/x^2: dy/dt = -(y - 4)/(2 tau), y = 4 + (y0 - 4) E, written in x0 so
    // that x0 = 0 (y0 infinite) needs no special case.
    const double x0 = rho - rho_star;
    if (!(std::abs(x0) < 0.5)) return rho; // the stable fixed points 0 and 1 stay exact
    const double E = std::exp(-t_ms / (2.0 * tau_ms));
    const double one_minus_E = -std::expm1(-t_ms / (2.0 * tau_ms));
    const double d = E + 4.0 * x0 * x0 * one_minus_E;
    // NOTE: d is 0 only when x0 = 0 (or x0^2 underflows) and E underflows (t > 1490 tau):
    // rho* is a fixed point, not 0/0.
    return d > 0.0 ? rho_star + x0 / std::sqrt(d) : rho;
}

void register_graupner_brunel(ModelRegistry& registry) {
    registry.add_plasticity(plasticity_entry<GraupnerBrunel>());
}

} // namespace hornet::models

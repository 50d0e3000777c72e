// SPDX-License-Identifier: MIT
#include "models/plasticity/shouval.hpp"

#include "hornet/core/error.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace hornet::models {

static_assert(hornet::PlasticityRule<Shouval>);

namespace {

/// Largest relative calcium change per sub-step; with the absolute limit 1.6/k this keeps the
/// Gauss-Legendre error near 1e-7 in W per event (see the header).
constexpr double max_relative_ca_change = 0.3;

/// (1 - exp(-x)) / x for x >= 0, without cancellation near 0.
double phi1(double x) noexcept { return x > 1e-8 ? -std::expm1(-x) / x : 1.0 - 0.5 * x; }

double sigmoid(double x) noexcept { return 1.0 / (1.0 + std::exp(-x)); }

/// Calcium components decayed by s_ms.
struct Calcium {
    double fast, slow, post; // [uM]

    Calcium after(double s_ms, const ShouvalParams& p) const noexcept {
        return {fast * std::exp(-s_ms / p.tau_nmda_fast), slow * std::exp(-s_ms / p.tau_nmda_slow),
                post * std::exp(-s_ms / p.tau_post)};
    }
    double total() const noexcept { return fast + slow + post; }
    /// [uM/ms] |dCa/dt|
    double rate(const ShouvalParams& p) const noexcept {
        return fast / p.tau_nmda_fast + slow / p.tau_nmda_slow + post / p.tau_post;
    }
};

/// W <- W e^{-lambda I} + J phi1(lambda I): exact for dW/dt = eta (Omega - lambda W) when
/// I = int eta and J = int eta Omega and Omega is constant; the quadrature supplies I and J.
double w_step(double W, double I, double J, double lambda) noexcept {
    const double x = lambda * I;
    return W * std::exp(-x) + J * phi1(x);
}

/// Advances `s` from s.last_step to `step` (see the header for the scheme).
void advance(Shouval::Synapse& s, const Shouval::Propagators& k, std::int64_t step) noexcept {
    const ShouvalParams& p = k.p;
    const double T = static_cast<double>(step - s.last_step) * k.dt_ms; // [ms]
    if (!(T > 0.0)) return;
    // NOTE: Gauss-Legendre nodes of [0, 1]: 1/2 -+ 1/(2 sqrt 3).
    constexpr double g1 = 0.21132486540518711775, g2 = 0.78867513459481288225;
    Calcium ca{s.ca_fast, s.ca_slow, s.ca_post};
    double W = s.W, t = 0.0;
    while (t < T && ca.total() > k.ca_quiet) {
        const double rate = ca.rate(p);
        const double h =
            std::min({T - t, max_relative_ca_change * ca.total() / rate, k.dca_max / rate});
        double I = 0.0, J = 0.0;
        for (const double g : {g1, g2}) {
            const double c = ca.after(g * h, p).total();
            const double e = Shouval::eta(c, p);
            I += 0.5 * h * e;
            J += 0.5 * h * e * Shouval::omega(c, p);
        }
        W = w_step(W, I, J, p.lambda);
        ca = ca.after(h, p);
        t += h;
    }
    if (t < T) { // quiet: one closed-form step at resting calcium
        const double e = Shouval::eta(0.0, p), r = T - t;
        W = w_step(W, e * r, e * r * Shouval::omega(0.0, p), p.lambda);
        ca = ca.after(r, p);
    }
    s.W = W;
    s.ca_fast = ca.fast;
    s.ca_slow = ca.slow;
    s.ca_post = ca.post;
    s.last_step = step;
}

} // namespace

double Shouval::omega(double ca_uM, const Params& p) noexcept {
    // Shouval, Bear & Cooper 2002 [S54]: 0.25 + sig(Ca - alpha2) - 0.25 sig(Ca - alpha1)
    return 0.25 + sigmoid(p.omega_slope * (ca_uM - p.theta_p)) -
           0.25 * sigmoid(p.omega_slope * (ca_uM - p.theta_d));
}

double Shouval::eta(double ca_uM, const Params& p) noexcept {
    return 1.0 / (p.P1 / (p.P2 + ca_uM * ca_uM * ca_uM) + p.P4); // [S54], P3 = 3
}

void Shouval::validate(const Params& p, std::string_view where) {
    std::ostringstream msg;
    const double ca_quiet = std::cbrt(0.1 * p.P2);
    if (!(p.theta_d < p.theta_p)) {
        msg << where << ": theta_d = " << p.theta_d << " uM must be below theta_p = " << p.theta_p
            << " uM";
        throw ParamError(msg.str());
    }
    if (!(p.theta_d - 10.0 / p.omega_slope >= ca_quiet)) {
        msg << where << ": theta_d = " << p.theta_d << " uM must be >= " << ca_quiet
            << " uM + 10/omega_slope = " << ca_quiet + 10.0 / p.omega_slope
            << " uM, so that Omega is at rest below (P2/10)^(1/3)";
        throw ParamError(msg.str());
    }
}

Shouval::Propagators Shouval::prepare(const Params& p, double dt_ms) {
    Propagators k;
    k.p = p;
    k.dt_ms = dt_ms;
    k.ca_quiet = std::cbrt(0.1 * p.P2);
    k.dca_max = 1.6 / p.omega_slope;
    k.inv_W_initial = 1.0 / p.W_initial;
    return k;
}

Shouval::Synapse Shouval::initial(const Propagators& k, double) noexcept {
    return Synapse{k.p.W_initial, 0.0, 0.0, 0.0, 0};
}

void Shouval::on_pre(Synapse& s, const Propagators& k, std::int64_t step, double gate,
                     const SynapseNoise&) noexcept {
    advance(s, k, step);
    const double a = gate * k.p.A_pre;
    s.ca_fast += a * k.p.nmda_fast_fraction;
    s.ca_slow += a * (1.0 - k.p.nmda_fast_fraction);
}

void Shouval::on_post(Synapse& s, const Propagators& k, std::int64_t step,
                      const SynapseNoise&) noexcept {
    advance(s, k, step);
    s.ca_post += k.p.A_post;
}

double Shouval::value_at(const Synapse& s, const Propagators& k, std::int64_t step) noexcept {
    Synapse copy = s;
    advance(copy, k, step);
    return copy.W;
}

void register_shouval(ModelRegistry& registry) {
    registry.add_plasticity(plasticity_entry<Shouval>());
}

} // namespace hornet::models

// SPDX-License-Identifier: MIT
#include "models/synapses/dual_exponential.hpp"

#include "hornet/core/error.hpp"

#include <cmath>
#include <sstream>

namespace hornet::models {

double DualExpPropagator::peak_time(double tau_rise_ms, double tau_decay_ms) {
    // NOTE: tau_r ln(tau_d / tau_r) -> 0 as tau_r -> 0; written out so that 0 * inf never occurs.
    if (tau_rise_ms == 0.0) return 0.0;
    return tau_rise_ms * tau_decay_ms / (tau_decay_ms - tau_rise_ms) *
           std::log(tau_decay_ms / tau_rise_ms);
}

double DualExpPropagator::peak_normalisation(double tau_rise_ms, double tau_decay_ms) {
    if (tau_rise_ms == 0.0) return 1.0;
    const double t_pk = peak_time(tau_rise_ms, tau_decay_ms);
    return 1.0 / (std::exp(-t_pk / tau_decay_ms) - std::exp(-t_pk / tau_rise_ms));
}

DualExpPropagator DualExpPropagator::make(double tau_rise_ms, double tau_decay_ms, double dt_ms) {
    HORNET_ASSERT(tau_rise_ms >= 0.0 && tau_rise_ms < tau_decay_ms,
                  "dual exponential needs 0 <= tau_rise < tau_decay");
    HORNET_ASSERT(dt_ms > 0.0, "step size must be positive");
    DualExpPropagator k;
    // NOTE: exp(-h/0) would be exp(-inf) = 0 anyway, but h/0 is a division by zero that a
    // trapping build (or UBSan's float-divide-by-zero) would report.
    const bool instant_rise = tau_rise_ms == 0.0;
    k.decay_rise = instant_rise ? 0.0 : std::exp(-dt_ms / tau_rise_ms);
    k.half_decay_rise = instant_rise ? 0.0 : std::exp(-0.5 * dt_ms / tau_rise_ms);
    k.decay_decay = std::exp(-dt_ms / tau_decay_ms);
    k.half_decay_decay = std::exp(-0.5 * dt_ms / tau_decay_ms);
    k.f_norm = peak_normalisation(tau_rise_ms, tau_decay_ms);
    return k;
}

void validate_dual_exp(double tau_rise_ms, double tau_decay_ms, std::string_view where) {
    std::ostringstream msg;
    msg << where << ": ";
    if (!std::isfinite(tau_decay_ms) || !(tau_decay_ms > 0.0)) {
        msg << "tau_decay = " << tau_decay_ms << " ms must be > 0 ms";
    } else if (!std::isfinite(tau_rise_ms) || !(tau_rise_ms >= 0.0)) {
        msg << "tau_rise = " << tau_rise_ms << " ms must be >= 0 ms (0: single exponential)";
    } else if (!(tau_rise_ms < tau_decay_ms)) {
        msg << "tau_rise = " << tau_rise_ms << " ms must be < tau_decay = " << tau_decay_ms
            << " ms";
    } else {
        return;
    }
    throw ParamError(msg.str());
}

} // namespace hornet::models

// SPDX-License-Identifier: MIT
#include "models/synapses/ketamine_block.hpp"

namespace hornet::models {

std::optional<KetamineBlockModel> parse_ketamine_block_model(std::string_view text) noexcept {
    for (std::size_t i = 0; i < ketamine_block_model_name_table.size(); ++i)
        if (ketamine_block_model_name_table[i] == text) return static_cast<KetamineBlockModel>(i);
    return std::nullopt;
}

double trapping_rate(double Po, double K_uM, double V_mV, const TrappingParams& t,
                     const PoreSiteParams& p) noexcept {
    Po = std::clamp(Po, 0.0, 1.0);
    const double koff = t.kon_ket * pore_Kd(V_mV, p);
    return Po * (t.kon_ket * K_uM + koff) + (1.0 - Po) * t.k_esc_ket;
}

double trapping_equilibrium(double Po, double K_uM, double V_mV, const TrappingParams& t,
                            const PoreSiteParams& p) noexcept {
    const double rate = trapping_rate(Po, K_uM, V_mV, t, p);
    // NOTE: rate 0 means Po = 0 and k_esc = 0: every Bt is stationary. Return the Po -> 0
    // limit, which for k_esc = 0 is the Po-independent K / (K + Kd).
    if (rate == 0.0) return K_uM / (K_uM + pore_Kd(V_mV, p));
    return std::clamp(Po, 0.0, 1.0) * t.kon_ket * K_uM / rate;
}

} // namespace hornet::models

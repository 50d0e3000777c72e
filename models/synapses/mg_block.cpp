// SPDX-License-Identifier: MIT
#include "models/synapses/mg_block.hpp"

#include "hornet/core/error.hpp"

#include <cmath>
#include <limits>

namespace hornet::models {

std::optional<MgBlockForm> parse_mg_block_form(std::string_view text) noexcept {
    for (std::size_t i = 0; i < mg_block_form_name_table.size(); ++i)
        if (mg_block_form_name_table[i] == text) return static_cast<MgBlockForm>(i);
    return std::nullopt;
}

bool mg_block_uses_mg(MgBlockForm form) noexcept {
    return form == MgBlockForm::jahr_stevens || form == MgBlockForm::major_tank ||
           form == MgBlockForm::ascher_nowak;
}

namespace {

/// 1 / (1 + exp(-(V - V_half) / slope)) written as 1 / (1 + c exp(-k V)).
MgBlock sigmoid(double V_half_mV, double slope_mV, double c_factor) {
    return {1.0, c_factor * std::exp(V_half_mV / slope_mV), 1.0 / slope_mV};
}

} // namespace

MgBlock MgBlock::make(MgBlockForm form, double mg_mM) {
    HORNET_ASSERT(mg_mM >= 0.0, "[Mg]o must be >= 0 mM");
    switch (form) {
    case MgBlockForm::jahr_stevens:
        return {1.0, mg_mM / 3.57, 0.062}; // Jahr & Stevens 1990 [S1], constants as in [S2,S3]
    case MgBlockForm::folded_033:
        return {1.0, 0.33, 0.06}; // bmtool bg2pyr.mod [S11]
    case MgBlockForm::durstewitz_gabriel:
        return {1.50265, 0.33, 0.0625}; // Durstewitz & Gabriel 2006 NMDA mod [S11]
    case MgBlockForm::major_tank:
        // Major et al. 2008 at their 1.8 mM Mg: V_half -19.9 mV, slope 12.48 mV [S10]
        return sigmoid(-19.9, 12.48, mg_mM / 1.8);
    case MgBlockForm::jadi:
        return sigmoid(-7.0, 12.5, 1.0); // Jadi et al. 2012 [S10]
    case MgBlockForm::ascher_nowak:
        // Ascher & Nowak 1988 (22 °C) [S10]: block 0.61 /ms/mM Mg e^(-V/17), unblock
        // 5.4 /ms e^(V/47); B = unblock / (unblock + block).
        return {1.0, 0.61 / 5.4 * mg_mM, 1.0 / 17.0 + 1.0 / 47.0};
    }
    throw InternalError("MgBlock::make: unknown MgBlockForm");
}

double MgBlock::v_half() const noexcept {
    return c > 0.0 ? std::log(c) / k : -std::numeric_limits<double>::infinity();
}

MgBlock make_mg_block(const MgBlockParams& p) {
    return MgBlock::make(static_cast<MgBlockForm>(static_cast<int>(p.mg_block)), p.Mg_o);
}

} // namespace hornet::models

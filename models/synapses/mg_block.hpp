// SPDX-License-Identifier: MIT
#pragma once
/// Instantaneous voltage-dependent Mg2+ block of the NMDA receptor channel (SCIENCE.md §1.2).
///
/// Every published form we use reduces to one expression, so one kernel serves them all:
///   B(V) = scale / (1 + c exp(-k V))        (V in mV; B is the unblocked fraction)
/// c exp(-k V) is the ratio of Mg-occupied to free open channels (`ratio`); the half-block
/// voltage, where B = scale / 2, is V_half = ln(c) / k.
///
///   form                 scale    c                            k [1/mV]          Mg_o
///   jahr_stevens (dflt)  1        Mg / 3.57 mM                 0.062             used  [S1,S2,S3]
///   folded_033           1        0.33                         0.06              no    [S11]
///   durstewitz_gabriel   1.50265  0.33                         0.0625            no    [S11]
///   major_tank           1        (Mg / 1.8 mM) e^(-19.9/12.48) 1/12.48           used  [S10]
///   jadi                 1        e^(-7/12.5)                  1/12.5            no    [S10]
///   ascher_nowak         1        (0.61 / 5.4 /mM) Mg          1/17 + 1/47       used  [S10]
///
/// - Sigmoids 1 / (1 + exp(-(V - V_half) / s)) are this form with c = exp(V_half / s), k = 1/s.
/// - ascher_nowak is the steady state of Mg binding with block rate 0.61 /ms/mM Mg e^(-V/17) and
///   unblock rate 5.4 /ms e^(V/47) (22 °C): B = unblock / (unblock + block). A common Q10 would
///   scale both rates and leave B unchanged, so B needs no temperature correction.
/// - major_tank: Major et al. 2008 derived their sigmoid (V_half -19.9 mV, slope 12.48 mV) from
///   the Ascher-Nowak rates at their fixed 1.8 mM Mg [S10]; c and k agree with ascher_nowak at
///   1.8 mM to 0.2 % and 0.04 %. We therefore scale c by Mg / 1.8 mM (block rate proportional
///   to [Mg]o); at Mg_o = 1.8 mM it is the published curve exactly.
/// - folded_033, durstewitz_gabriel, jadi have [Mg]o folded into c and the sources give no
///   reference concentration, so scaling c would rest on a guess: Mg_o has no effect for them
///   (mg_block_uses_mg returns false so that a config reader can reject a Mg_o it would ignore).
///   durstewitz_gabriel is coded as published, with B -> 1.50265 at depolarised V (B = 1 at
///   -6.7 mV): the factor rescales g_max.
/// Mg unblock is in reality not instantaneous (components of ~0.1, 4 and ~300 ms; Kampa et al.
/// 2004 [S1b]); all forms here ignore that.
#include "hornet/core/fast_exp.hpp"
#include "hornet/core/parameters.hpp"

#include <array>
#include <optional>
#include <span>
#include <string_view>

namespace hornet::models {

enum class MgBlockForm {
    jahr_stevens,
    folded_033,
    durstewitz_gabriel,
    major_tank,
    jadi,
    ascher_nowak
};

/// Config names, indexed by the enum value.
inline constexpr std::array<std::string_view, 6> mg_block_form_name_table{
    "jahr_stevens", "folded_033", "durstewitz_gabriel", "major_tank", "jadi", "ascher_nowak"};

constexpr std::span<const std::string_view> mg_block_form_names() noexcept {
    return mg_block_form_name_table;
}
/// The config name of `form` (not `name`: model structs have a static member of that name).
constexpr std::string_view mg_block_form_name(MgBlockForm form) noexcept {
    return mg_block_form_name_table[static_cast<std::size_t>(form)];
}
/// The form called `text` ("jahr_stevens", ...), or nullopt.
std::optional<MgBlockForm> parse_mg_block_form(std::string_view text) noexcept;
/// False for the forms with [Mg]o folded in (folded_033, durstewitz_gabriel, jadi).
bool mg_block_uses_mg(MgBlockForm form) noexcept;

/// B(V) = scale / (1 + c exp(-k V)), the unblocked fraction.
struct MgBlock {
    double scale = 1.0; ///< [1] B at strongly depolarised V
    double c = 0.0;     ///< [1] Mg-occupied / free ratio at 0 mV
    double k = 0.0;     ///< [1/mV] voltage sensitivity

    /// Requires mg_mM >= 0 (HORNET_ASSERT); ignored by forms with Mg folded in.
    static MgBlock make(MgBlockForm form, double mg_mM);

    /// [1] unblocked fraction at V_mV. Branch-free, vectorises in `#pragma omp simd` loops.
    double operator()(double V_mV) const noexcept { return scale / (1.0 + ratio(V_mV)); }
    /// [1] c exp(-k V): Mg-occupied / free, the term a competing blocker adds to (ketamine_block).
    double ratio(double V_mV) const noexcept { return c * fast_exp(-k * V_mV); }
    /// [mV] V where B = scale / 2 (-inf when c = 0, i.e. no Mg).
    double v_half() const noexcept;
};

/// Configurable Mg block: which form, and [Mg]o.
struct MgBlockParams {
    double mg_block = 0.0; // [1] index into mg_block_form_names(); 0 = jahr_stevens
    double Mg_o = 1.0;     // [mM] Aguiar 2010 [S3]
};

inline constexpr std::array<ParamField<MgBlockParams>, 2> mg_block_parameters{{
    choice_field<MgBlockParams>("mg_block", &MgBlockParams::mg_block, mg_block_form_name_table,
                                "form of the Mg2+ block B(V)"),
    {"Mg_o", &MgBlockParams::Mg_o, "mM", Bounds::non_negative(),
     "extracellular Mg2+ (no effect for folded_033, durstewitz_gabriel, jadi)"},
}};

/// The block described by `p` (after check_bounds on mg_block_parameters).
MgBlock make_mg_block(const MgBlockParams& p);

} // namespace hornet::models

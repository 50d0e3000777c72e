// SPDX-License-Identifier: MIT
#pragma once
/// The "reset" hypotheses: slow processes (hornet/core/slow_process.hpp) acting on the plastic
/// C-fibre synapses of one projection between the simulated windows of a multiscale timeline.
/// EVERY ONE IS A HYPOTHESIS. None is an established mechanism of lasting relief after
/// ketamine; SCIENCE.md §5.4 and Open questions 5-6 give the evidence, and a single
/// fibromyalgia infusion had no lasting effect (Noppers et al. 2011 [S27]).
///
///   none         pure block (SCIENCE.md §5.4 item 1). Ketamine lowers the NMDA current while
///                it is present; the bistable synapses stay where they are, so relief lasts
///                only as long as the drug. Consistent with S-ketamine not reversing established
///                spinal LTP [S49] and with Noppers 2011 [S27].
///   ltd_window   partial block moves the calcium of ongoing input into the depression window
///                (§5.4 item 2; rule of Shouval et al. 2002 [S54]). Testable in silico; no
///                direct spinal evidence was retrieved.
///   homeostatic  NMDA block engages a slow homeostatic process that scales the synapses back
///                towards their healthy total strength (§5.4 item 4):
///                synaptogenesis within ~24 h in PFC [S55], scaling over 1-2 days [S56];
///                brain, not spinal, evidence.
/// In all three, ongoing input re-potentiates depotentiated synapses over weeks (relapse,
/// §5.4 item 5), at a rate set from clinical relief of 1-12 weeks [S32,S34,S35].
///
/// Equations. Ongoing input: the presynaptic events of the projection's synapses in a window
/// give their mean rate nu, and those onto one target the mean fraction g of the target's NMDA
/// receptors free of drug at the events (pooled, not per synapse: one synapse's count in a
/// 1-s window is too small a sample to decide whether its drive crosses the rule's barrier). The
/// calcium of one ongoing event, on the calcium scale of Shouval et al. 2002 [S54], is
///   Ca = ongoing_calcium x g,   Omega(Ca) = 0.25 + sig(Ca - 0.55, 80) - 0.25 sig(Ca - 0.35, 80)
/// (Shouval::omega with the default parameters of [S54]: below 0.35 uM no change, 0.35-0.55 uM
/// depression (the LTD window), above 0.55 uM potentiation), and the drives, in [0, 1]:
///   L(Ca) = max(0, 0.25 - Omega)/0.25,   P(Ca) = max(0, Omega - 0.25)/0.75.
/// ltd_window: depression rate down = (nu / reference_rate) L(Ca) / ltd_time, integrated by
///   the Graupner-Brunel rule with its own bistable dynamics (SlowDrive), so a weak drive does
///   not switch a synapse; a drive beyond the barrier depotentiates it within tens of minutes.
/// relapse (all): a depressed synapse (rho < 1/2) that was UP before (at any window since the
///   start: a trace of the sensitization, an assumption; synapses never potentiated stay
///   healthy) switches UP (rho = 1, the UP state of the bistable rule) with probability
///   1 - exp(-lambda span) per window,
///   lambda = (nu / reference_rate) P(Ca) / relapse_time. The switch is a jump because a
///   drift this slow cannot cross the rule's barrier; it stands for rare LFS-like episodes
///   of ongoing input (C-fibre LTP at natural rates, Drdla & Sandkuhler 2008 [S50]).
///   While the drug blocks NMDA receptors, P falls and relapse pauses.
/// homeostatic: engagement A follows the NMDA block B = 1 - g (mean over the events) with
///   time constant engagement_time; the efficacy scale s of the projection's synapses follows
///   ds/dt = A (s* - s) / scaling_time + (1 - A)(1 - s) / relapse_time,
///   s* = e_healthy / e, e = the synapses' mean efficacy without the scale, e_healthy = its value
///   at the start of the run (before any injury): while engaged, scaling brings the total
///   synaptic strength back to the healthy set point (synaptic scaling normalises total
///   strength, [S56]); when the drug is gone the scale decays back at the relapse rate.
///
/// Parameters (shared by all hypotheses; every value is an assumption unless cited)
///   ongoing_calcium   1.0      uM   calcium of an ongoing event at a drug-free synapse
///   reference_rate    1        Hz   presynaptic rate at which the drives have the rates below
///   ltd_time          10 min   ms   depotentiation time at full LTD-window drive
///   relapse_time      28 days  ms   re-potentiation time at full drive (§5.4 item 5)
///   scaling_time      2 days   ms   homeostatic scaling time ([S56]: 1-2 days)
///   engagement_time   1 day    ms   persistence of the block-triggered signal ([S55]: ~24 h)
#include "hornet/core/model_registry.hpp"
#include "hornet/core/slow_process.hpp"

namespace hornet::models {

void register_reset_hypotheses(ModelRegistry& registry);

} // namespace hornet::models

// SPDX-License-Identifier: MIT
#pragma once
/// Stimulus protocols for afferent fibre populations (models/stimuli/afferent_fibres.hpp): what
/// a [[stimuli]] entry can ask for, and their compilation into an AfferentDrive per population.
///
///   protocol    what the recruited fibres do                         defaults and source
///   pulses      one spike per electrical pulse: `count` pulses at    16 pulses at 0.5 Hz: the
///               `frequency` from `start`, `trains` times every      wind-up protocol of Dickenson
///               `train_interval`                                     & Sullivan 1987 [S43]
///   hfs         the same, conditioning high-frequency stimulation    100 Hz x 1 s, 5 trains every
///                                                                    10 s (Ruscheweyh 2011 Table
///                                                                    1: 2-20 trains at 10-20 s
///                                                                    [S49]; 5 trains: Klein 2004
///                                                                    [S51])
///   lfs         the same, conditioning low-frequency stimulation     2 Hz x 120 s [S49,S50]
///   mechanical  inhomogeneous Poisson response to a force held for   Medlock et al. 2022 rates
///               `duration`: from r_0 at onset to r_5 at 5 s (below)  (below) [S6]
///   tonic       Poisson at `rate` from `start` for `duration` (0:    ongoing nociceptive drive of
///               to the end of the run)                               a chronic pain state
///
/// Mechanical rates (SCIENCE.md §4.1, from the Medlock spkt_gen.py polynomials [S6]): onset r_0
/// and rate at 5 s r_5 at 400 mN: Abeta 36 -> 8 Hz (force-independent), Adelta 27 -> 9 Hz,
/// C 32 -> 8 Hz, the Adelta and C rates scaled by force / 400 mN (0.125, 0.25, 0.5, 1 at 50,
/// 100, 200, 400 mN). The fits hold for 0-5 s and 50-400 mN only; forces above 400 mN are
/// refused. ASSUMPTION: the polynomials themselves were not retrieved, so the decay between r_0
/// and r_5 is an exponential with time constant `adaptation` (default 1 s), shifted and scaled
/// to meet r_0 at onset and r_5 at 5 s exactly:
///   r(t) = r_5 + (r_0 - r_5) (e^{-t/tau} - e^{-5 s/tau}) / (1 - e^{-5 s/tau}),  t <= 5 s;
/// beyond 5 s the rate stays at r_5 until the force is released.
#include "hornet/core/model_registry.hpp"
#include "hornet/core/stimulus.hpp"

#include <cstddef>

namespace hornet::models {

/// Poisson stimuli (mechanical, tonic) that may target one population; more is refused.
inline constexpr std::size_t kMaxPoissonStimuli = 8;

/// The protocols above with their parameter tables, and the compiler of drives.
StimulusEntry stimulus_entry();

void register_stimulus_protocols(ModelRegistry& registry);

} // namespace hornet::models

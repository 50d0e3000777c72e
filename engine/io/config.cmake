# SPDX-License-Identifier: MIT
# Scenario reading: TOML text + --set overrides -> validated hornet::Scenario, with diagnostics
# that name file, line, column and key. One concept per file; the src/*.hpp headers are private.
target_sources(hornet_io PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/src/diagnostics.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/scenario_context.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/scenario_values.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/scenario_quantity.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/scenario_distribution.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/scenario_simulation.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/scenario_populations.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/scenario_connectivity.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/scenario_projections.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/scenario_readouts.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/scenario_stimuli.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/scenario_timeline.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/scenario_pharmacology.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/scenario_recording.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/toml_overrides.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/scenario_reader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/sweep_reader.cpp
)

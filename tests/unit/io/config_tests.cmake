# SPDX-License-Identifier: MIT
# Scenario reader: valid files, every error class, --set overrides.
hornet_gtest(test_scenario_reader LABEL unit
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_scenario_reader.cpp
          ${CMAKE_CURRENT_SOURCE_DIR}/test_scenario_errors.cpp
          ${CMAKE_CURRENT_SOURCE_DIR}/test_scenario_overrides.cpp
          ${CMAKE_CURRENT_SOURCE_DIR}/test_scenario_pharmacology.cpp
          ${CMAKE_CURRENT_SOURCE_DIR}/test_scenario_stimuli.cpp
          ${CMAKE_CURRENT_SOURCE_DIR}/test_scenario_timeline.cpp
  LIBS hornet::io hornet::models)


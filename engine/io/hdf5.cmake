# SPDX-License-Identifier: MIT
# HDF5 output (Hdf5Recorder and its writer thread), file inspection (summarize_file),
# provenance, and the sweep's side (point files read by OutputReader, sweep.h5 written).
# Included by engine/io/CMakeLists.txt; HDF5 stays a PRIVATE dependency of hornet_io.
target_sources(hornet_io PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/src/hdf5_handles.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/hdf5_attributes.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/hdf5_datasets.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/hdf5_file_writer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/hdf5_writer_link.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/hdf5_recorder.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/hdf5_provenance.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/file_summary.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/hdf5_summary_format.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/output_reader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/sweep_file_writer.cpp
)

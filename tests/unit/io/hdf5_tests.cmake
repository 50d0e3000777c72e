# SPDX-License-Identifier: MIT
# HDF5 output: recorder layout and life cycle, file summary (`hornet inspect`), Python readers.
# The C++ tests read files back with the bare HDF5 C API, so they link HDF5 themselves.
set(_hdf5_test_dir ${CMAKE_CURRENT_LIST_DIR})

hornet_gtest(test_hdf5_recorder LABEL unit
  SOURCES ${_hdf5_test_dir}/test_hdf5_recorder.cpp
          ${_hdf5_test_dir}/test_hdf5_summary.cpp
          ${_hdf5_test_dir}/test_hdf5_support.cpp
  LIBS hornet::io hornet::models HDF5::HDF5)

# Five million spikes through the writer thread: seconds, not milliseconds, hence integration.
hornet_gtest(test_hdf5_large LABEL integration
  SOURCES ${_hdf5_test_dir}/test_hdf5_large.cpp
          ${_hdf5_test_dir}/test_hdf5_support.cpp
  LIBS hornet::io hornet::models HDF5::HDF5)

# gtest_discover_tests names tests only at build time, so the file the Python readers read is
# written by a plain test that CTest can name as a fixture. HORNET_TEST_DATA tells the test to
# write the shared file; its discovered twin writes to a scratch directory instead.
add_test(NAME hdf5_write_fixture
         COMMAND test_hdf5_recorder --gtest_filter=Hdf5Fixture.WritesRoundTripFile)
set_tests_properties(hdf5_write_fixture PROPERTIES
  ENVIRONMENT "HORNET_TEST_DATA=${PROJECT_BINARY_DIR}/test-data"
  FIXTURES_SETUP hdf5_roundtrip
  LABELS unit)

add_test(NAME python_readers
         COMMAND ${HORNET_PYTHON} -m unittest discover -s ${PROJECT_SOURCE_DIR}/tests/python
                 -p "test_readers*.py" -v)
set_tests_properties(python_readers PROPERTIES
  ENVIRONMENT "PYTHONPATH=${PROJECT_SOURCE_DIR}/tools/python;HORNET_TEST_DATA=${PROJECT_BINARY_DIR}/test-data;PYTHONDONTWRITEBYTECODE=1"
  LABELS unit
  FIXTURES_REQUIRED hdf5_roundtrip)

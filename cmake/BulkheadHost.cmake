# SPDX-License-Identifier: Apache-2.0
#
# The host build: the AArch64 images (an external project with the cross
# toolchain), the unit tests of kernel logic (CMocka, against arch/host),
# the generator's tests (pytest) and the boot tests (pytest driving QEMU).
# `ctest` runs all of them.

include(ExternalProject)
enable_testing()

set(BULKHEAD_TARGET_DIR ${CMAKE_BINARY_DIR}/target)
ExternalProject_Add(images
  SOURCE_DIR ${CMAKE_SOURCE_DIR}
  BINARY_DIR ${BULKHEAD_TARGET_DIR}
  CMAKE_GENERATOR ${CMAKE_GENERATOR}
  CMAKE_ARGS
    -DCMAKE_TOOLCHAIN_FILE=${CMAKE_SOURCE_DIR}/cmake/toolchain-aarch64-linux-gnu.cmake
    -DBULKHEAD_PYTHON=${BULKHEAD_PYTHON}
    -DCMAKE_BUILD_TYPE=RelWithDebInfo
  BUILD_ALWAYS ON
  INSTALL_COMMAND ""
  USES_TERMINAL_CONFIGURE ON
  USES_TERMINAL_BUILD ON)

add_subdirectory(tests)

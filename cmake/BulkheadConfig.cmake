# SPDX-License-Identifier: Apache-2.0
#
# Bulkhead as a CMake package: an integrator's own project, outside this
# repository, builds the kernel, its own payloads and its own systems
# (docs/out-of-tree.md has a worked example):
#
#   cmake_minimum_required(VERSION 3.25)
#   find_package(Bulkhead REQUIRED PATHS /path/to/bulkhead/cmake)  # before project()
#   project(my_system LANGUAGES C ASM)
#   bulkhead_add_payload(blink SOURCES blink.c)  # `payload: blink` in the YAML
#   bulkhead_system(my-system.yaml)              # build/systems/my-system/bulkhead.elf
#
# Like Zephyr's find_package(Zephyr), it comes before project(): it chooses
# the cross toolchain (cmake/toolchain-aarch64-linux-gnu.cmake) and sets up
# the kernel library and the partition runtime (cmake/BulkheadKernel.cmake).
# A partition may also name a prebuilt ELF (`format: elf`, `file:`) instead
# of a payload.
cmake_minimum_required(VERSION 3.25)
get_filename_component(BULKHEAD_ROOT "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)

if(CMAKE_C_COMPILER_LOADED AND NOT CMAKE_SYSTEM_PROCESSOR STREQUAL "aarch64")
  message(FATAL_ERROR "find_package(Bulkhead) must come before project(): it chooses "
                      "the AArch64 cross toolchain (docs/out-of-tree.md).")
endif()
if(NOT CMAKE_TOOLCHAIN_FILE)
  set(CMAKE_TOOLCHAIN_FILE ${BULKHEAD_ROOT}/cmake/toolchain-aarch64-linux-gnu.cmake)
endif()
project(bulkhead VERSION 0.1.0 LANGUAGES C ASM)

list(APPEND CMAKE_MODULE_PATH ${BULKHEAD_ROOT}/cmake)
include(BulkheadPython)
include(BulkheadKernel)
set(Bulkhead_FOUND TRUE)

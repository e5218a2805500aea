# SPDX-License-Identifier: Apache-2.0
#
# The kernel library, the partition runtime and bulkhead_system(), for
# Bulkhead's own AArch64 build (cmake/BulkheadTarget.cmake) and for an
# integrator's project using Bulkhead as a package (cmake/BulkheadConfig.cmake).
# Bulkhead's files are named from BULKHEAD_ROOT, never CMAKE_SOURCE_DIR,
# which is the integrator's project there.

set(BULKHEAD_ARCH aarch64)
# BULKHEAD_ARCH_KERNEL_FLAGS: what the architecture asks of kernel code.
include(${BULKHEAD_ROOT}/arch/${BULKHEAD_ARCH}/flags.cmake)

# Freestanding code for Debian's cross gcc: no libc, no PIE, no unwind
# tables, no outline atomics, no unaligned accesses (translation may be off).
set(BULKHEAD_TARGET_FLAGS
  -std=c11 -ffreestanding -fno-builtin -mstrict-align -mno-outline-atomics
  -fno-pie -fno-stack-protector -fno-asynchronous-unwind-tables
  -fno-unwind-tables -fno-common -fno-strict-aliasing
  # Reproducible: no path of the checkout or of the build tree in the
  # image (__FILE__, debug information), so two builds anywhere give the
  # same bytes (tests/qemu/test_reproducible.py). The last matching map
  # wins: the build tree's, even inside the checkout.
  -ffile-prefix-map=${BULKHEAD_ROOT}/= -ffile-prefix-map=${CMAKE_BINARY_DIR}=build
  -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wvla -Wundef)
# Payloads may use floating point; the kernel may not (the architecture's
# BULKHEAD_ARCH_KERNEL_FLAGS are added for kernel code only).
set(BULKHEAD_PAYLOAD_FLAGS ${BULKHEAD_TARGET_FLAGS})
set(BULKHEAD_TARGET_LINK_FLAGS
  -nostdlib -static -no-pie -Wl,--build-id=none -Wl,--no-undefined
  -Wl,-z,noexecstack -Wl,--fatal-warnings)
# The same for assembly files, whose debug information the assembler writes.
string(APPEND CMAKE_ASM_FLAGS " -Wa,--debug-prefix-map,${BULKHEAD_ROOT}/="
       " -Wa,--debug-prefix-map,${CMAKE_BINARY_DIR}=build")
if(NOT CMAKE_BUILD_TYPE)
  set(CMAKE_BUILD_TYPE RelWithDebInfo)
endif()
set(CMAKE_C_FLAGS_RELWITHDEBINFO "-O2 -g")
set(CMAKE_ASM_FLAGS_RELWITHDEBINFO "-g")

add_subdirectory(${BULKHEAD_ROOT}/sk ${CMAKE_BINARY_DIR}/sk)
add_subdirectory(${BULKHEAD_ROOT}/arch/${BULKHEAD_ARCH} ${CMAKE_BINARY_DIR}/arch/${BULKHEAD_ARCH})
add_subdirectory(${BULKHEAD_ROOT}/partitions ${CMAKE_BINARY_DIR}/partitions)

# The kernel: portable core and architecture code in one library, since
# each calls the other.
add_library(bulkhead_kernel STATIC
  $<TARGET_OBJECTS:sk_core> $<TARGET_OBJECTS:arch_${BULKHEAD_ARCH}>)
if(BULKHEAD_ARCH STREQUAL "aarch64")
  # The fast paths, and the portable decisions they are built from, must
  # be leaves (arch/aarch64/irq_fast.c, hvc_fast.c, fast_check.c): checked
  # whenever one of those objects changes, before the kernel is archived.
  set(_fast_objects $<TARGET_OBJECTS:arch_aarch64> $<TARGET_OBJECTS:arch_aarch64_fast_check>)
  add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/fast_path_check.stamp
    COMMAND ${CMAKE_COMMAND} -DNM=${CMAKE_NM}
      "-DOBJECTS=$<JOIN:${_fast_objects},|>"
      -P ${BULKHEAD_ROOT}/arch/aarch64/check_irq_fast.cmake
    COMMAND ${CMAKE_COMMAND} -E touch ${CMAKE_BINARY_DIR}/fast_path_check.stamp
    DEPENDS ${_fast_objects} ${BULKHEAD_ROOT}/arch/aarch64/check_irq_fast.cmake
    VERBATIM)
  add_custom_target(fast_path_check DEPENDS ${CMAKE_BINARY_DIR}/fast_path_check.stamp)
  add_dependencies(bulkhead_kernel fast_path_check)
endif()

include(BulkheadSystem)

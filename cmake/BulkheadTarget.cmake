# SPDX-License-Identifier: Apache-2.0
#
# The AArch64 build: kernel library, partition runtime, and one bootable
# image per system description.

set(BULKHEAD_ARCH aarch64)

# Freestanding code for Debian's cross gcc: no libc, no PIE, no unwind
# tables, no outline atomics, no unaligned accesses (translation may be off).
set(BULKHEAD_TARGET_FLAGS
  -std=c11 -ffreestanding -fno-builtin -mstrict-align -mno-outline-atomics
  -fno-pie -fno-stack-protector -fno-asynchronous-unwind-tables
  -fno-unwind-tables -fno-common -fno-strict-aliasing
  -fmacro-prefix-map=${CMAKE_SOURCE_DIR}/=
  -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wvla -Wundef)
# Payloads may use floating point; the kernel never does (-mgeneral-regs-only
# is added for kernel code only).
set(BULKHEAD_PAYLOAD_FLAGS ${BULKHEAD_TARGET_FLAGS})
set(BULKHEAD_TARGET_LINK_FLAGS
  -nostdlib -static -no-pie -Wl,--build-id=none -Wl,--no-undefined
  -Wl,-z,noexecstack -Wl,--fatal-warnings)
if(NOT CMAKE_BUILD_TYPE)
  set(CMAKE_BUILD_TYPE RelWithDebInfo)
endif()
set(CMAKE_C_FLAGS_RELWITHDEBINFO "-O2 -g")
set(CMAKE_ASM_FLAGS_RELWITHDEBINFO "-g")

add_subdirectory(sk)
add_subdirectory(arch/${BULKHEAD_ARCH})
add_subdirectory(partitions)

# The kernel: portable core and architecture code in one library, since
# each calls the other.
add_library(bulkhead_kernel STATIC
  $<TARGET_OBJECTS:sk_core> $<TARGET_OBJECTS:arch_${BULKHEAD_ARCH}>)
if(BULKHEAD_ARCH STREQUAL "aarch64")
  # The interrupt fast path must be a leaf (arch/aarch64/irq_fast.c).
  add_custom_command(TARGET bulkhead_kernel POST_BUILD
    COMMAND ${CMAKE_COMMAND} -DNM=${CMAKE_NM}
      "-DOBJECTS=$<JOIN:$<TARGET_OBJECTS:arch_aarch64>,|>"
      -P ${CMAKE_SOURCE_DIR}/arch/aarch64/check_irq_fast.cmake
    VERBATIM)
endif()

include(BulkheadSystem)

if(BULKHEAD_SYSTEMS)
  set(_systems ${BULKHEAD_SYSTEMS})
else()
  file(GLOB _systems CONFIGURE_DEPENDS
    ${CMAKE_SOURCE_DIR}/config/*.yaml
    ${CMAKE_SOURCE_DIR}/tests/qemu/systems/*.yaml
    ${CMAKE_SOURCE_DIR}/bench/*.yaml)
  # The conformance system of each example (tests/qemu/test_conformance.py).
  file(GLOB _examples CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/config/*.yaml)
  foreach(_example IN LISTS _examples)
    get_filename_component(_name ${_example} NAME_WE)
    set(_derived ${CMAKE_BINARY_DIR}/conformance/conformance-${_name}.yaml)
    bulkhead_conformance(${_example} ${_derived})
    list(APPEND _systems ${_derived})
  endforeach()
  list(SORT _systems)
endif()
foreach(_system IN LISTS _systems)
  bulkhead_system(${_system})
endforeach()

# SPDX-License-Identifier: Apache-2.0
# Cross toolchain for the kernel and partition images: Debian's
# gcc-aarch64-linux-gnu, used freestanding (no libc, no OS).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(BULKHEAD_CROSS_PREFIX "aarch64-linux-gnu-" CACHE STRING "Cross toolchain prefix")

find_program(BULKHEAD_CROSS_GCC ${BULKHEAD_CROSS_PREFIX}gcc)
if(NOT BULKHEAD_CROSS_GCC)
  message(FATAL_ERROR
    "${BULKHEAD_CROSS_PREFIX}gcc not found. Install Debian's cross compiler:\n"
    "  apt-get install gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu\n"
    "(./bulkhead does this for you).")
endif()
find_program(BULKHEAD_CROSS_OBJCOPY ${BULKHEAD_CROSS_PREFIX}objcopy REQUIRED)

set(CMAKE_C_COMPILER ${BULKHEAD_CROSS_GCC})
set(CMAKE_ASM_COMPILER ${BULKHEAD_CROSS_GCC})
set(CMAKE_OBJCOPY ${BULKHEAD_CROSS_OBJCOPY})
# Nothing can be linked without our own linker scripts.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)

# SPDX-License-Identifier: Apache-2.0
# Compile flags the AArch64 architecture asks for kernel code: the portable
# core (sk/), this folder and the generated tables. Read by
# cmake/BulkheadKernel.cmake before any kernel target is made.
#
# The kernel never touches the FP/SIMD registers, which belong to the
# partitions (saved and restored on a switch, arch/aarch64/fpsimd.S): the
# compiler must not use them either, even for a copy.
set(BULKHEAD_ARCH_KERNEL_FLAGS -mgeneral-regs-only)

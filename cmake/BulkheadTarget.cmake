# SPDX-License-Identifier: Apache-2.0
#
# The AArch64 build: kernel library, partition runtime (cmake/BulkheadKernel.cmake),
# and one bootable image per system description: BULKHEAD_SYSTEMS (a list
# of .yaml files; ./bulkhead run gives one) or, without it, every system of
# config/, tests/qemu/systems/ and bench/ and the conformance systems.

include(BulkheadKernel)

if(BULKHEAD_SYSTEMS)
  set(_systems ${BULKHEAD_SYSTEMS})
else()
  file(GLOB _systems CONFIGURE_DEPENDS
    ${BULKHEAD_ROOT}/config/*.yaml
    ${BULKHEAD_ROOT}/tests/qemu/systems/*.yaml
    ${BULKHEAD_ROOT}/bench/*.yaml)
  # The conformance system of each example (tests/qemu/test_conformance.py).
  file(GLOB _examples CONFIGURE_DEPENDS ${BULKHEAD_ROOT}/config/*.yaml)
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

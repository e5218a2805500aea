# SPDX-License-Identifier: Apache-2.0
#
# bulkhead_generate(<system.yaml> <output-dir>): run the generator now, at
# configure time, and again whenever the description, a board or the
# generator itself changes. A description the generator refuses stops the
# configuration with the generator's file:line diagnostics.

file(GLOB_RECURSE BULKHEAD_GENERATOR_FILES CONFIGURE_DEPENDS
  ${BULKHEAD_ROOT}/generator/*.py
  ${BULKHEAD_ROOT}/generator/*.j2
  ${BULKHEAD_ROOT}/generator/*.json)
file(GLOB BULKHEAD_BOARD_FILES CONFIGURE_DEPENDS ${BULKHEAD_ROOT}/boards/*/board.yaml)

function(bulkhead_generate yaml out)
  # The integrator's payloads (bulkhead_add_payload) are payloads too.
  get_property(payloads GLOBAL PROPERTY BULKHEAD_PAYLOADS)
  list(TRANSFORM payloads PREPEND "--payload=")
  execute_process(
    COMMAND ${BULKHEAD_PYTHON} -m bulkhead generate ${yaml} -o ${out} ${payloads}
    WORKING_DIRECTORY ${BULKHEAD_ROOT}/generator
    RESULT_VARIABLE rc
    OUTPUT_VARIABLE stdout
    ERROR_VARIABLE stderr)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "The generator refused ${yaml}:\n${stderr}${stdout}")
  endif()
  if(stderr)
    message(WARNING "${stderr}")
  endif()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
    ${yaml} ${BULKHEAD_BOARD_FILES} ${BULKHEAD_GENERATOR_FILES})
endfunction()

# bulkhead_conformance(<system.yaml> <out.yaml>): write the conformance
# system of a description (generator/bulkhead/conformance.py), at configure
# time like bulkhead_generate().
function(bulkhead_conformance yaml out)
  execute_process(
    COMMAND ${BULKHEAD_PYTHON} -m bulkhead conformance ${yaml} -o ${out}
    WORKING_DIRECTORY ${BULKHEAD_ROOT}/generator
    RESULT_VARIABLE rc
    OUTPUT_VARIABLE stdout
    ERROR_VARIABLE stderr)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "The generator refused ${yaml}:\n${stderr}${stdout}")
  endif()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
    ${yaml} ${BULKHEAD_BOARD_FILES} ${BULKHEAD_GENERATOR_FILES})
endfunction()

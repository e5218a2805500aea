# SPDX-License-Identifier: Apache-2.0
# Build check (cmake -P): the interrupt fast path (irq_fast.c) must call
# no function, since vectors.S saves only the registers it may use.
# Arguments: NM (the cross nm), OBJECTS (the arch objects, '|'-separated).
string(REPLACE "|" ";" _objects "${OBJECTS}")
foreach(_o IN LISTS _objects)
  if(_o MATCHES "irq_fast\\.c\\.o(bj)?$")
    execute_process(COMMAND ${NM} -u ${_o} OUTPUT_VARIABLE _undefined
                    RESULT_VARIABLE _rc)
    if(NOT _rc EQUAL 0)
      message(FATAL_ERROR "${NM} -u ${_o} failed")
    endif()
    string(REGEX REPLACE "[ \t]*U[ \t]+" "" _undefined "${_undefined}")
    string(STRIP "${_undefined}" _undefined)
    if(NOT _undefined STREQUAL "sk_system")
      message(FATAL_ERROR "arch/aarch64/irq_fast.c must refer to nothing but "
        "sk_system (vectors.S saves only x0-x7 and x30 for it); it refers to: "
        "${_undefined}")
    endif()
    return()
  endif()
endforeach()
message(FATAL_ERROR "irq_fast object not found among: ${OBJECTS}")

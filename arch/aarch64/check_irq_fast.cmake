# SPDX-License-Identifier: Apache-2.0
# Build check (cmake -P): the fast paths (irq_fast.c, hvc_fast.c) must call
# no function, since vectors.S saves only the registers they may use.
# Arguments: NM (the cross nm), OBJECTS (the arch objects, '|'-separated).
string(REPLACE "|" ";" _objects "${OBJECTS}")
set(_checked 0)
foreach(_o IN LISTS _objects)
  if(_o MATCHES "(irq|hvc)_fast\\.c\\.o(bj)?$")
    execute_process(COMMAND ${NM} -u ${_o} OUTPUT_VARIABLE _undefined
                    RESULT_VARIABLE _rc)
    if(NOT _rc EQUAL 0)
      message(FATAL_ERROR "${NM} -u ${_o} failed")
    endif()
    string(REGEX REPLACE "[ \t]*U[ \t]+" "" _undefined "${_undefined}")
    string(STRIP "${_undefined}" _undefined)
    if(NOT _undefined STREQUAL "sk_system")
      message(FATAL_ERROR "${_o} must refer to nothing but sk_system (vectors.S "
        "saves only x0-x7 and x30 for it); it refers to: ${_undefined}")
    endif()
    math(EXPR _checked "${_checked} + 1")
  endif()
endforeach()
if(NOT _checked EQUAL 2)
  message(FATAL_ERROR "fast-path objects not found among: ${OBJECTS}")
endif()

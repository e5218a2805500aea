# SPDX-License-Identifier: Apache-2.0
# Build check (cmake -P): the fast paths (irq_fast.c, hvc_fast.c) must call
# no function, since vectors.S saves only the registers they may use; nor
# may the portable decisions they are built from (sk/call_fast.h,
# sk/vdev_fast.h, sk/irq_fast.h with sk/irq_route.h), compiled on their
# own in fast_check.c with hooks that only touch data.
# Arguments: NM (the cross nm), OBJECTS (the arch objects, '|'-separated).
string(REPLACE "|" ";" _objects "${OBJECTS}")
set(_checked 0)
foreach(_o IN LISTS _objects)
  if(_o MATCHES "(irq_fast|hvc_fast|fast_check)\\.c\\.o(bj)?$")
    execute_process(COMMAND ${NM} -u ${_o} OUTPUT_VARIABLE _undefined
                    RESULT_VARIABLE _rc)
    if(NOT _rc EQUAL 0)
      message(FATAL_ERROR "${NM} -u ${_o} failed")
    endif()
    string(REGEX REPLACE "[ \t]*U[ \t]+" "" _undefined "${_undefined}")
    string(STRIP "${_undefined}" _undefined)
    # Data only: the tables, and the console's open line (sk/console_fast.h).
    string(REGEX REPLACE "[\r\n]+" ";" _symbols "${_undefined}")
    foreach(_s IN LISTS _symbols)
      if(NOT _s MATCHES "^(sk_system|sk_console_open_line|sk_fast_check_now|sk_fast_check_injected)$")
        message(FATAL_ERROR "${_o} must refer to no function (vectors.S saves only "
          "x0-x7 and x30 for it): only sk_system and sk_console_open_line; it "
          "refers to: ${_undefined}")
      endif()
    endforeach()
    math(EXPR _checked "${_checked} + 1")
  endif()
endforeach()
if(NOT _checked EQUAL 3)
  message(FATAL_ERROR "fast-path objects not found among: ${OBJECTS}")
endif()

# SPDX-License-Identifier: Apache-2.0
#
# Find the Python 3 the generator runs with: one that can import jinja2,
# yaml, jsonschema and elftools (pyelftools). Debian installs those for
# /usr/bin/python3, which is not always the python3 first on PATH (pyenv,
# virtualenvs), so candidates are tried in turn instead of trusting PATH.
# Set BULKHEAD_PYTHON to choose.
set(_bh_modules "jinja2, yaml, jsonschema, elftools")
if(NOT CMAKE_CROSSCOMPILING)
  set(_bh_modules "${_bh_modules}, pytest")  # the test suite needs it too
endif()

set(_bh_candidates)
if(BULKHEAD_PYTHON)
  list(APPEND _bh_candidates "${BULKHEAD_PYTHON}")
endif()
list(APPEND _bh_candidates /usr/bin/python3)
find_program(_bh_path_python NAMES python3 NO_CACHE)
if(_bh_path_python)
  list(APPEND _bh_candidates "${_bh_path_python}")
endif()

set(_bh_found "")
foreach(_bh_py IN LISTS _bh_candidates)
  execute_process(COMMAND "${_bh_py}" -c "import ${_bh_modules}"
                  RESULT_VARIABLE _bh_rc OUTPUT_QUIET ERROR_QUIET)
  if(_bh_rc EQUAL 0)
    set(_bh_found "${_bh_py}")
    break()
  endif()
endforeach()

if(NOT _bh_found)
  list(JOIN _bh_candidates ", " _bh_tried)
  message(FATAL_ERROR
    "No Python 3 with the modules ${_bh_modules} (tried: ${_bh_tried}).\n"
    "Install Debian's packages: apt-get install python3-jinja2 python3-yaml "
    "python3-jsonschema python3-pyelftools python3-pytest (./bulkhead does this "
    "for you).")
endif()
set(BULKHEAD_PYTHON "${_bh_found}" CACHE FILEPATH
    "Python 3 interpreter with the generator's modules" FORCE)
message(STATUS "Generator Python: ${BULKHEAD_PYTHON}")

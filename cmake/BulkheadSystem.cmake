# SPDX-License-Identifier: Apache-2.0
#
# bulkhead_system(<system.yaml>): one bootable kernel image for one system
# description, at systems/<name>/bulkhead.elf in the build tree, where
# <name> is the file name without .yaml.
#
# The generator runs when CMake configures (and again whenever the
# description, its board or the generator change), so a wrong description
# stops the build before anything is compiled, with the generator's
# file:line diagnostics. Then each partition's payload is built for that
# partition (its own header and load address) and turned into a flat
# binary (an image file's the generator writes), and embedded with the
# generated tables into the kernel image.
#
# Each partition's generated device tree (partition.dts: the virtual
# platform it sees) is compiled with dtc to partition.dtb beside it, as part
# of building the system image. A Linux partition's image embeds it
# (cmake/BulkheadLinux.cmake); the others' do not.

include(BulkheadGenerate)
include(BulkheadLinux)

find_program(BULKHEAD_DTC dtc)
if(NOT BULKHEAD_DTC)
  message(FATAL_ERROR
    "dtc (the device-tree compiler) not found. Install Debian's package:\n"
    "  apt-get install device-tree-compiler\n"
    "(./bulkhead does this for you).")
endif()

function(bulkhead_system yaml)
  get_filename_component(yaml "${yaml}" ABSOLUTE)
  get_filename_component(name "${yaml}" NAME_WE)
  set(target system-${name})
  if(TARGET ${target})
    message(FATAL_ERROR "Two system descriptions are named '${name}.yaml'; "
                        "image names must be unique (${yaml}).")
  endif()
  set(gen ${CMAKE_BINARY_DIR}/systems/${name})

  bulkhead_generate(${yaml} ${gen})
  include(${gen}/system.cmake)

  get_filename_component(ydir "${yaml}" DIRECTORY)
  set(images)
  set(dtbs)
  set(image_targets)
  set(symbols)       # NAME=ELF of each partition, for its function names
  set(symbol_deps)
  foreach(part IN LISTS BH_SYSTEM_PARTITIONS)
    set(format ${BH_PARTITION_${part}_FORMAT})
    set(pdir ${gen}/partitions/${part})
    if(format STREQUAL "linux")
      bulkhead_linux_image(${name} ${part} ${pdir} ${ydir})
      list(APPEND image_targets ${_linux_targets})
    elseif(format STREQUAL "payload")
      set(payload ${BH_PARTITION_${part}_PAYLOAD})
      bulkhead_payload(${target}-${part} ${payload} ${pdir})
      list(APPEND symbols ${part}=$<TARGET_FILE:${target}-${part}>)
      list(APPEND symbol_deps ${target}-${part})
      add_custom_command(
        OUTPUT ${pdir}/image.bin
        COMMAND ${CMAKE_OBJCOPY} -O binary $<TARGET_FILE:${target}-${part}> ${pdir}/image.bin
        DEPENDS ${target}-${part}
        COMMENT "Partition image ${name}/${part} (payload ${payload})")
    else()
      # An image file (elf, binary): the generator wrote image.bin itself,
      # from the segments its tables and report use (generator/bulkhead/
      # elf.py), so a changed file runs the generator again.
      get_filename_component(file "${BH_PARTITION_${part}_FILE}" ABSOLUTE BASE_DIR "${ydir}")
      set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${file})
      if(format STREQUAL "elf")
        list(APPEND symbols ${part}=${file})
        list(APPEND symbol_deps ${file})
      endif()
    endif()
    if(NOT format STREQUAL "payload" AND NOT format STREQUAL "elf")
      list(APPEND symbols ${part}=-)  # a binary file, Linux: no symbols
    endif()
    list(APPEND images ${pdir}/image.bin)
    add_custom_command(
      OUTPUT ${pdir}/partition.dtb
      COMMAND ${BULKHEAD_DTC} -I dts -O dtb -o ${pdir}/partition.dtb ${pdir}/partition.dts
      DEPENDS ${pdir}/partition.dts
      COMMENT "Partition device tree ${name}/${part}")
    list(APPEND dtbs ${pdir}/partition.dtb)
  endforeach()
  add_custom_target(${target}-device-trees DEPENDS ${dtbs})

  # The partitions' function names for the fault dump (sk/include/sk/
  # symbols.h), once their images are linked.
  add_custom_command(
    OUTPUT ${gen}/symbols.c
    COMMAND ${CMAKE_COMMAND} -E env PYTHONPATH=${BULKHEAD_ROOT}/generator
            ${BULKHEAD_PYTHON} -m bulkhead symbols -o ${gen}/symbols.c ${symbols}
    DEPENDS ${symbol_deps} ${BULKHEAD_ROOT}/generator/bulkhead/symbols.py
    COMMENT "Partition symbols ${name}"
    VERBATIM)
  add_executable(${target} ${gen}/sk_config.c ${gen}/images.S ${gen}/symbols.c)
  set_target_properties(${target} PROPERTIES
    OUTPUT_NAME bulkhead.elf
    RUNTIME_OUTPUT_DIRECTORY ${gen}
    LINK_DEPENDS "${BULKHEAD_ROOT}/arch/${BULKHEAD_ARCH}/kernel.ld;${gen}/kernel_memory.ld")
  set_source_files_properties(${gen}/images.S PROPERTIES
    OBJECT_DEPENDS "${images}"
    COMPILE_OPTIONS "-Wa,-I${gen}")
  target_compile_options(${target} PRIVATE ${BULKHEAD_TARGET_FLAGS} ${BULKHEAD_ARCH_KERNEL_FLAGS})
  target_link_libraries(${target} PRIVATE bulkhead_kernel_headers
    -Wl,--start-group bulkhead_kernel bulkhead_lib_kernel -Wl,--end-group)
  target_link_options(${target} PRIVATE ${BULKHEAD_TARGET_LINK_FLAGS}
    -T ${BULKHEAD_ROOT}/arch/${BULKHEAD_ARCH}/kernel.ld -L ${gen}
    -Wl,-Map=${gen}/bulkhead.map)
  add_dependencies(${target} ${target}-device-trees ${image_targets})
endfunction()

# SPDX-License-Identifier: Apache-2.0
#
# Images of format linux (partitions/linux): an arm64 Linux kernel, an
# initramfs and the partition's device tree, composed into one boot image.
#
#   kernel: debian      Debian's linux-image-cloud-arm64, the version
#                       partitions/linux/debian-arm64.lock pins, fetched once
#                       into BULKHEAD_DEBIAN_ARM64 (partitions/linux/fetch.py)
#   initramfs: busybox  Debian's busybox-static (pinned there too) and
#                       partitions/linux/init, as
#                       linux/initramfs-busybox.cpio.gz (partitions/linux/initramfs.py)
#
# bulkhead_linux_image(<system> <partition> <dir> <description dir>) adds the
# command making <dir>/image.bin from <dir>/partition.dtb and those, with the
# layout the generator gave in system.cmake (BH_PARTITION_<p>_*).

find_program(BULKHEAD_FDTPUT fdtput)

set(BULKHEAD_LINUX_DIR ${BULKHEAD_ROOT}/partitions/linux)
set(BULKHEAD_DEBIAN_ARM64 ${CMAKE_BINARY_DIR}/debian-arm64 CACHE PATH
    "Where Debian's arm64 kernel and busybox are fetched to (shared by build trees)")

function(_bulkhead_linux_debian)
  if(TARGET linux-debian)
    return()
  endif()
  add_custom_command(
    OUTPUT ${BULKHEAD_DEBIAN_ARM64}/Image ${BULKHEAD_DEBIAN_ARM64}/busybox
           ${BULKHEAD_DEBIAN_ARM64}/versions.txt
    COMMAND ${BULKHEAD_PYTHON} ${BULKHEAD_LINUX_DIR}/fetch.py ${BULKHEAD_DEBIAN_ARM64}
    DEPENDS ${BULKHEAD_LINUX_DIR}/fetch.py ${BULKHEAD_LINUX_DIR}/debian-arm64.lock
    COMMENT "Debian arm64 kernel and busybox (fetched once into ${BULKHEAD_DEBIAN_ARM64})"
    USES_TERMINAL)
  add_custom_target(linux-debian DEPENDS ${BULKHEAD_DEBIAN_ARM64}/Image
                                         ${BULKHEAD_DEBIAN_ARM64}/busybox)
  set(_initramfs ${CMAKE_BINARY_DIR}/linux/initramfs-busybox.cpio.gz)
  add_custom_command(
    OUTPUT ${_initramfs}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/linux
    COMMAND ${BULKHEAD_PYTHON} ${BULKHEAD_LINUX_DIR}/initramfs.py
      ${BULKHEAD_DEBIAN_ARM64}/busybox ${BULKHEAD_LINUX_DIR}/init ${_initramfs}
    DEPENDS ${BULKHEAD_DEBIAN_ARM64}/busybox ${BULKHEAD_LINUX_DIR}/init
      ${BULKHEAD_LINUX_DIR}/initramfs.py
    COMMENT "Linux initramfs: busybox and partitions/linux/init")
  add_custom_target(linux-initramfs DEPENDS ${_initramfs})
  add_dependencies(linux-initramfs linux-debian)
endfunction()

function(bulkhead_linux_image target part pdir ydir)
  if(NOT BULKHEAD_FDTPUT)
    message(FATAL_ERROR "fdtput not found. Install Debian's package:\n"
                        "  apt-get install device-tree-compiler")
  endif()
  set(kernel ${BH_PARTITION_${part}_KERNEL})
  set(initramfs ${BH_PARTITION_${part}_INITRAMFS})
  set(deps ${pdir}/partition.dtb ${BULKHEAD_LINUX_DIR}/compose.py)
  set(targets)
  if(kernel STREQUAL "debian" OR initramfs STREQUAL "busybox")
    _bulkhead_linux_debian()
  endif()
  if(kernel STREQUAL "debian")
    set(kernel ${BULKHEAD_DEBIAN_ARM64}/Image)
    list(APPEND targets linux-debian)
  else()
    get_filename_component(kernel "${kernel}" ABSOLUTE BASE_DIR "${ydir}")
  endif()
  list(APPEND deps ${kernel})
  set(initramfs_arg)
  if(initramfs STREQUAL "busybox")
    set(initramfs ${CMAKE_BINARY_DIR}/linux/initramfs-busybox.cpio.gz)
    list(APPEND targets linux-initramfs)
  elseif(initramfs)
    get_filename_component(initramfs "${initramfs}" ABSOLUTE BASE_DIR "${ydir}")
  endif()
  if(initramfs)
    set(initramfs_arg --initramfs ${initramfs})
    list(APPEND deps ${initramfs})
  endif()
  add_custom_command(
    OUTPUT ${pdir}/image.bin
    COMMAND ${BULKHEAD_PYTHON} ${BULKHEAD_LINUX_DIR}/compose.py
      --dtb ${pdir}/partition.dtb --kernel ${kernel} ${initramfs_arg}
      --load ${BH_PARTITION_${part}_LOAD} --size ${BH_PARTITION_${part}_SIZE}
      --kernel-offset ${BH_PARTITION_${part}_KERNEL_OFFSET}
      --fdtput ${BULKHEAD_FDTPUT} --out ${pdir}/image.bin
    DEPENDS ${deps}
    COMMENT "Partition image ${target}/${part} (Linux: device tree, kernel, initramfs)")
  set(_linux_targets ${targets} PARENT_SCOPE)
endfunction()

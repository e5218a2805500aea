# Payload 'faults': instruction forms at the edge of what the kernel
# emulates, one per start (tests/qemu/test_faults.py).
set(PAYLOAD_SOURCES main.c a32.S)

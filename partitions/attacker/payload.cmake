# Payload 'attacker': makes the kernel work on its behalf just before its
# window ends (restarts, refused calls, faults, console floods, pending
# interrupts, kicks), as its 'attack' parameter says, to try to move the
# next partitions' windows. Used by tests/qemu/test_timing.py.
set(PAYLOAD_SOURCES main.c)

# Payload 'victim': reports the counter at the start of every one of its
# windows, for the time-isolation boot test (tests/qemu/test_timing.py).
set(PAYLOAD_SOURCES main.c)

# Payload 'counter': counts and prints its count with the time, about once
# per millisecond of its own windows.
set(PAYLOAD_SOURCES main.c)

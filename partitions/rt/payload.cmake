# Payload 'rt': a real-time control loop, one cycle per window, that
# reports its timing and talks to another partition through two
# shared-memory channels.
set(PAYLOAD_SOURCES main.c)

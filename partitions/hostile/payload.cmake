# Payload 'hostile': behaves for a while, then attacks as its 'attack'
# parameter says. Used by the demo and the boot tests.
set(PAYLOAD_SOURCES main.c)

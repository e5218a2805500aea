# Payload 'supervisor': requests schedule plan switches at given frames and
# relays the audit log.
set(PAYLOAD_SOURCES main.c)

# Payload 'flow': the talking partitions of config/demo.yaml (sensor,
# control, actuator, producer, consumer), by parameter role.
set(PAYLOAD_SOURCES main.c)

# Payload 'uart': writes its lines through the PL011 the kernel emulates
# (console: pl011), as an operating system's driver would.
set(PAYLOAD_SOURCES main.c)

# Payload 'probe': the conformance probes of a system (tests/qemu/test_conformance.py).
set(PAYLOAD_SOURCES main.c)

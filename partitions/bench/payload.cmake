# Payload 'bench': EL2 instruction counts for the benchmarks (bench/).
# role 'meter' measures and prints; role 'peer' only spins in its windows.
set(PAYLOAD_SOURCES main.c)

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The function symbols of the partitions' images, for the fault dump to
 * name the function a faulting pc is in. A contract with the generator:
 * `python3 -m bulkhead symbols` (generator/bulkhead/symbols.py) writes
 * symbols.c of every system image after its partitions are linked, one
 * table per partition in the description's order, each sorted by address.
 *
 * A table is the partition's own image's names and is only ever printed to
 * that partition's console budget; a wrong table (it is not checked at
 * boot) can only misname a function in a dump, never move data or time:
 * the lookup reads inside the table whatever its contents.
 */
#ifndef SK_SYMBOLS_H
#define SK_SYMBOLS_H

#include <sk/config.h>

struct sk_symbol {
	uint64_t addr; /* intermediate address of the function's first instruction */
	uint32_t size; /* bytes, 0 if unknown */
	const char *name;
};

struct sk_symtab {
	uint32_t n;                   /* entries, sorted by addr */
	const struct sk_symbol *syms; /* NULL when n is 0 */
};

/* sk_n_symtabs tables, indexed by partition id. A host unit test that
 * does not define them sees none (weak). */
extern const struct sk_symtab sk_symtabs[] __attribute__((weak));
extern const uint32_t sk_n_symtabs __attribute__((weak));

/*
 * The function of partition `partition` that `pc` is in: its name and pc's
 * offset into it, or NULL. Past a known size, or past the last function
 * with none, is no function. At most 33 steps (a table of up to 2^32).
 */
const struct sk_symbol *sk_symbol_at(uint32_t partition, uint64_t pc, uint64_t *offset);

#endif /* SK_SYMBOLS_H */

/* SPDX-License-Identifier: GPL-2.0 */
/* The one growable array of the tree: a typed pointer, a count and a
 * capacity that doubles; array_reserve() makes room for one more element. */
#ifndef BINDGUARD_ARRAY_H
#define BINDGUARD_ARRAY_H

#include <stddef.h>

/* items points at the array's element pointer (T **), size is sizeof(T).
 * When n == *cap the array is reallocated to twice its capacity (first_cap
 * the first time).  0, or -ENOMEM with the array left as it was. */
int array_grow(void *items, size_t *cap, size_t n, size_t size, size_t first_cap);

/* array_reserve(&list->items, &list->cap, list->n, 64) */
#define array_reserve(itemsp, capp, n, first_cap)                                                  \
	array_grow((itemsp), (capp), (n), sizeof(**(itemsp)), (first_cap))

#endif

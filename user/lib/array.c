// SPDX-License-Identifier: GPL-2.0
/* Growing an array by doubling, with an overflow check, in one place. */
#include "lib/array.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int array_grow(void *items, size_t *cap, size_t n, size_t size, size_t first_cap)
{
	size_t ncap;
	void *old, *grown;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : first_cap;
	if (ncap <= n || ncap > SIZE_MAX / size)
		return -ENOMEM;
	memcpy(&old, items, sizeof(old));
	grown = realloc(old, ncap * size);
	if (!grown)
		return -ENOMEM;
	memcpy(items, &grown, sizeof(grown));
	*cap = ncap;
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/* Hand-written decimal conversion (see decimal.h). */
#include "lib/decimal.h"

#include <string.h>

/* Two digits at a time: half the divisions of a digit-by-digit loop. */
static const char digit_pairs[201] = "00010203040506070809"
				     "10111213141516171819"
				     "20212223242526272829"
				     "30313233343536373839"
				     "40414243444546474849"
				     "50515253545556575859"
				     "60616263646566676869"
				     "70717273747576777879"
				     "80818283848586878889"
				     "90919293949596979899";

/* How many digits v has: the number is then written backwards in place,
 * with no copy of a temporary (a libc call for a length known only at
 * run time). */
static int decimal_digits(uint64_t v)
{
	int n = 1;

	for (; v >= 10000; v /= 10000)
		n += 4;
	if (v >= 100) {
		n += 2;
		v /= 100;
	}
	return v >= 10 ? n + 1 : n;
}

/* The `digits` low digits of v, ending at end. */
static void put_digits_backwards(char *end, uint64_t v, int digits)
{
	for (; digits >= 2; digits -= 2) {
		end -= 2;
		memcpy(end, digit_pairs + 2 * (v % 100), 2);
		v /= 100;
	}
	if (digits)
		end[-1] = (char)('0' + v % 10);
}

char *put_u64(char *p, uint64_t v)
{
	int n = decimal_digits(v);

	put_digits_backwards(p + n, v, n);
	return p + n;
}

char *put_i64(char *p, int64_t v)
{
	if (v >= 0)
		return put_u64(p, (uint64_t)v);
	*p++ = '-';
	return put_u64(p, -(uint64_t)v); /* INT64_MIN too: unsigned negation */
}

char *put_u32_zero_padded(char *p, uint32_t v, int digits)
{
	put_digits_backwards(p + digits, v, digits);
	return p + digits;
}

char *put_u32_six_digits(char *p, uint32_t v)
{
	/* three independent pairs: no chain of divisions, each waiting on the last */
	memcpy(p, digit_pairs + 2 * (v / 10000 % 100), 2);
	memcpy(p + 2, digit_pairs + 2 * (v / 100 % 100), 2);
	memcpy(p + 4, digit_pairs + 2 * (v % 100), 2);
	return p + 6;
}

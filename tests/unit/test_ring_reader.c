// SPDX-License-Identifier: GPL-2.0
/* Unit tests of user/capture/ring_reader.c over rings laid out in memory
 * as the kernel lays them out: records in time order across rings, what a
 * pass leaves for the next, busy and discarded records, wrap-around. */
#include "table_test.h"

#include <errno.h>
#include <linux/bpf.h>

#include "capture/ring_reader.h"

#define DATA_SIZE 4096

/* A ring in memory; the data is mirrored after itself as the kernel maps
 * it twice. */
struct fake_ring {
	unsigned long cons, prod;
	uint8_t data[2 * DATA_SIZE];
	size_t size;
	struct ring_reader reader;
};

struct record {
	uint64_t ts;
	uint32_t tag;
	uint32_t pad;
};

static void fake_ring_init(struct fake_ring *f, size_t size, unsigned long start)
{
	memset(f, 0, sizeof(*f));
	f->size = size;
	f->cons = f->prod = start;
	ring_reader_init(&f->reader, &f->cons, &f->prod, f->data, size);
}

static void put_bytes(struct fake_ring *f, unsigned long pos, const void *src, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		size_t at = (pos + i) & (f->size - 1);

		f->data[at] = ((const uint8_t *)src)[i];
		f->data[at + f->size] = f->data[at];
	}
}

/* Appends a record of len bytes starting with ts and tag; header_bits:
 * BPF_RINGBUF_BUSY_BIT or BPF_RINGBUF_DISCARD_BIT.  Returns its position. */
static unsigned long put_record_len(struct fake_ring *f, uint64_t ts, uint32_t tag, uint32_t len,
				    uint32_t header_bits)
{
	struct record r = { .ts = ts, .tag = tag };
	uint32_t hdr[2] = { len | header_bits, 0 };
	unsigned long at = f->prod;

	put_bytes(f, at, hdr, sizeof(hdr));
	put_bytes(f, at + 8, &r, len < sizeof(r) ? len : sizeof(r));
	f->prod += (8 + len + 7) & ~7u;
	return at;
}

static unsigned long put_record(struct fake_ring *f, uint64_t ts, uint32_t tag)
{
	return put_record_len(f, ts, tag, sizeof(struct record), 0);
}

static void set_header(struct fake_ring *f, unsigned long at, uint32_t value)
{
	uint32_t hdr[2] = { value, 0 };

	put_bytes(f, at, hdr, sizeof(hdr));
}

struct seen {
	uint32_t tags[64];
	uint64_t ts[64];
	size_t n;
	size_t fail_at; /* 1-based: that call returns -EIO */
};

static int collect(void *ctx, const void *data, size_t size)
{
	struct seen *s = ctx;
	struct record r = { 0 };

	memcpy(&r, data, size < sizeof(r) ? size : sizeof(r));
	s->tags[s->n] = r.tag;
	s->ts[s->n] = r.ts;
	s->n++;
	return s->n == s->fail_at ? -EIO : 0;
}

static void test_one_ring_in_order(void **state)
{
	static struct fake_ring f;
	struct seen s = { 0 };
	bool held;

	(void)state;
	fake_ring_init(&f, DATA_SIZE, 0);
	for (uint32_t i = 1; i <= 5; i++)
		put_record(&f, 100 * i, i);
	assert_int_equal(ring_merge(&f.reader, 1, UINT64_MAX, collect, &s, &held), 5);
	assert_false(held);
	assert_int_equal(s.n, 5);
	for (uint32_t i = 0; i < 5; i++)
		assert_int_equal(s.tags[i], i + 1);
	/* all consumed and said so to the kernel */
	assert_int_equal(f.cons, f.prod);
	assert_int_equal(ring_merge(&f.reader, 1, UINT64_MAX, collect, &s, &held), 0);
}

static void test_rings_merged_by_time(void **state)
{
	static struct fake_ring f[3];
	struct ring_reader rings[3];
	const uint64_t a[] = { 1, 4, 5, 9 }, b[] = { 2, 3, 6 }, c[] = { 7, 8 };
	struct seen s = { 0 };
	bool held;

	(void)state;
	for (int i = 0; i < 3; i++)
		fake_ring_init(&f[i], DATA_SIZE, 0);
	for (size_t i = 0; i < ARRAY_SIZE(a); i++)
		put_record(&f[0], a[i], (uint32_t)a[i]);
	for (size_t i = 0; i < ARRAY_SIZE(b); i++)
		put_record(&f[1], b[i], (uint32_t)b[i]);
	for (size_t i = 0; i < ARRAY_SIZE(c); i++)
		put_record(&f[2], c[i], (uint32_t)c[i]);
	for (int i = 0; i < 3; i++)
		rings[i] = f[i].reader;
	assert_int_equal(ring_merge(rings, 3, UINT64_MAX, collect, &s, &held), 9);
	for (uint32_t i = 0; i < 9; i++)
		assert_int_equal(s.tags[i], i + 1);
	for (int i = 0; i < 3; i++)
		assert_int_equal(f[i].cons, f[i].prod);
}

/* A record made after the pass began waits for the next pass, with
 * everything newer, and holds back the consumer position. */
static void test_newer_than_limit_waits(void **state)
{
	static struct fake_ring f[2];
	struct ring_reader rings[2];
	struct seen s = { 0 };
	unsigned long late;
	bool held;

	(void)state;
	fake_ring_init(&f[0], DATA_SIZE, 0);
	fake_ring_init(&f[1], DATA_SIZE, 0);
	put_record(&f[0], 10, 1);
	late = put_record(&f[0], 30, 3);
	put_record(&f[1], 20, 2);
	put_record(&f[1], 40, 4);
	rings[0] = f[0].reader;
	rings[1] = f[1].reader;
	assert_int_equal(ring_merge(rings, 2, 25, collect, &s, &held), 2);
	assert_true(held);
	assert_int_equal(s.tags[0], 1);
	assert_int_equal(s.tags[1], 2);
	assert_int_equal(f[0].cons, late);
	/* a record older than those held, seen only now, still comes first */
	put_record(&f[1], 35, 5);
	assert_int_equal(ring_merge(rings, 2, UINT64_MAX, collect, &s, &held), 3);
	assert_false(held);
	assert_int_equal(s.tags[2], 3);
	assert_int_equal(s.tags[3], 4);
	assert_int_equal(s.tags[4], 5);
}

/* A record still being written stops its ring (what follows cannot be
 * read yet); discarded records are stepped over. */
static void test_busy_stops_and_discarded_skipped(void **state)
{
	static struct fake_ring f;
	struct seen s = { 0 };
	unsigned long busy;
	bool held;

	(void)state;
	fake_ring_init(&f, DATA_SIZE, 0);
	put_record(&f, 1, 1);
	put_record_len(&f, 2, 99, sizeof(struct record), BPF_RINGBUF_DISCARD_BIT);
	put_record(&f, 3, 3);
	busy = put_record_len(&f, 4, 4, sizeof(struct record), BPF_RINGBUF_BUSY_BIT);
	put_record(&f, 5, 5);
	assert_int_equal(ring_merge(&f.reader, 1, UINT64_MAX, collect, &s, &held), 2);
	assert_int_equal(s.tags[0], 1);
	assert_int_equal(s.tags[1], 3);
	assert_int_equal(f.cons, busy);
	/* the caller must come back for it */
	assert_true(held);
	set_header(&f, busy, sizeof(struct record)); /* committed */
	assert_int_equal(ring_merge(&f.reader, 1, UINT64_MAX, collect, &s, &held), 2);
	assert_int_equal(s.tags[2], 4);
	assert_int_equal(s.tags[3], 5);
	assert_int_equal(f.cons, f.prod);
	assert_false(held);
}

/* A callback's error stops the drain and is returned; its record counts
 * as read, the rest waits. */
static void test_callback_error_stops(void **state)
{
	static struct fake_ring f;
	struct seen s = { .fail_at = 2 };
	bool held;

	(void)state;
	fake_ring_init(&f, DATA_SIZE, 0);
	for (uint32_t i = 1; i <= 4; i++)
		put_record(&f, i, i);
	assert_int_equal(ring_merge(&f.reader, 1, UINT64_MAX, collect, &s, &held), -EIO);
	assert_int_equal(s.n, 2);
	assert_int_equal(f.cons, 2 * (8 + sizeof(struct record)));
	assert_int_equal(ring_merge(&f.reader, 1, UINT64_MAX, collect, &s, &held), 2);
	assert_int_equal(s.tags[2], 3);
	assert_int_equal(s.tags[3], 4);
}

/* Positions past the data size wrap; a record across the end is read
 * whole from the second mapping. */
static void test_wraps_around(void **state)
{
	static struct fake_ring f;
	struct seen s = { 0 };
	bool held;

	(void)state;
	/* 64 bytes of data, starting 8 before the end: the first record
	 * (24 bytes with its header) crosses it */
	fake_ring_init(&f, 64, 1000 * 64 - 8);
	for (uint32_t i = 1; i <= 4; i++) {
		put_record(&f, i, i);
		assert_int_equal(ring_merge(&f.reader, 1, UINT64_MAX, collect, &s, &held), 1);
		assert_int_equal(s.tags[s.n - 1], i);
		assert_int_equal(s.ts[s.n - 1], i);
	}
	assert_int_equal(f.cons, f.prod);
}

/* A record too short to carry a time is taken as the oldest: the reader
 * then rejects it as malformed. */
static void test_short_record_first(void **state)
{
	static struct fake_ring f[2];
	struct ring_reader rings[2];
	struct seen s = { 0 };
	bool held;

	(void)state;
	fake_ring_init(&f[0], DATA_SIZE, 0);
	fake_ring_init(&f[1], DATA_SIZE, 0);
	put_record(&f[0], 5, 1);
	put_record_len(&f[1], 0xffffffff, 0, 4, 0);
	rings[0] = f[0].reader;
	rings[1] = f[1].reader;
	assert_int_equal(ring_merge(rings, 2, 100, collect, &s, &held), 2);
	assert_int_equal(s.ts[0], 0xffffffff); /* its 4 bytes, not a time */
	assert_int_equal(s.tags[1], 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_ring_in_order),
		cmocka_unit_test(test_rings_merged_by_time),
		cmocka_unit_test(test_newer_than_limit_waits),
		cmocka_unit_test(test_busy_stops_and_discarded_skipped),
		cmocka_unit_test(test_callback_error_stops),
		cmocka_unit_test(test_wraps_around),
		cmocka_unit_test(test_short_record_first),
	};

	return cmocka_run_group_tests_name("ring_reader", tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0
/* BPF ring buffers read in place, merged in time order: see ring_reader.h.
 * The layout and the record header are the kernel's UAPI (kernel/bpf/
 * ringbuf.c): a record is an 8-byte header (length with a busy and a
 * discard bit, then a page offset) and its data, 8-byte aligned. */
#include "capture/ring_reader.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <linux/bpf.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* The producers read consumer_pos at every reserve: writing it after each
 * record, as libbpf does, takes its cache line away from them each time. */
#define PUBLISH_EVERY 64

static size_t record_span(uint32_t size)
{
	return (size + BPF_RINGBUF_HDR_SZ + 7) & ~(size_t)7;
}

void ring_reader_init(struct ring_reader *r, unsigned long *consumer_pos,
		      const unsigned long *producer_pos, const void *data, size_t data_size)
{
	memset(r, 0, sizeof(*r));
	r->consumer_pos = consumer_pos;
	r->producer_pos = producer_pos;
	r->data = data;
	r->mask = data_size - 1;
	r->cons = __atomic_load_n(consumer_pos, __ATOMIC_ACQUIRE);
	r->prod = r->cons;
}

int ring_reader_open(struct ring_reader *r, int map_fd)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	void *cons, *prod;
	size_t prod_len;

	memset(r, 0, sizeof(*r));
	if (bpf_obj_get_info_by_fd(map_fd, &info, &len))
		return -errno;
	if (info.type != BPF_MAP_TYPE_RINGBUF || !info.max_entries ||
	    (info.max_entries & (info.max_entries - 1)))
		return -EINVAL;
	cons = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, map_fd, 0);
	if (cons == MAP_FAILED)
		return -errno;
	/* the data twice over, after the producer's page */
	prod_len = page + 2 * (size_t)info.max_entries;
	prod = mmap(NULL, prod_len, PROT_READ, MAP_SHARED, map_fd, (off_t)page);
	if (prod == MAP_FAILED) {
		int err = -errno;

		munmap(cons, page);
		return err;
	}
	ring_reader_init(r, cons, prod, (const uint8_t *)prod + page, info.max_entries);
	r->map_prod_len = prod_len;
	return 0;
}

void ring_reader_close(struct ring_reader *r)
{
	if (r->map_prod_len) {
		munmap(r->consumer_pos, (size_t)sysconf(_SC_PAGESIZE));
		munmap((void *)r->producer_pos, r->map_prod_len);
	}
	memset(r, 0, sizeof(*r));
}

static void ring_publish(struct ring_reader *r)
{
	if (r->unpublished) {
		__atomic_store_n(r->consumer_pos, r->cons, __ATOMIC_RELEASE);
		r->unpublished = 0;
	}
}

/* Finds the next finished record before the producer position last read,
 * stepping over discarded ones; false when there is none yet (the ring is
 * drained, or its next record is still being written). */
static bool ring_peek(struct ring_reader *r)
{
	while (!r->head && r->cons < r->prod) {
		const uint32_t *hdr = (const uint32_t *)(r->data + (r->cons & r->mask));
		uint32_t len = __atomic_load_n(hdr, __ATOMIC_ACQUIRE);
		uint32_t size = len & ~(uint32_t)(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);

		if (len & BPF_RINGBUF_BUSY_BIT)
			break;
		if (len & BPF_RINGBUF_DISCARD_BIT) {
			r->cons += record_span(size);
			r->unpublished++;
			continue;
		}
		r->head = (const uint8_t *)hdr + BPF_RINGBUF_HDR_SZ;
		r->head_len = size;
		r->head_ts = 0; /* too short to carry one: first, and rejected by the reader */
		if (size >= sizeof(r->head_ts))
			memcpy(&r->head_ts, r->head, sizeof(r->head_ts));
	}
	return r->head != NULL;
}

static void ring_advance(struct ring_reader *r)
{
	r->cons += record_span(r->head_len);
	r->head = NULL;
	if (++r->unpublished >= PUBLISH_EVERY)
		ring_publish(r);
}

long ring_merge(struct ring_reader *rings, size_t n, uint64_t limit, ring_record_fn fn, void *ctx,
		bool *held)
{
	long delivered = 0;
	bool progress = true;
	int err = 0;

	*held = false;
	while (progress && !err) {
		progress = false;
		for (size_t i = 0; i < n; i++)
			rings[i].prod = __atomic_load_n(rings[i].producer_pos, __ATOMIC_ACQUIRE);
		for (;;) {
			struct ring_reader *oldest = NULL;

			for (size_t i = 0; i < n; i++) {
				struct ring_reader *r = &rings[i];

				if (ring_peek(r) && r->head_ts < limit &&
				    (!oldest || r->head_ts < oldest->head_ts))
					oldest = r;
			}
			if (!oldest)
				break;
			int rc = fn(ctx, oldest->head, oldest->head_len);

			ring_advance(oldest);
			delivered++;
			progress = true;
			if (rc < 0) {
				err = rc;
				break;
			}
		}
	}
	for (size_t i = 0; i < n; i++) {
		struct ring_reader *r = &rings[i];

		/* newer than limit, or a ring stopped at a record in writing */
		if (r->head ? r->head_ts >= limit : r->cons < r->prod)
			*held = true;
		ring_publish(r);
	}
	return err ? err : delivered;
}

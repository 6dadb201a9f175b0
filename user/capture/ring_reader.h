/* SPDX-License-Identifier: GPL-2.0 */
/* Reading BPF ring buffers in place, and several of them (one per CPU) in
 * the order their records were made.  libbpf's ring_buffer drains each ring
 * to its end in turn: it cannot look at the head of every ring before
 * choosing, which an ordered merge needs. */
#ifndef BINDGUARD_RING_READER_H
#define BINDGUARD_RING_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One ring: the kernel's layout (consumer page, producer page, then the
 * data mapped twice, so that no record wraps). */
struct ring_reader {
	unsigned long *consumer_pos;	   /* written back in batches */
	const unsigned long *producer_pos; /* read once per round */
	const uint8_t *data;
	size_t mask; /* data size - 1 */
	unsigned long cons, prod;
	unsigned int unpublished;
	/* the head, once peeked: a record, its size and its time */
	const void *head;
	uint32_t head_len;
	uint64_t head_ts;
	/* ring_reader_open's mapping of the producer page and the data (its
	 * consumer page is consumer_pos); 0 for memory the caller laid out */
	size_t map_prod_len;
};

/* Maps the ring of map fd; a negative errno on failure. */
int ring_reader_open(struct ring_reader *r, int map_fd);
/* Over memory the caller laid out as the kernel does (the tests). */
void ring_reader_init(struct ring_reader *r, unsigned long *consumer_pos,
		      const unsigned long *producer_pos, const void *data, size_t data_size);
void ring_reader_close(struct ring_reader *r);

/* Called with each record; a negative return stops the drain and is
 * returned, as with libbpf's ring_buffer. */
typedef int (*ring_record_fn)(void *ctx, const void *data, size_t size);

/* Delivers what the n rings hold, oldest first by the records' leading
 * u64 (their time), leaving any record of time >= limit for a later call.
 * A ring stops at a record still being written.  *held says that either
 * left something behind.  Returns the number delivered, or fn's error.
 * The programs on syscall tracepoints run with preemption off, so nothing
 * of their CPU can queue behind such a record; a trampoline or cgroup
 * program preempted midway on a fully preemptible kernel can hold its
 * CPU's later records back while other CPUs' newer ones pass. */
long ring_merge(struct ring_reader *rings, size_t n, uint64_t limit, ring_record_fn fn, void *ctx,
		bool *held);

#endif

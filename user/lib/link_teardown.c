// SPDX-License-Identifier: GPL-2.0
/* Links destroyed in parallel threads: see link_teardown.h. */
#include "lib/link_teardown.h"

#include <bpf/libbpf.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>

static void *destroy_one(void *slot)
{
	struct bpf_link **link = slot;

	bpf_link__destroy(*link);
	*link = NULL;
	return NULL;
}

/* Destroys each *slots[i] (none is NULL) in its own thread, the last in
 * the caller's, so that their waits overlap, and sets them to NULL; one
 * after the other where a thread cannot start. */
static void links_destroy_together(struct bpf_link ***slots, size_t n)
{
	pthread_t *threads = calloc(n ? n : 1, sizeof(*threads));
	bool *started = calloc(n ? n : 1, sizeof(*started));
	sigset_t all, old;

	/* signals stay with the caller's thread, whose handlers expect them */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	for (size_t i = 0; threads && started && i + 1 < n; i++)
		started[i] = pthread_create(&threads[i], NULL, destroy_one, slots[i]) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	for (size_t i = 0; i < n; i++)
		if (!(started && started[i]))
			destroy_one(slots[i]); /* the last, and any whose thread did not start */
	for (size_t i = 0; i < n; i++)
		if (started && started[i])
			pthread_join(threads[i], NULL);
	free(started);
	free(threads);
}

void skeleton_links_destroy(const struct bpf_object_skeleton *s)
{
	struct bpf_link ***slots;
	size_t n = 0;

	if (!s || s->prog_cnt <= 0)
		return;
	slots = calloc((size_t)s->prog_cnt, sizeof(*slots));
	if (!slots)
		return; /* the skeleton's __destroy() detaches them one after the other */
	for (int i = 0; i < s->prog_cnt; i++) {
		const struct bpf_prog_skeleton *p =
		    (const void *)((const char *)s->progs + (size_t)i * (size_t)s->prog_skel_sz);

		if (p->link && *p->link)
			slots[n++] = p->link;
	}
	links_destroy_together(slots, n);
	free(slots);
}

/* SPDX-License-Identifier: GPL-2.0 */
/* Destroying a skeleton's BPF links all at once.  Closing the last
 * reference to a syscall tracepoint's perf link waits for an RCU grace
 * period (60-75 ms each on the development VM): one after the other, the
 * three links of `trace` kept Ctrl-C waiting 225 ms. */
#ifndef BINDGUARD_LINK_TEARDOWN_H
#define BINDGUARD_LINK_TEARDOWN_H

#include <stddef.h>

struct bpf_link;
struct bpf_object_skeleton;

/* Destroys *slots[i] for each non-NULL one, each in its own thread (the
 * last in the caller's), so that their waits overlap, and sets them to
 * NULL.  Falls back to one after the other where a thread cannot start. */
void links_destroy_together(struct bpf_link **const *slots, size_t n);

/* The same for every link of a skeleton's programs: its __destroy() then
 * finds none left to detach. */
void skeleton_links_destroy(const struct bpf_object_skeleton *s);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/* Destroying a skeleton's BPF links all at once.  Closing the last
 * reference to a syscall tracepoint's perf link waits for an RCU grace
 * period (60-75 ms each on the development VM): one after the other, the
 * three links of `trace` kept Ctrl-C waiting 225 ms. */
#ifndef BINDGUARD_LINK_TEARDOWN_H
#define BINDGUARD_LINK_TEARDOWN_H

struct bpf_object_skeleton;

/* Destroys every link of a skeleton's programs, each in its own thread
 * (the last in the caller's) so that their waits overlap, or one after the
 * other where a thread cannot start.  Its __destroy() then finds none left
 * to detach. */
void skeleton_links_destroy(const struct bpf_object_skeleton *s);

#endif

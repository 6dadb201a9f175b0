/* SPDX-License-Identifier: GPL-2.0 */
/* BTF read where it lies, without libbpf's copy: the kernel's, mapped from
 * sysfs (Linux 6.16+) or read once.  btf__new() copies the 5.5 MB and then
 * parses it (4 ms in a fresh process, most of it page faults); a view only
 * indexes the types in place.  libbpf's inline helpers (btf_kind(),
 * btf_members() ...) read the types it returns. */
#ifndef BINDGUARD_BTF_VIEW_H
#define BINDGUARD_BTF_VIEW_H

#include <bpf/btf.h>
#include <linux/btf.h>
#include <stddef.h>

struct btf_view {
	const char *strings;
	__u32 strings_len;
	const struct btf_type **types; /* by id; [0] is void (NULL) */
	__u32 count;		       /* ids 0 .. count - 1, as btf__type_cnt() */
};

/* Indexes the raw BTF in data (which must outlive the view): 0, or -EINVAL
 * when its header, a type or the string section is malformed, -ENOMEM. */
int btf_view_init(struct btf_view *v, const void *data, size_t size);
void btf_view_free(struct btf_view *v);

/* NULL for 0 and past the last id. */
const struct btf_type *btf_view_type(const struct btf_view *v, __u32 id);
/* "" for an offset outside the strings. */
const char *btf_view_name(const struct btf_view *v, __u32 offset);
/* In one walk: the id of the first type of `kind` named names[i] into
 * ids[i], 0 for a name v does not have. */
void btf_view_find(const struct btf_view *v, int kind, const char *const names[], __u32 ids[],
		   size_t n);

#endif

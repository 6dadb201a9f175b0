// SPDX-License-Identifier: GPL-2.0
/* Inputs that crashed a module under the fuzzers (tests/fuzz/) or under
 * `make test-san`, kept as plain unit tests.  Each says who found it and
 * what went wrong; some only crash when built with SAN=1, the results are
 * checked always. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "capture/event_format.h"
#include "listeners/proc_owners.h"
#include "commands/trace_options.h"

/* fuzz_cli: trace_options_parse reset getopt with optind = 1, which leaves
 * glibc's position inside a group of short options.  After "-64x" failed at
 * '4', the next parse went on reading "x" from the earlier (by then freed)
 * argv: a use-after-free, and an --exposed the user never gave. */
static void test_trace_options_forget_earlier_argv(void **state)
{
	/* kept alive, so that the stale position reads "x" rather than
	 * whatever free() left there: the failure is the same in every build */
	static char prog[] = "trace", group[] = "-64x", json[] = "--json";
	char *first[] = { prog, group, NULL };
	char *second[] = { prog, json, NULL };
	struct trace_options o;

	(void)state;
	assert_int_equal(trace_options_parse(&o, 2, first, "usage\n"), -EINVAL);
	assert_int_equal(trace_options_parse(&o, 2, second, "usage\n"), 0);
	assert_true(o.stream.json);
	assert_false(o.exposed_only);
	assert_int_equal(o.family, 0);
}

/* fuzz_event: the record's ts_ns plus the realtime offset overflowed int64
 * (signed overflow, UB) for a corrupted or far-future timestamp. */
static void test_format_huge_timestamp(void **state)
{
	static const int64_t offsets[] = { INT64_MAX, INT64_MIN, 1700000000000000000LL };
	struct bind_event e;
	struct strbuf sb;

	(void)state;
	memset(&e, 0, sizeof(e));
	e.kind = BG_EVENT_BIND;
	e.family = AF_INET;
	e.flags = BG_F_REQ_VALID | BG_F_EFF_VALID;
	memcpy(e.comm, "x", 2);
	strbuf_init(&sb);
	for (size_t i = 0; i < sizeof(offsets) / sizeof(offsets[0]); i++) {
		struct format_options o = { .realtime_offset_ns = offsets[i], .full_time = true };

		e.ts_ns = UINT64_MAX - 5;
		format_json_line(&sb, &e, &o);
		format_table_line(&sb, &e, &o);
		e.ts_ns = 0x7fffffffffffff00ULL;
		format_json_line(&sb, &e, &o);
		format_table_line(&sb, &e, &o);
	}
	assert_false(sb.failed);
	assert_int_equal(sb.data[sb.len - 1], '\n');
	strbuf_free(&sb);
}

/* fuzz_event: a record of any other size is refused before it is read. */
static void test_decode_rejects_wrong_sizes(void **state)
{
	static const size_t sizes[] = { 0, 1, sizeof(struct bind_event) - 1,
					sizeof(struct bind_event) + 1 };
	struct bind_event e;

	(void)state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		/* exactly the bytes claimed, so a read past them is caught */
		uint8_t *record = calloc(1, sizes[i] ? sizes[i] : 1);

		assert_non_null(record);
		assert_int_equal(decode_event(record, sizes[i], &e), -EINVAL);
		free(record);
	}
	assert_int_equal(decode_event(NULL, sizeof(e), &e), -EINVAL);
}

/* test-san (itest_audit, itest_top in a fresh namespace): with no socket
 * found, proc_owners_scan sorted with qsort(NULL, 0, ...), which is
 * undefined; UBSan stopped audit and top there. */
static void test_proc_owners_scan_finds_nothing(void **state)
{
	char root[] = "/tmp/bindguard-empty-proc-XXXXXX";
	struct proc_owners o;

	(void)state;
	assert_non_null(mkdtemp(root));
	assert_int_equal(proc_owners_scan(root, &o), 0);
	assert_int_equal(o.n_socks, 0);
	proc_owners_free(&o);
	rmdir(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trace_options_forget_earlier_argv),
		cmocka_unit_test(test_format_huge_timestamp),
		cmocka_unit_test(test_decode_rejects_wrong_sizes),
		cmocka_unit_test(test_proc_owners_scan_finds_nothing),
	};

	return cmocka_run_group_tests_name("regressions", tests, NULL, NULL);
}

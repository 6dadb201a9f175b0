// SPDX-License-Identifier: GPL-2.0
/* libFuzzer: ring-buffer records.  decode_event() must reject a short, long
 * or corrupted record without reading past it; whatever it accepts must
 * print as one valid JSON line and as one table line of printable text,
 * the same through the text caches as afresh. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <json-c/json.h>

#include "capture/event_format.h"

#include "strict_json.h"

/* CLOCK_REALTIME - CLOCK_MONOTONIC as a clock set anywhere could make it. */
static const int64_t offsets[] = {
	0, 1700000000000000000LL, -1700000000000000000LL, INT64_MAX, INT64_MIN, -1,
};

static void check_json(const struct bind_event *e, const struct format_options *fo)
{
	struct strbuf sb;
	struct json_object *o, *v;
	const uint8_t *addr;
	uint16_t port;
	bool known = event_subject(e, &addr, &port);

	strbuf_init(&sb);
	format_json_line(&sb, e, fo);
	CHECK(!sb.failed && sb.len > 1 && sb.data[sb.len - 1] == '\n');
	CHECK(memchr(sb.data, '\n', sb.len) == sb.data + sb.len - 1);
	o = parse_strict(sb.data, sb.len - 1);
	CHECK(o && json_object_is_type(o, json_type_object));
	CHECK(json_object_object_get_ex(o, "event", &v) &&
	      strcmp(json_object_get_string(v), event_kind_name(e->kind)) == 0);
	CHECK(json_object_object_get_ex(o, "ret", &v) && json_object_get_int64(v) == e->ret);
	CHECK(json_object_object_get_ex(o, "error", &v) == (e->ret < 0));
	CHECK(json_object_object_get_ex(o, "addr", &v));
	CHECK((v == NULL) == !known);
	CHECK(json_object_object_get_ex(o, "port", &v));
	CHECK(known ? json_object_get_int64(v) == port : v == NULL);
	CHECK(json_object_object_get_ex(o, "comm", &v) && json_object_is_type(v, json_type_string));
	json_object_put(o);
	strbuf_free(&sb);
}

static void check_table(const struct bind_event *e, const struct format_options *fo)
{
	struct strbuf sb;

	strbuf_init(&sb);
	format_table_line(&sb, e, fo);
	CHECK(!sb.failed && sb.len > 1 && sb.data[sb.len - 1] == '\n');
	/* printable ASCII only: a process name cannot move the cursor */
	for (size_t i = 0; i + 1 < sb.len; i++) {
		unsigned char c = (unsigned char)sb.data[i];

		CHECK((c >= 0x20 && c < 0x7f) || (fo->color && c == 0x1b));
	}
	strbuf_free(&sb);
}

/* Through text caches that earlier inputs filled (one per output mode, as
 * in a stream), the bytes made afresh. */
static void check_text_cache(const struct bind_event *e, const struct format_options *fo)
{
	static struct format_text_cache caches[2];
	struct format_options cached = *fo;
	struct strbuf a, b;

	strbuf_init(&a);
	strbuf_init(&b);
	format_table_line(&a, e, fo);
	format_json_line(&a, e, fo);
	cached.text_cache = &caches[0];
	format_table_line(&b, e, &cached);
	CHECK(format_event_class(e, &cached) == event_class(e));
	cached.text_cache = &caches[1];
	format_json_line(&b, e, &cached);
	CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
	strbuf_free(&a);
	strbuf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct format_options fo = { 0 };
	struct bind_event e;
	uint8_t opts;
	int err;

	if (size < 1)
		return 0;
	opts = data[0];
	fo.color = opts & 1;
	fo.full_time = opts & 2;
	fo.show_action = opts & 4;
	fo.realtime_offset_ns = offsets[(opts >> 3) % (sizeof(offsets) / sizeof(offsets[0]))];

	/* the record is the rest, ending where libFuzzer's allocation ends */
	memset(&e, 0xa5, sizeof(e));
	err = decode_event(data + 1, size - 1, &e);
	CHECK(err == 0 || err == -EINVAL);
	if (size - 1 != sizeof(struct bind_event))
		CHECK(err == -EINVAL);
	CHECK(decode_event(NULL, sizeof(e), &e) == -EINVAL);
	if (err)
		return 0;
	CHECK(e.family == AF_INET || e.family == AF_INET6);
	CHECK(e.kind >= BG_EVENT_BIND && e.kind <= BG_EVENT_CLOSE);
	CHECK(e.action < BG_ACTION_MAX);
	CHECK(e.backend < BG_BACKEND_MAX && e.owner < BG_OWNER_MAX);
	CHECK((unsigned int)event_class(&e) < ADDR_CLASS_COUNT);
	check_json(&e, &fo);
	check_table(&e, &fo);
	check_text_cache(&e, &fo);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/* Time-limited exceptions: parsing, and the pinned map they live in. */
#include "enforcement/temporary_allow.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "capture/event_format.h"
#include "lib/bpf_support.h"
#include "lib/cli_parse.h"

int allow_spec_parse(const char *text, struct bg_allow_key *key, char *err, size_t err_len)
{
	char port_text[16];
	const char *slash = strchr(text, '/');
	size_t n = slash ? (size_t)(slash - text) : strlen(text);
	uint32_t port;

	memset(key, 0, sizeof(*key));
	snprintf(port_text, sizeof(port_text), "%.*s", (int)(n < sizeof(port_text) ? n : 0), text);
	if (n >= sizeof(port_text) || parse_u32(port_text, 1, 65535, &port)) {
		snprintf(err, err_len, "'%s': expected PORT or PORT/tcp or PORT/udp, port 1-65535",
			 text);
		return -EINVAL;
	}
	key->port = (__u16)port;
	if (!slash)
		return 0;
	if (strcasecmp(slash + 1, "tcp") == 0)
		key->protocol = BG_PROTO_TCP;
	else if (strcasecmp(slash + 1, "udp") == 0)
		key->protocol = BG_PROTO_UDP;
	else {
		snprintf(err, err_len, "'%s': the protocol after '/' is tcp or udp", text);
		return -EINVAL;
	}
	return 0;
}

void allow_spec_format(const struct bg_allow_key *key, char *buf, size_t len)
{
	snprintf(buf, len, "%u%s", key->port,
		 key->protocol == BG_PROTO_TCP	 ? "/tcp"
		 : key->protocol == BG_PROTO_UDP ? "/udp"
						 : "");
}

int duration_parse(const char *text, uint64_t *seconds)
{
	static const struct {
		char unit;
		uint64_t factor;
	} units[] = { { 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 } };
	char number[24];
	size_t n = strlen(text);
	uint64_t factor = 1, value;

	if (n == 0 || n >= sizeof(number))
		return -EINVAL;
	memcpy(number, text, n + 1);
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (number[n - 1] == units[i].unit) {
			factor = units[i].factor;
			number[--n] = '\0';
			break;
		}
	}
	if (parse_u64(number, 1, ALLOW_MAX_SECONDS / factor, &value))
		return -EINVAL;
	*seconds = value * factor;
	return 0;
}

void duration_format(uint64_t s, char *buf, size_t len)
{
	if (s < 60)
		snprintf(buf, len, "%llus", (unsigned long long)s);
	else if (s < 3600)
		snprintf(buf, len, "%llum %02llus", (unsigned long long)(s / 60),
			 (unsigned long long)(s % 60));
	else if (s < 86400)
		snprintf(buf, len, "%lluh %02llum", (unsigned long long)(s / 3600),
			 (unsigned long long)(s % 3600 / 60));
	else
		snprintf(buf, len, "%llud %02lluh", (unsigned long long)(s / 86400),
			 (unsigned long long)(s % 86400 / 3600));
}

/* The clock bpf_ktime_get_boot_ns() reads. */
static uint64_t boot_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

int temporary_allows_open(const char *pin_dir)
{
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", pin_dir, TEMPORARY_ALLOWS_PIN);
	fd = bpf_obj_get(path);
	if (fd < 0)
		return -errno;
	if (!map_layout_is(fd, BPF_MAP_TYPE_HASH, sizeof(struct bg_allow_key),
			   sizeof(struct bg_allow_entry))) {
		close(fd);
		return -EPROTO;
	}
	return fd;
}

int temporary_allow_add(int fd, const struct bg_allow_key *key, uint64_t seconds, const char *comm)
{
	struct bg_allow_entry e = { .expires_boot_ns = boot_ns() + seconds * 1000000000ULL };

	if (comm)
		snprintf(e.comm, sizeof(e.comm), "%s", comm);
	return bpf_map_update_elem(fd, key, &e, BPF_ANY) ? -errno : 0;
}

int temporary_allow_remove(int fd, const struct bg_allow_key *key)
{
	return bpf_map_delete_elem(fd, key) ? -errno : 0;
}

int temporary_allows_clear(int fd)
{
	struct bg_allow_key key;

	/* always the first key: each deleted one is gone from the walk */
	while (!bpf_map_get_next_key(fd, NULL, &key))
		if (bpf_map_delete_elem(fd, &key) && errno != ENOENT)
			return -errno;
	return errno == ENOENT ? 0 : -errno;
}

static int by_port(const void *a, const void *b)
{
	const struct temporary_allow *x = a, *y = b;

	if (x->key.port != y->key.port)
		return x->key.port < y->key.port ? -1 : 1;
	return x->key.protocol - y->key.protocol;
}

int temporary_allows_read(int fd, struct temporary_allow *out, size_t max)
{
	struct bg_allow_key key, next, expired[BG_MAX_TEMPORARY_ALLOWS];
	size_t n = 0, n_expired = 0;
	uint64_t now = boot_ns();
	void *prev = NULL;

	while (bpf_map_get_next_key(fd, prev, &next) == 0) {
		struct bg_allow_entry e;

		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, &e))
			continue; /* removed meanwhile */
		if (e.expires_boot_ns <= now) {
			if (n_expired < BG_MAX_TEMPORARY_ALLOWS)
				expired[n_expired++] = key;
			continue;
		}
		if (n < max) {
			out[n].key = key;
			out[n].entry = e;
			out[n].seconds_left =
			    (e.expires_boot_ns - now + 999999999ULL) / 1000000000ULL;
			n++;
		}
	}
	if (errno != ENOENT)
		return -errno;
	/* deleted after the walk, which a deletion would restart */
	for (size_t i = 0; i < n_expired; i++)
		bpf_map_delete_elem(fd, &expired[i]);
	qsort(out, n, sizeof(*out), by_port);
	return (int)n;
}

static int read_for_status(const char *pin_dir, struct temporary_allow *out, size_t max)
{
	int fd = temporary_allows_open(pin_dir), n;

	if (fd < 0)
		return 0;
	n = temporary_allows_read(fd, out, max);
	close(fd);
	return n < 0 ? 0 : n;
}

void temporary_allows_status_text(FILE *out, const char *pin_dir)
{
	struct temporary_allow a[BG_MAX_TEMPORARY_ALLOWS];
	int n = read_for_status(pin_dir, a, BG_MAX_TEMPORARY_ALLOWS);
	char spec[32], left[32];

	for (int i = 0; i < n; i++) {
		char comm[4 * BG_COMM_LEN + 1];

		allow_spec_format(&a[i].key, spec, sizeof(spec));
		duration_format(a[i].seconds_left, left, sizeof(left));
		/* shown as trace, allow --list and the allow line show names */
		*format_comm(comm, a[i].entry.comm, 0) = '\0';
		fprintf(out, "  %s %s for %s more%s%s (bindguard allow)\n",
			i ? "           " : "temporary: ", spec, left,
			a[i].entry.comm[0] ? ", comm " : "", a[i].entry.comm[0] ? comm : "");
	}
}

void temporary_allows_status_json(struct json_object *o, const char *pin_dir)
{
	struct temporary_allow a[BG_MAX_TEMPORARY_ALLOWS];
	int n = read_for_status(pin_dir, a, BG_MAX_TEMPORARY_ALLOWS);
	struct strbuf *sb = o->sb;

	json_key(o, "temporary_allows");
	strbuf_putc(sb, '[');
	for (int i = 0; i < n; i++) {
		struct json_object item;

		if (i)
			strbuf_putc(sb, ',');
		json_begin(&item, sb);
		json_uint(&item, "port", a[i].key.port);
		json_str(&item, "protocol",
			 a[i].key.protocol == BG_PROTO_TCP   ? "tcp"
			 : a[i].key.protocol == BG_PROTO_UDP ? "udp"
							     : "any");
		json_uint(&item, "seconds_left", a[i].seconds_left);
		if (a[i].entry.comm[0])
			json_strn(&item, "comm", a[i].entry.comm,
				  strnlen(a[i].entry.comm, BG_COMM_LEN));
		else
			json_null(&item, "comm");
		json_end(&item);
	}
	strbuf_putc(sb, ']');
}

// SPDX-License-Identifier: GPL-2.0
/* `bindguard log`: the interventions a pinned policy recorded, the backlog
 * first and then live, in trace's table or JSON lines. */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture/event_format.h"
#include "capture/event_stream.h"
#include "commands/commands.h"
#include "commands/pinned_options.h"
#include "commands/stream_options.h"
#include "enforcement/pin_store.h"
#include "listeners/listen_snapshot.h"
#include "lib/array.h"
#include "lib/bpf_support.h"
#include "lib/clock.h"
#include "lib/cli_parse.h"
#include "lib/signals.h"
#include "lib/cli_options.h"
#include "lib/report.h"

static const char log_usage[] =
    "Usage: bindguard log [OPTIONS]\n"
    "Print what the pinned policy did: every bind it logged, rewrote or denied, the\n"
    "record kept while nobody followed first, then live (Ctrl-C to stop).\n"
    "\n"
    "      --pin-dir DIR          the pinned policy's directory (default <bpffs>/bindguard)\n"
    "  -j, --json                 JSON lines\n"
    "  -o, --output FILE          write to FILE\n"
    "  -T, --timestamp            full timestamps\n"
    "  -d, --duration SECONDS     stop after this long\n"
    "      --no-follow            print the record and return\n"
    "      --journal              sd-daemon priority prefixes (<4> deny, <5> rewrite,\n"
    "                             <6> log) for journald\n"
    "  -h, --help                 this text\n"
    "\n"
    "The record is read once: what `log` printed is gone from it.\n";

struct log_options {
	const char *pin_dir;
	struct stream_options stream; /* -j -o -T -d */
	bool no_follow, journal;
};

/* How often the pins are looked at again: a policy pinned anew has a
 * new record, and the count of what was not kept may grow.  In between
 * the reader sleeps until the record wakes it (the hooks submit with the
 * kernel's own wake-up), so an idle follower wakes once a second. */
#define RECHECK_NS 1000000000ULL
/* How long after a bind the owner of a socket is looked up, at most. */
#define LOOKUP_GRACE_NS 100000000ULL

static const struct cli_option log_follow_options[] = {
	CLI_FLAG("no-follow", 0, struct log_options, no_follow),
	CLI_FLAG("journal", 0, struct log_options, journal),
	CLI_OPTIONS_END,
};

static const struct cli_group log_groups[] = {
	{ pin_dir_option, offsetof(struct log_options, pin_dir) },
	{ stream_output_options, offsetof(struct log_options, stream) },
	{ log_follow_options, 0 },
	{ NULL, 0 },
};

/* Returns 0, CLI_HELP_SHOWN after --help, or -errno after a message. */
static int log_options_parse(struct log_options *o, int argc, char **argv)
{
	const struct cli_spec spec = { .usage = log_usage, .groups = log_groups };
	int err;

	memset(o, 0, sizeof(*o));
	err = cli_parse(&spec, argc, argv, o);
	if (err)
		return err;
	if (geteuid() != 0) {
		report("needs root to read the pinned record; try sudo\n");
		return -EPERM;
	}
	return 0;
}

struct log_reader {
	struct log_options *o;
	struct event_stream stream;
	struct bind_event *batch; /* records read, not yet printed */
	size_t n_batch, cap_batch;
	char dir[4096];
	struct ring_buffer *rb;
	uint32_t ring_id; /* map id of the record followed, 0: none */
	int ring_fd;	  /* held open: how another reader finds this one */
	uint64_t lost_reported;
	uint64_t malformed;
	bool waiting_said;
};

static int journal_priority(uint8_t action)
{
	return action == BG_ACTION_DENY ? 4 : action == BG_ACTION_REWRITE ? 5 : 6;
}

/* While the process lives: its parent and its name, where the kernel
 * could not give them to the hook. */
static void complete_process(struct bind_event *e)
{
	char path[64], stat[512], *close_paren;
	FILE *f;
	int ppid;

	if (!e->pid)
		return;
	snprintf(path, sizeof(path), "/proc/%u/stat", e->pid);
	f = fopen(path, "re");
	if (!f)
		return;
	if (fgets(stat, sizeof(stat), f) && (close_paren = strrchr(stat, ')')) &&
	    sscanf(close_paren + 1, " %*c %d", &ppid) == 1) {
		char *open_paren = strchr(stat, '(');

		if (!e->ppid)
			e->ppid = (uint32_t)ppid;
		if (!e->comm[0] && open_paren && close_paren > open_paren)
			snprintf(e->comm, sizeof(e->comm), "%.*s",
				 (int)(close_paren - open_paren - 1), open_paren + 1);
	}
	fclose(f);
}

static int on_record(void *ctx, void *data, size_t size)
{
	struct log_reader *r = ctx;
	struct bind_event e;

	if (decode_event(data, size, &e)) {
		r->malformed++;
		return 0;
	}
	if (array_reserve(&r->batch, &r->cap_batch, r->n_batch, 64))
		return -ENOMEM;
	r->batch[r->n_batch++] = e;
	return 0;
}

/* Whose socket it is, for a record the hook could give no pid (cgroup hooks
 * before Linux 6.0): the process that holds the socket now, found by its
 * cookie through sock_diag and the /proc walk that audit uses.  Only a
 * socket in the kernel's tables is found (listening TCP, bound UDP): a
 * denied bind's socket is bound to nothing, and a closed one is gone. */
static void look_up_owners(struct log_reader *r)
{
	const struct proc_process *holder;
	struct listen_snapshot snap;
	uint64_t newest = 0, now;
	size_t wanted = 0;

	for (size_t i = 0; i < r->n_batch; i++) {
		if (!r->batch[i].pid && r->batch[i].sock_cookie) {
			wanted++;
			if (r->batch[i].ts_ns > newest)
				newest = r->batch[i].ts_ns;
		}
	}
	if (!wanted)
		return;
	/* a server listens right after its bind: give it the time to */
	now = monotonic_ns();
	if (newest + LOOKUP_GRACE_NS > now && newest + LOOKUP_GRACE_NS - now <= LOOKUP_GRACE_NS)
		usleep((useconds_t)((newest + LOOKUP_GRACE_NS - now) / 1000));
	listen_snapshot_take(&snap, true); /* what it could read is enough */
	for (size_t i = 0; i < r->n_batch; i++) {
		struct bind_event *e = &r->batch[i];

		if (e->pid || !e->sock_cookie)
			continue;
		holder = listen_snapshot_holder(&snap, e->netns, e->sock_cookie);
		if (!holder)
			continue;
		e->pid = (uint32_t)holder->pid;
		memcpy(e->comm, holder->comm, sizeof(e->comm));
		e->owner = BG_OWNER_LOOKED_UP;
	}
	listen_snapshot_free(&snap);
}

/* Prints what the last read of the record brought, oldest first. */
static int print_batch(struct log_reader *r)
{
	int err = 0;

	look_up_owners(r);
	for (size_t i = 0; i < r->n_batch && !err; i++) {
		struct bind_event *e = &r->batch[i];

		complete_process(e);
		if (r->o->journal)
			strbuf_printf(&r->stream.out.buf, "<%d>", journal_priority(e->action));
		err = event_stream_add(&r->stream, e);
	}
	r->n_batch = 0;
	return err ? err : event_stream_flush(&r->stream, 0);
}

static uint64_t pinned_lost(const char *dir)
{
	char path[4096];
	uint64_t n = 0;
	int fd;

	pin_path(path, sizeof(path), dir, PIN_LOG_LOST, NULL);
	fd = bpf_obj_get(path);
	if (fd >= 0) {
		n = map_is_percpu_counter(fd) ? percpu_u64_sum(fd, 0) : 0;
		close(fd);
	}
	return n;
}

/* The record is read once: another reader (bindguard-log.service, say)
 * and this one each get part of it. */
static void warn_other_reader(uint32_t ring_id)
{
	char comm[BG_COMM_LEN + 1] = "?", shown[4 * BG_COMM_LEN + 1];
	pid_t other = map_holder(ring_id, comm, sizeof(comm));

	if (!other)
		return;
	*format_comm(shown, comm, 0) = '\0';
	report("note: %s (pid %d) reads this record too: each intervention goes to one of you "
	       "(`journalctl -u bindguard-log -f` follows the journal's)\n",
	       shown, (int)other);
}

/* Follows the record pinned in the directory now: after a `disable` and a
 * new `enforce --pin` that is a new one.  Returns whether one is followed. */
static bool follow_pinned(struct log_reader *r)
{
	char path[4096];
	struct ring_buffer *rb;
	uint32_t id;
	int fd;

	pin_path(path, sizeof(path), r->dir, PIN_LOG, NULL);
	fd = bpf_obj_get(path);
	if (fd < 0) {
		if (!r->rb && !r->waiting_said && !r->o->no_follow)
			report("no pinned policy in %s yet; waiting for one\n", r->dir);
		r->waiting_said = true;
		return r->rb != NULL;
	}
	if (fdinfo_u32(0, fd, "map_id", &id) || id == r->ring_id ||
	    !(rb = ring_buffer__new(fd, on_record, r, NULL))) {
		close(fd); /* the record followed already, or none to follow */
		return r->rb != NULL;
	}
	warn_other_reader(id);
	if (r->rb) { /* what the old record still holds comes first */
		ring_buffer__consume(r->rb);
		ring_buffer__free(r->rb);
		close(r->ring_fd);
	}
	r->rb = rb;
	r->ring_id = id;
	r->ring_fd = fd;
	return true;
}

static void warn_lost(struct log_reader *r)
{
	uint64_t lost = pinned_lost(r->dir);

	if (lost > r->lost_reported)
		report("%llu interventions were not recorded: the record was full "
		       "while nobody followed it\n",
		       (unsigned long long)lost);
	r->lost_reported = lost;
}

/* Sleeps until the record, a stop signal or the reader of the output
 * going away wakes it, as trace does: `log | head -1` ends at once. */
static int follow(struct log_reader *r)
{
	uint64_t now, deadline = 0, recheck = 0, wake;
	int err = 0, n, sleep_ms;

	if (r->o->stream.duration_s)
		deadline = monotonic_ns() + r->o->stream.duration_s * 1000000000ULL;
	while (!err && !stop_requested) {
		now = monotonic_ns();
		if (deadline && now >= deadline)
			break;
		if (now >= recheck) {
			follow_pinned(r);
			warn_lost(r);
			recheck = now + RECHECK_NS;
		}
		wake = deadline && deadline < recheck ? deadline : recheck;
		sleep_ms = ms_until(wake, now); /* wake is never 0: recheck is set */
		err = event_stream_wait(&r->stream, r->rb ? ring_buffer__epoll_fd(r->rb) : -1,
					sleep_ms);
		if (err)
			break;
		n = r->rb ? ring_buffer__consume(r->rb) : 0;
		if (n < 0) {
			report("reading the record failed: %s\n", strerror(-n));
			return n;
		}
		err = print_batch(r);
	}
	return err;
}

int cmd_log(int argc, char **argv)
{
	struct log_options o;
	struct log_reader r = { .o = &o };
	int err = log_options_parse(&o, argc, argv);

	if (err)
		return cli_exit_status(err);
	if (resolve_pin_dir(o.pin_dir, r.dir, sizeof(r.dir)) ||
	    event_stream_open(&r.stream, o.stream.output, o.stream.json, o.stream.full_time, true))
		return EXIT_ERROR;
	if (install_stop_signals()) {
		output_close(&r.stream.out);
		return EXIT_ERROR;
	}
	if (!follow_pinned(&r) && o.no_follow) {
		printf("no pinned policy in %s: nothing recorded\n", r.dir);
		output_close(&r.stream.out);
		return EXIT_FOUND;
	}
	if (!o.journal)
		event_stream_header(&r.stream);
	if (r.rb) /* the backlog, before anything live */
		ring_buffer__consume(r.rb);
	warn_lost(&r);
	err = print_batch(&r);
	if (!err && !o.no_follow)
		err = follow(&r);
	if (!err && r.rb && ring_buffer__consume(r.rb) >= 0)
		err = print_batch(&r);
	event_stream_stopped(&r.stream, err);
	ring_buffer__free(r.rb);
	if (r.rb)
		close(r.ring_fd);
	free(r.batch);
	if (event_stream_close(&r.stream, r.lost_reported, r.malformed) && !err)
		err = -EIO;
	return stream_exit_status(err);
}

// SPDX-License-Identifier: GPL-2.0
/* `bindguard top`: a live table of what listens, seeded from the audit
 * snapshot and kept current by BPF listen/close events, exposed entries
 * first.  --once prints one snapshot (no BPF); --batch prints periodically. */
#include <curses.h>
#include <term.h>
#include <errno.h>
#include <linux/capability.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "capture/capture.h"
#include "lib/bpf_support.h"
#include "lib/cli_parse.h"
#include "commands/commands.h"
#include "enforcement/pin_store.h"
#include "listeners/listen_snapshot.h"
#include "listeners/listener_table.h"
#include "lib/output.h"
#include "enforcement/policy.h"
#include "lib/privileges.h"
#include "lib/signals.h"
#include "lib/strbuf.h"
#include "lib/term_safe.h"
#include "lib/cli_options.h"

/* the full-screen view redraws for events at most this often */
#define REDRAW_MIN_MS 100
#define HEADER_LINES  5

struct top_options {
	bool once;
	bool batch;
	uint32_t iterations; /* --batch: 0 = until interrupted */
	uint32_t delay_s;    /* between snapshots (and batch prints) */
	bool all_netns;
	bool no_bpf;
	enum capture_backend backend; /* live events: auto, fentry or tracepoint */
};

struct top {
	struct top_options o;
	struct listener_table table;
	struct listen_snapshot snap; /* the latest: addresses of each namespace */
	uint64_t self_netns;
	struct capture *cap;
	char live_note[160];
	char policy_note[200];
	char snapshot_note[160];
	bool dirty;
	uint64_t drawn_ms; /* when the view was last drawn */
	/* the full-screen view: the signal mask while it waits (SIGWINCH,
	 * blocked the rest of the time, can come only then) */
	sigset_t wait_mask;
	int scroll;
};

static const char top_usage[] =
    "Usage: bindguard top [OPTIONS]\n"
    "\n"
    "A live, full-screen table of what listens now, exposed entries first:\n"
    "seeded from the same snapshot as `audit`, kept current by BPF listen and\n"
    "close events, refreshed from the kernel's tables every interval.  Shows binds\n"
    "per address class since start and the pinned enforcement policy.\n"
    "Keys: q quits, r refreshes now, arrows and PgUp/PgDn scroll.\n"
    "\n"
    "Options:\n"
    "      --once            print one snapshot as a plain table and exit (no BPF)\n"
    "  -b, --batch           plain tables every interval, for scripts and logs\n"
    "  -n, --iterations N    with --batch: stop after N tables\n"
    "  -d, --delay SECONDS   interval between refreshes (default 2, 1-3600)\n"
    "      --all-netns       also every other network namespace (root)\n"
    "      --no-bpf          no live events: refresh from the kernel's tables only\n"
    "      --backend NAME    auto (default), fentry or tracepoint\n"
    "  -h, --help            this text\n"
    "\n"
    "Live events need root (BPF); without them top refreshes every interval.\n";

static int set_backend(void *target, const struct cli_arg *a)
{
	struct top_options *o = target;

	if (capture_backend_parse(a->value, &o->backend) || o->backend == CAPTURE_BACKEND_HOOKS)
		return CLI_BAD_VALUE;
	return 0;
}

static const struct cli_option top_options[] = {
	CLI_FLAG("once", 0, struct top_options, once),
	CLI_FLAG("batch", 'b', struct top_options, batch),
	CLI_U32("iterations", 'n', struct top_options, iterations, 1, 1000000,
		"expected a count from 1 to 1000000"),
	CLI_U32("delay", 'd', struct top_options, delay_s, 1, 3600,
		"expected whole seconds from 1 to 3600"),
	CLI_FLAG("all-netns", 0, struct top_options, all_netns),
	CLI_FLAG("no-bpf", 0, struct top_options, no_bpf),
	CLI_VALUE("backend", 0, set_backend, "expected auto, fentry or tracepoint"),
	CLI_OPTIONS_END,
};

/* Combinations no single option can judge. */
static int top_options_check(const void *ctx)
{
	const struct top_options *o = ctx;

	if (o->once && o->batch)
		return report_usage("--once and --batch exclude each other");
	if (o->iterations && !o->batch)
		return report_usage("-n only applies with --batch");
	return 0;
}

static const struct cli_group top_groups[] = { { top_options, 0 }, { NULL, 0 } };
static const struct cli_spec top_spec = {
	.usage = top_usage,
	.groups = top_groups,
	.check = top_options_check,
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Replaces the listeners with what the kernel's tables say now. */
static int take_snapshot(struct top *t)
{
	struct listen_snapshot snap;
	int err;

	err = listen_snapshot_take(&snap, t->o.all_netns);
	if (err) {
		snprintf(t->snapshot_note, sizeof(t->snapshot_note),
			 "reading the socket tables failed: %s", strerror(-err));
		listen_snapshot_free(&snap);
		return err;
	}
	t->snapshot_note[0] = '\0';
	listen_snapshot_free(&t->snap);
	t->snap = snap;

	listener_table_clear(&t->table);
	for (size_t i = 0; i < snap.n_ns; i++) {
		const struct ns_snapshot *ns = &snap.ns[i];

		for (size_t j = 0; j < ns->socks.n; j++) {
			const struct listen_socket *s = &ns->socks.items[j];
			const struct proc_socket_ref *first;
			struct exposure_result r;
			struct listener l = { 0 };

			l.netns = s->netns;
			l.family = s->family;
			l.protocol = s->protocol;
			memcpy(l.addr, s->addr, sizeof(l.addr));
			l.port = s->port;
			l.v6only = s->v6only;
			l.cls = classify_addr(s->family, s->addr);
			exposure_resolve(s->family, s->addr, s->v6only, s->ifindex, ns->ifs.items,
					 ns->ifs.n, &r);
			l.exposure = r.level;
			l.uid = s->uid;
			if (proc_owners_lookup(&snap.owners, s->inode, &first)) {
				const struct proc_process *p = &snap.owners.procs[first->process];

				l.pid = (uint32_t)p->pid;
				l.uid = p->uid;
				snprintf(l.comm, sizeof(l.comm), "%s", p->comm);
			}
			l.sockets = 1;
			if (listener_table_add(&t->table, &l))
				return -ENOMEM;
		}
	}
	listener_table_sort(&t->table);
	t->dirty = true;
	return 0;
}

static void read_policy(struct top *t)
{
	struct pinned_state st = { 0 };
	char dir[4096];
	/* bpffs not mounted: nothing can be pinned */
	int err = find_pin_dir(dir, sizeof(dir)) ? 0 : pinned_read(dir, &st);

	if (err)
		snprintf(t->policy_note, sizeof(t->policy_note),
			 "enforcement: the pinned policy cannot be read (%s)", strerror(-err));
	else if (!st.present)
		snprintf(t->policy_note, sizeof(t->policy_note), "enforcement: no pinned policy");
	else
		snprintf(t->policy_note, sizeof(t->policy_note),
			 "enforcement: %s %s binds, %d of 2 hooks attached | rewritten %llu, "
			 "denied %llu, logged %llu",
			 policy_mode_name(st.policy.mode), policy_scope_name(st.policy.scope),
			 st.links, (unsigned long long)st.counts[BG_ACTION_REWRITE],
			 (unsigned long long)st.counts[BG_ACTION_DENY],
			 (unsigned long long)st.counts[BG_ACTION_LOG]);
}

static int on_event(void *ctx, const struct bind_event *e)
{
	struct top *t = ctx;
	const struct ns_snapshot *ns = NULL;
	int changed;

	if (!t->o.all_netns && e->netns != t->self_netns)
		return 0;
	for (size_t i = 0; i < t->snap.n_ns; i++)
		if (t->snap.ns[i].ns.inode == e->netns)
			ns = &t->snap.ns[i];
	/* a namespace born after the snapshot: no addresses known until the next */
	changed = listener_table_apply(&t->table, e, ns ? ns->ifs.items : NULL, ns ? ns->ifs.n : 0);
	if (changed > 0)
		listener_table_sort(&t->table);
	t->dirty = true;
	return 0;
}

/* Live events where they can be had; -1 when a --backend that was asked
 * for cannot run (capture_start said why): auto falls back to refreshes. */
static int start_events(struct top *t)
{
	struct capture_options opts = { .emit_close = true, .backend = t->o.backend };
	int err;

	if (t->o.no_bpf) {
		snprintf(t->live_note, sizeof(t->live_note),
			 "live events off (--no-bpf): refreshed every %us", t->o.delay_s);
		return 0;
	}
	bpf_support_init(false); /* libbpf quiet: auto tries trampolines first */
	err = capture_start(&t->cap, &opts, on_event, t);
	if (err) {
		t->cap = NULL;
		if (opts.backend != CAPTURE_BACKEND_AUTO)
			return -1;
		snprintf(t->live_note, sizeof(t->live_note),
			 "live events off (%s): refreshed every %us", strerror(-err), t->o.delay_s);
		return 0;
	}
	snprintf(t->live_note, sizeof(t->live_note), "live events on (%s), refreshed every %us",
		 capture_backend_name(capture_backend_used(t->cap)), t->o.delay_s);
	return 0;
}

static void format_title(struct strbuf *sb, const struct top *t)
{
	char when[32];
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	strftime(when, sizeof(when), "%H:%M:%S", &tm);
	strbuf_printf(sb, "bindguard top - %s - %zu listening, %zu exposed - %s", when, t->table.n,
		      listener_table_exposed(&t->table), t->live_note);
}

/* The plain table of --once and --batch. */
static void format_plain(struct strbuf *sb, const struct top *t)
{
	format_title(sb, t);
	strbuf_putc(sb, '\n');
	strbuf_printf(sb, "%s\n", t->policy_note);
	if (t->cap) {
		listener_format_counters(sb, &t->table);
		strbuf_putc(sb, '\n');
	}
	if (t->snapshot_note[0])
		strbuf_printf(sb, "%s\n", t->snapshot_note);
	listener_format_header(sb, t->o.all_netns);
	for (size_t i = 0; i < t->table.n; i++)
		listener_format_row(sb, &t->table.items[i], t->o.all_netns);
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* Delivers the events that wait; a capture that fails is stopped, and the
 * view says so. */
static void deliver_events(struct top *t)
{
	int n = capture_poll(t->cap, 0);

	if (n < 0 && n != -EINTR) {
		snprintf(t->live_note, sizeof(t->live_note), "live events stopped (%s)",
			 strerror(-n));
		capture_stop(t->cap);
		t->cap = NULL;
		t->dirty = true;
	}
}

/* Waits until deadline (ms), delivering events as the capture wakes it;
 * with `keys`, also until a key, a resize or, once the view changed, its
 * next redraw (REDRAW_MIN_MS after the last).  Sleeps in ppoll() the whole
 * time: idle, top wakes only for its refreshes.  A resize interrupts it:
 * SIGWINCH is blocked but while it waits, so that one that comes while it
 * draws is not lost (ncurses' handler sets the flag getch() reports).
 * False when asked to stop. */
static bool wait_until(struct top *t, uint64_t deadline, bool keys)
{
	while (!stop_requested) {
		uint64_t now = now_ms(), until = deadline, recheck = 0, wait_ms;
		struct timespec timeout;
		struct pollfd fds[3] = {
			{ .fd = t->cap ? capture_events_fd(t->cap) : -1, .events = POLLIN },
			{ .fd = stop_signal_fd(), .events = POLLIN },
			{ .fd = keys ? STDIN_FILENO : -1, .events = POLLIN },
		};

		if (keys && t->dirty)
			until = min_u64(until, t->drawn_ms + REDRAW_MIN_MS);
		if (now >= until)
			return true;
		/* records the capture holds back until then (capture_poll) */
		if (t->cap && capture_recheck_ns(t->cap)) {
			recheck = capture_recheck_ns(t->cap) / 1000000 + 1;
			until = min_u64(until, recheck);
		}
		wait_ms = until > now ? until - now : 0;
		timeout.tv_sec = (time_t)(wait_ms / 1000);
		timeout.tv_nsec = (long)(wait_ms % 1000) * 1000000;
		if (ppoll(fds, 3, &timeout, keys ? &t->wait_mask : NULL) < 0) {
			if (errno != EINTR)
				return false;
			if (keys)
				return true; /* a resize: getch() reports it */
			continue;	     /* the loop looks at the stop flag */
		}
		if (t->cap && (fds[0].revents || (recheck && now_ms() >= recheck)))
			deliver_events(t);
		if (fds[2].revents & (POLLHUP | POLLERR | POLLNVAL))
			return false; /* the terminal is gone */
		if (fds[2].revents)
			return true;
	}
	return false;
}

static int run_batch(struct top *t, struct output *out)
{
	uint32_t printed = 0;
	int err;

	for (;;) {
		read_policy(t);
		format_plain(&out->buf, t);
		strbuf_putc(&out->buf, '\n');
		err = output_flush(out);
		if (err)
			return err == -EPIPE ? 0 : err;
		if (t->o.iterations && ++printed >= t->o.iterations)
			return 0;
		if (!wait_until(t, now_ms() + t->o.delay_s * 1000ULL, false))
			return 0;
		take_snapshot(t); /* a failure is shown in the next table */
	}
}

/* --- the full-screen view -------------------------------------------------- */

enum { PAIR_INTERNET = 1, PAIR_LAN, PAIR_LINK, PAIR_LOCAL };

static short exposure_pair(enum exposure e)
{
	switch (e) {
	case EXPOSURE_INTERNET: return PAIR_INTERNET;
	case EXPOSURE_LAN:
	case EXPOSURE_OTHER: return PAIR_LAN;
	case EXPOSURE_LINK:
	case EXPOSURE_LATENT: return PAIR_LINK;
	default: return PAIR_LOCAL;
	}
}

static void draw_line(int y, const char *text, int attrs)
{
	size_t len = strcspn(text, "\n");

	attron(attrs);
	mvaddnstr(y, 0, text, (int)len < COLS ? (int)len : COLS);
	attroff(attrs);
}

static void draw(struct top *t, bool color)
{
	struct strbuf sb;
	int y = 0, rows, max_scroll;

	strbuf_init(&sb);
	erase();
	format_title(&sb, t);
	draw_line(y++, strbuf_str(&sb), A_BOLD);
	draw_line(y++, t->policy_note, 0);
	strbuf_reset(&sb);
	if (t->cap)
		listener_format_counters(&sb, &t->table);
	else
		strbuf_puts(&sb, "binds per class: needs live events");
	draw_line(y++, strbuf_str(&sb), 0);
	draw_line(y++, t->snapshot_note, color ? COLOR_PAIR(PAIR_LAN) : A_BOLD);
	strbuf_reset(&sb);
	listener_format_header(&sb, t->o.all_netns);
	draw_line(y++, strbuf_str(&sb), A_REVERSE);

	rows = LINES - HEADER_LINES;
	max_scroll = (int)t->table.n > rows ? (int)t->table.n - rows : 0;
	if (t->scroll > max_scroll)
		t->scroll = max_scroll;
	if (t->scroll < 0)
		t->scroll = 0;
	for (int i = t->scroll; i < (int)t->table.n && y < LINES; i++) {
		const struct listener *l = &t->table.items[i];
		int attrs = 0;

		strbuf_reset(&sb);
		listener_format_row(&sb, l, t->o.all_netns);
		if (color)
			attrs = COLOR_PAIR(exposure_pair(l->exposure));
		else if (exposure_is_exposed(l->exposure))
			attrs = A_BOLD;
		draw_line(y++, strbuf_str(&sb), attrs);
	}
	strbuf_free(&sb);
	refresh();
	t->dirty = false;
	t->drawn_ms = now_ms();
}

/* newterm() found no description of the terminal (TERM unset or unknown). */
static void report_no_terminal(void)
{
	const char *term = getenv("TERM");
	struct strbuf sb;

	strbuf_init(&sb);
	if (term && *term) {
		strbuf_puts(&sb, "the terminal type '");
		/* the user's variable, shown as it is, not obeyed */
		term_safe_append(&sb, term, strnlen(term, 64), false);
		strbuf_puts(&sb, "' is not known here");
	} else {
		strbuf_puts(&sb, "TERM is not set");
	}
	report("%s, so the live view cannot draw; use --batch (or --once) for plain output, or "
	       "set TERM to a known type\n",
	       strbuf_str(&sb));
	strbuf_free(&sb);
}

static int run_interactive(struct top *t)
{
	uint64_t next_refresh = now_ms() + t->o.delay_s * 1000ULL;
	bool color = false;
	const char *no_color = getenv("NO_COLOR");
	SCREEN *screen;
	sigset_t winch;
	int term_err;

	/* initscr() would end the process with ncurses' own message, and a
	 * newterm() that fails leaks its half-made screen: ask terminfo first */
	if (setupterm(NULL, STDOUT_FILENO, &term_err) != OK) {
		report_no_terminal();
		return -EIO;
	}
	del_curterm(cur_term);
	screen = newterm(NULL, stdout, stdin);
	if (!screen) {
		report_no_terminal();
		return -EIO;
	}
	sigemptyset(&winch);
	sigaddset(&winch, SIGWINCH);
	sigprocmask(SIG_BLOCK, &winch, &t->wait_mask);
	sigdelset(&t->wait_mask, SIGWINCH);
	cbreak(); /* Ctrl-C stays a signal, so the stop flag ends the loop */
	noecho();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	if (has_colors() && !(no_color && *no_color)) {
		start_color();
		use_default_colors();
		init_pair(PAIR_INTERNET, COLOR_RED, -1);
		init_pair(PAIR_LAN, COLOR_YELLOW, -1);
		init_pair(PAIR_LINK, COLOR_CYAN, -1);
		init_pair(PAIR_LOCAL, COLOR_GREEN, -1);
		color = true;
	}
	t->dirty = true;
	while (!stop_requested) {
		int ch;

		if (t->dirty)
			draw(t, color);
		if (!wait_until(t, next_refresh, true))
			break;
		while ((ch = getch()) != ERR) {
			switch (ch) {
			case 'q':
			case 'Q': stop_requested = 1; break;
			case 'r':
			case 'R': next_refresh = 0; break;
			case KEY_RESIZE:
				/* ncurses has the new LINES and COLS; clear leftovers */
				clear();
				t->dirty = true;
				break;
			case KEY_UP:
				t->scroll--;
				t->dirty = true;
				break;
			case KEY_DOWN:
				t->scroll++;
				t->dirty = true;
				break;
			case KEY_PPAGE:
				t->scroll -= LINES - HEADER_LINES;
				t->dirty = true;
				break;
			case KEY_NPAGE:
				t->scroll += LINES - HEADER_LINES;
				t->dirty = true;
				break;
			}
		}
		if (now_ms() >= next_refresh) {
			read_policy(t);
			if (take_snapshot(t))
				t->dirty = true;
			next_refresh = now_ms() + t->o.delay_s * 1000ULL;
		}
	}
	endwin();
	delscreen(screen);
	return 0;
}

int cmd_top(int argc, char **argv)
{
	struct top t;
	struct output out;
	int err, status = EXIT_ERROR;

	memset(&t, 0, sizeof(t));
	t.o.delay_s = 2;
	err = cli_parse(&top_spec, argc, argv, &t.o);
	if (err)
		return cli_exit_status(err);
	if (t.o.all_netns && geteuid() != 0) {
		report("--all-netns needs root, to enter other network "
		       "namespaces\n");
		return EXIT_ERROR;
	}
	if (!t.o.once && !t.o.batch && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
		report("the live view needs a terminal; use --once or "
		       "--batch for plain output\n");
		return EXIT_ERROR;
	}
	err = output_open(&out, NULL);
	if (err)
		return EXIT_ERROR;
	listener_table_init(&t.table);
	t.self_netns = netns_self_inode();
	install_stop_signals();

	err = take_snapshot(&t);
	if (err) {
		report("%s\n", t.snapshot_note);
		goto cleanup;
	}
	if (t.o.once) {
		snprintf(t.live_note, sizeof(t.live_note), "snapshot");
		read_policy(&t);
		format_plain(&out.buf, &t);
		status = output_flush(&out) && !out.closed_by_reader ? EXIT_ERROR : 0;
		goto cleanup;
	}

	/* Before curses takes the screen: capture_start explains failures on stderr. */
	if (start_events(&t))
		goto cleanup;
	/* Attached: keep only what the periodic refresh needs, reading other
	 * users' /proc/<pid>/fd (ptrace access, DAC) and, for --all-netns,
	 * entering other network namespaces (setns). */
	if (t.cap && drop_privileges_after_attach(
			 false, PRIVILEGE_CAP(CAP_SYS_PTRACE) | PRIVILEGE_CAP(CAP_DAC_READ_SEARCH) |
				    (t.o.all_netns ? PRIVILEGE_CAP(CAP_SYS_ADMIN) : 0)))
		goto cleanup;
	/* Events that raced with the first snapshot are corrected by a second. */
	if (t.cap)
		take_snapshot(&t);
	err = t.o.batch ? run_batch(&t, &out) : run_interactive(&t);
	status = err ? EXIT_ERROR : 0;
	if (t.cap && capture_drops(t.cap))
		report("%llu events were lost; the periodic refresh "
		       "covered for them\n",
		       (unsigned long long)capture_drops(t.cap));
cleanup:
	if (t.cap)
		capture_stop(t.cap);
	if (output_close(&out) && status == 0)
		status = EXIT_ERROR;
	listen_snapshot_free(&t.snap);
	listener_table_free(&t.table);
	return status;
}

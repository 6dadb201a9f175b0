// SPDX-License-Identifier: GPL-2.0
/* bindload: the load generator and probe behind `make bench`.  It makes
 * socket/bind/close cycles and cheap syscalls as fast as it can, and times a
 * tracer's start-up, event latency and memory.  Results are key=value lines
 * on stdout for bench/run.sh. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/io_uring.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/cli_parse.h"

#define MAX_THREADS	   64
#define MAX_LATENCY_BINDS  200
#define CLOCK_CHECK_EVERY  32 /* cycles between two looks at the clock */
#define SYSCALLS_PER_CHECK 1024
#define URING_BATCH	   32 /* NOPs per io_uring_enter() */

static const char usage_text[] =
    "Usage: bindload COMMAND [OPTIONS]\n"
    "  cycle    socket -> bind -> close as fast as possible\n"
    "           [--proto tcp|udp] [--port N] [--threads N] [--duration-ms N]\n"
    "  syscall  a tight loop of getppid()  [--duration-ms N]\n"
    "  uring    io_uring NOPs, 32 per io_uring_enter()  [--duration-ms N]\n"
    "  await    bind until FILE shows the event: a tracer is live\n"
    "           --file FILE [--port N] [--timeout-ms N]\n"
    "  probe    start COMMAND, time it to its ready line, to the first event and per\n"
    "           event at a low rate, and read its memory\n"
    "           --ready TEXT [--ready-on stdout|stderr] [--binds N] [--port N] -- COMMAND...\n"
    "Every command takes --cgroup DIR: move into that cgroup v2 directory first.\n"
    "A fixed --port P gives thread i port P+i; binds go to 0.0.0.0.\n";

struct options {
	int type; /* SOCK_STREAM or SOCK_DGRAM */
	uint32_t port;
	uint32_t threads;
	uint32_t duration_ms;
	uint32_t timeout_ms;
	uint32_t binds;
	const char *file;
	const char *ready;
	bool ready_on_stderr;
	const char *cgroup;
	char **command;
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* CPU time of the whole process, every thread, user and system. */
static uint64_t cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void sleep_ns(uint64_t ns)
{
	struct timespec ts = { .tv_sec = ns / 1000000000ULL, .tv_nsec = ns % 1000000000ULL };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static int join_cgroup(const char *dir)
{
	char path[4096];
	FILE *f;
	int err = 0;

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	f = fopen(path, "w");
	if (!f) {
		err = -errno;
		fprintf(stderr, "bindload: cannot open %s: %s\n", path, strerror(errno));
		return err;
	}
	if (fprintf(f, "%d\n", getpid()) < 0)
		err = -EIO;
	if (fclose(f) && !err)
		err = -errno;
	if (err)
		fprintf(stderr, "bindload: cannot join cgroup %s: %s\n", dir, strerror(-err));
	return err;
}

/* One bind to 0.0.0.0:port.  Returns 0 or -errno of bind(); the socket is
 * closed again, so the next bind to the same port succeeds. */
static int bind_once(int type, uint16_t port, uint16_t *bound_port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, type, 0), ret = 0;

	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)))
		ret = -errno;
	if (!ret && bound_port && !getsockname(fd, (struct sockaddr *)&sa, &len))
		*bound_port = ntohs(sa.sin_port);
	close(fd);
	return ret;
}

/* --- cycle ---------------------------------------------------------------- */

struct cycle_thread {
	pthread_t thread;
	const struct options *opts;
	pthread_barrier_t *start;
	uint16_t port;
	uint64_t cycles, bind_errors, socket_errors, elapsed_ns;
};

static void *cycle_thread_run(void *arg)
{
	struct cycle_thread *t = arg;
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(t->port) };
	uint64_t start, end, now;
	int type = t->opts->type;

	pthread_barrier_wait(t->start);
	start = now_ns();
	end = start + t->opts->duration_ms * 1000000ULL;
	for (;;) {
		for (int i = 0; i < CLOCK_CHECK_EVERY; i++) {
			int fd = socket(AF_INET, type, 0);

			if (fd < 0) {
				t->socket_errors++;
				continue;
			}
			if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)))
				t->bind_errors++;
			close(fd);
			t->cycles++;
		}
		now = now_ns();
		if (now >= end)
			break;
	}
	t->elapsed_ns = now - start;
	return NULL;
}

static int cmd_cycle(const struct options *o)
{
	struct cycle_thread threads[MAX_THREADS] = {};
	pthread_barrier_t start;
	uint64_t cycles = 0, bind_errors = 0, socket_errors = 0, busy_ns = 0, wall_ns = 0;
	uint64_t cpu_before = cpu_ns(), cpu;
	uint32_t started = 0;
	int err = 0;

	pthread_barrier_init(&start, NULL, o->threads);
	for (uint32_t i = 0; i < o->threads; i++) {
		threads[i].opts = o;
		threads[i].start = &start;
		threads[i].port = o->port ? (uint16_t)(o->port + i) : 0;
		err = pthread_create(&threads[i].thread, NULL, cycle_thread_run, &threads[i]);
		if (err) {
			/* the barrier waits for every thread: nothing can run */
			fprintf(stderr, "bindload: cannot start thread: %s\n", strerror(err));
			exit(1);
		}
		started++;
	}
	for (uint32_t i = 0; i < started; i++) {
		pthread_join(threads[i].thread, NULL);
		cycles += threads[i].cycles;
		bind_errors += threads[i].bind_errors;
		socket_errors += threads[i].socket_errors;
		busy_ns += threads[i].elapsed_ns;
		if (threads[i].elapsed_ns > wall_ns)
			wall_ns = threads[i].elapsed_ns;
	}
	cpu = cpu_ns() - cpu_before;
	pthread_barrier_destroy(&start);
	if (!cycles || socket_errors) {
		fprintf(stderr, "bindload: %llu of %llu socket() calls failed\n",
			(unsigned long long)socket_errors,
			(unsigned long long)(cycles + socket_errors));
		return 1;
	}
	/* ns_per_cycle is per thread: what one bind cycle costs its caller in
	 * time; cpu_ns_per_cycle is the CPU it used, in kernel and user space */
	printf("pid=%d threads=%u binds=%llu bind_errors=%llu wall_ns=%llu ns_per_cycle=%.1f "
	       "cpu_ns_per_cycle=%.1f rate=%.0f\n",
	       getpid(), o->threads, (unsigned long long)cycles, (unsigned long long)bind_errors,
	       (unsigned long long)wall_ns, (double)busy_ns / (double)cycles,
	       (double)cpu / (double)cycles, (double)cycles * 1e9 / (double)wall_ns);
	return 0;
}

/* --- syscall -------------------------------------------------------------- */

static int cmd_syscall(const struct options *o)
{
	uint64_t calls = 0, start = now_ns(), end = start + o->duration_ms * 1000000ULL, now;

	for (;;) {
		for (int i = 0; i < SYSCALLS_PER_CHECK; i++)
			syscall(SYS_getppid); /* not cached by libc, does nothing */
		calls += SYSCALLS_PER_CHECK;
		now = now_ns();
		if (now >= end)
			break;
	}
	printf("pid=%d calls=%llu ns_per_call=%.2f\n", getpid(), (unsigned long long)calls,
	       (double)(now - start) / (double)calls);
	return 0;
}

/* --- uring ---------------------------------------------------------------- */

/* An io_uring whose rings are mapped, for NOPs only. */
struct nop_ring {
	int fd;
	unsigned *sq_tail, *sq_mask, *sq_array, *cq_head, *cq_tail;
	struct io_uring_sqe *sqes;
};

static int nop_ring_open(struct nop_ring *r)
{
	struct io_uring_params p = { 0 };
	char *sq, *cq;

	r->fd = (int)syscall(__NR_io_uring_setup, 2 * URING_BATCH, &p);
	if (r->fd < 0)
		return -errno;
	sq = mmap(NULL, p.sq_off.array + p.sq_entries * sizeof(unsigned), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQ_RING);
	cq = mmap(NULL, p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe),
		  PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_CQ_RING);
	r->sqes = mmap(NULL, p.sq_entries * sizeof(struct io_uring_sqe), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQES);
	if (sq == MAP_FAILED || cq == MAP_FAILED || r->sqes == MAP_FAILED) {
		int err = -errno;

		close(r->fd);
		return err;
	}
	r->sq_tail = (unsigned *)(sq + p.sq_off.tail);
	r->sq_mask = (unsigned *)(sq + p.sq_off.ring_mask);
	r->sq_array = (unsigned *)(sq + p.sq_off.array);
	r->cq_head = (unsigned *)(cq + p.cq_off.head);
	r->cq_tail = (unsigned *)(cq + p.cq_off.tail);
	return 0;
}

/* Submits URING_BATCH NOPs and waits for their completions. */
static int nop_batch(struct nop_ring *r)
{
	unsigned tail = *r->sq_tail;

	for (unsigned i = 0; i < URING_BATCH; i++) {
		unsigned idx = (tail + i) & *r->sq_mask;

		memset(&r->sqes[idx], 0, sizeof(r->sqes[idx]));
		r->sqes[idx].opcode = IORING_OP_NOP;
		r->sq_array[idx] = idx;
	}
	__atomic_store_n(r->sq_tail, tail + URING_BATCH, __ATOMIC_RELEASE);
	if (syscall(__NR_io_uring_enter, r->fd, URING_BATCH, URING_BATCH, IORING_ENTER_GETEVENTS,
		    NULL, 0) != URING_BATCH)
		return -1;
	__atomic_store_n(r->cq_head, __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE),
			 __ATOMIC_RELEASE);
	return 0;
}

/* What every io_uring completion pays while a program is attached to
 * io_uring:io_uring_complete (trace on the tracepoint backend): NOPs,
 * the cheapest operation, in batches.  unsupported=1 without io_uring. */
static int cmd_uring(const struct options *o)
{
	uint64_t ops = 0, start, end, now;
	struct nop_ring r = { 0 };
	int err = nop_ring_open(&r);

	if (err) {
		printf("pid=%d unsupported=1 error=%d\n", getpid(), -err);
		return 0;
	}
	start = now_ns();
	end = start + o->duration_ms * 1000000ULL;
	do {
		for (int i = 0; i < SYSCALLS_PER_CHECK / URING_BATCH; i++) {
			if (nop_batch(&r)) {
				fprintf(stderr, "bindload: io_uring_enter failed: %s\n",
					strerror(errno));
				return 1;
			}
		}
		ops += SYSCALLS_PER_CHECK;
		now = now_ns();
	} while (now < end);
	close(r.fd);
	printf("pid=%d ops=%llu ns_per_op=%.2f\n", getpid(), (unsigned long long)ops,
	       (double)(now - start) / (double)ops);
	return 0;
}

/* --- matching output lines ------------------------------------------------ */

/* Whether line holds both numbers as whole alphanumeric tokens: the pid and
 * port of a bind, in a table line, a JSON line or bpftrace's printf. */
static bool line_mentions(const char *line, size_t len, unsigned long a, unsigned long b)
{
	bool seen_a = false, seen_b = false;
	size_t i = 0;

	while (i < len) {
		size_t start;
		unsigned long v = 0;
		bool numeric = true;

		while (i < len &&
		       !((line[i] >= '0' && line[i] <= '9') || (line[i] >= 'a' && line[i] <= 'z') ||
			 (line[i] >= 'A' && line[i] <= 'Z')))
			i++;
		start = i;
		while (i < len &&
		       ((line[i] >= '0' && line[i] <= '9') || (line[i] >= 'a' && line[i] <= 'z') ||
			(line[i] >= 'A' && line[i] <= 'Z'))) {
			if (line[i] < '0' || line[i] > '9' || i - start > 9)
				numeric = false;
			else
				v = v * 10 + (unsigned long)(line[i] - '0');
			i++;
		}
		if (i == start || !numeric)
			continue;
		seen_a |= v == a;
		seen_b |= v == b;
	}
	return seen_a && seen_b;
}

/* --- await ---------------------------------------------------------------- */

/* Scans what was appended to the file since *offset; whole lines only. */
static bool file_mentions(int fd, off_t *offset, unsigned long a, unsigned long b)
{
	char buf[65536];
	struct stat st;
	ssize_t n;
	bool found = false;

	if (!fstat(fd, &st) && st.st_size < *offset)
		*offset = 0; /* truncated by the tracer opening it */
	while ((n = pread(fd, buf, sizeof(buf), *offset)) > 0) {
		size_t line_start = 0;

		for (size_t i = 0; i < (size_t)n; i++) {
			if (buf[i] != '\n')
				continue;
			found |= line_mentions(buf + line_start, i - line_start, a, b);
			line_start = i + 1;
		}
		if (!line_start && n == (ssize_t)sizeof(buf))
			line_start = (size_t)n; /* an absurdly long line: skip it */
		*offset += (off_t)line_start;
		if (found || !line_start)
			break;
	}
	return found;
}

static int cmd_await(const struct options *o)
{
	uint64_t start = now_ns(), deadline = start + o->timeout_ms * 1000000ULL;
	uint16_t port = o->port ? (uint16_t)o->port : 31999;
	off_t offset = 0;
	int fd = -1;

	while (now_ns() < deadline) {
		if (fd < 0)
			fd = open(o->file, O_RDONLY | O_CLOEXEC);
		bind_once(SOCK_STREAM, port, NULL);
		if (fd >= 0 && file_mentions(fd, &offset, (unsigned long)getpid(), port)) {
			close(fd);
			printf("await_ms=%.1f\n", (double)(now_ns() - start) / 1e6);
			return 0;
		}
		sleep_ns(10 * 1000000ULL);
	}
	if (fd >= 0)
		close(fd);
	fprintf(stderr, "bindload: no event for port %u in %s after %u ms\n", port, o->file,
		o->timeout_ms);
	return 1;
}

/* --- probe ---------------------------------------------------------------- */

struct stream {
	int fd; /* -1 at EOF */
	char buf[1 << 16];
	size_t len;
	uint64_t lines;
};

struct probe {
	pid_t child;
	struct stream out, err;
	const char *ready;
	bool ready_on_stderr;
	bool ready_seen;
	unsigned long want_pid, want_port; /* the line awaited, 0: none */
	bool want_seen;
};

static void probe_line(struct probe *p, struct stream *s, const char *line, size_t len)
{
	bool is_ready_stream = (s == &p->err) == p->ready_on_stderr;

	if (!p->ready_seen && is_ready_stream && memmem(line, len, p->ready, strlen(p->ready)))
		p->ready_seen = true;
	if (s == &p->out && p->want_port && line_mentions(line, len, p->want_pid, p->want_port))
		p->want_seen = true;
}

static void stream_read(struct probe *p, struct stream *s)
{
	ssize_t n = read(s->fd, s->buf + s->len, sizeof(s->buf) - s->len);
	size_t start = 0;

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		close(s->fd);
		s->fd = -1;
		return;
	}
	s->len += (size_t)n;
	for (size_t i = 0; i < s->len; i++) {
		if (s->buf[i] != '\n')
			continue;
		probe_line(p, s, s->buf + start, i - start);
		s->lines++;
		start = i + 1;
	}
	if (!start && s->len == sizeof(s->buf))
		start = s->len; /* a line longer than the buffer: drop it */
	memmove(s->buf, s->buf + start, s->len - start);
	s->len -= start;
}

/* Reads the child's output until done(p) or the deadline.  Returns true if
 * done(p) became true. */
static bool probe_pump(struct probe *p, uint64_t deadline, bool (*done)(const struct probe *))
{
	while (!done(p)) {
		struct pollfd fds[2] = { { .fd = p->out.fd, .events = POLLIN },
					 { .fd = p->err.fd, .events = POLLIN } };
		uint64_t now = now_ns();
		int timeout;

		if (now >= deadline || (p->out.fd < 0 && p->err.fd < 0))
			return false;
		timeout = (int)((deadline - now + 999999) / 1000000);
		if (poll(fds, 2, timeout) < 0 && errno != EINTR)
			return false;
		if (fds[0].revents)
			stream_read(p, &p->out);
		if (fds[1].revents)
			stream_read(p, &p->err);
	}
	return true;
}

static bool probe_ready(const struct probe *p)
{
	return p->ready_seen;
}

static bool probe_wanted(const struct probe *p)
{
	return p->want_seen;
}

static bool probe_never(const struct probe *p)
{
	(void)p;
	return false;
}

/* Binds the port and returns ns until its line appeared, 0 if it did not
 * within timeout_ms. */
static uint64_t probe_event_latency(struct probe *p, uint16_t port, uint32_t timeout_ms)
{
	uint64_t start = now_ns();
	int ret;

	p->want_pid = (unsigned long)getpid();
	p->want_port = port;
	p->want_seen = false;
	ret = bind_once(SOCK_STREAM, port, NULL);
	if (ret) {
		fprintf(stderr, "bindload: bind to port %u: %s\n", port, strerror(-ret));
		return 0;
	}
	if (!probe_pump(p, start + timeout_ms * 1000000ULL, probe_wanted))
		return 0;
	return now_ns() - start;
}

/* The number after "field:" in /proc/PID/status (kB for the Vm fields), or -1. */
static long status_number(pid_t pid, const char *field)
{
	char path[64], line[256];
	size_t flen = strlen(field);
	long kb = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, field, flen) == 0 && line[flen] == ':') {
			kb = strtol(line + flen + 1, NULL, 10);
			break;
		}
	fclose(f);
	return kb;
}

static int compare_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static pid_t probe_spawn(struct probe *p, char **command)
{
	int out[2], err[2];
	pid_t pid;

	if (pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(out[1], STDOUT_FILENO);
		dup2(err[1], STDERR_FILENO);
		execvp(command[0], command);
		fprintf(stderr, "bindload: cannot run %s: %s\n", command[0], strerror(errno));
		_exit(127);
	}
	close(out[1]);
	close(err[1]);
	p->out.fd = out[0];
	p->err.fd = err[0];
	fcntl(out[0], F_SETFL, O_NONBLOCK);
	fcntl(err[0], F_SETFL, O_NONBLOCK);
	return pid;
}

/* Stops the child with SIGINT (SIGKILL after 5 s) and reaps it. */
static int probe_stop(struct probe *p)
{
	int status = 0;

	uint64_t deadline = now_ns() + 5000000000ULL;

	kill(p->child, SIGINT);
	probe_pump(p, deadline, probe_never);
	while (waitpid(p->child, &status, WNOHANG) == 0) {
		if (now_ns() >= deadline) {
			kill(p->child, SIGKILL);
			waitpid(p->child, &status, 0);
			break;
		}
		sleep_ns(1000000);
	}
	return status;
}

static int cmd_probe(const struct options *o)
{
	static uint64_t latency[MAX_LATENCY_BINDS];
	struct probe p = { .ready = o->ready, .ready_on_stderr = o->ready_on_stderr };
	uint16_t port = o->port ? (uint16_t)o->port : 31800;
	uint64_t start, ready_ns, first_ns = 0;
	uint32_t got = 0, missing = 0;
	long rss_kb, hwm_kb, idle_wakeups;

	srand((unsigned int)getpid());
	start = now_ns();
	p.child = probe_spawn(&p, o->command);
	if (p.child < 0) {
		fprintf(stderr, "bindload: cannot start %s: %s\n", o->command[0], strerror(errno));
		return 1;
	}
	if (!probe_pump(&p, start + 15000000000ULL, probe_ready)) {
		fprintf(stderr, "bindload: %s did not print '%s' within 15 s\n", o->command[0],
			o->ready);
		probe_stop(&p);
		return 1;
	}
	ready_ns = now_ns() - start;
	/* A ready line may come before the probes are live (bpftrace prints
	 * "Attaching" first): bind every 2 ms until one shows up. */
	for (int i = 0; i < 2500 && !first_ns; i++)
		if (probe_event_latency(&p, port, 2))
			first_ns = now_ns() - start;

	/* Idle: how often the tracer wakes up with nothing to trace, for
	 * 2 s (after a 100 ms pause: a reader may look once more after its
	 * last event).  Binds of other processes would count too: the
	 * benchmark runs on a quiet machine. */
	probe_pump(&p, now_ns() + 100000000ULL, probe_never);
	idle_wakeups = status_number(p.child, "voluntary_ctxt_switches");
	probe_pump(&p, now_ns() + 2000000000ULL, probe_never);
	idle_wakeups = status_number(p.child, "voluntary_ctxt_switches") - idle_wakeups;

	/* Low rate: 20-60 ms apart, irregular so as not to beat against a
	 * poll timer; every bind on its own port so no line is mistaken. */
	for (uint32_t i = 0; i < o->binds; i++) {
		uint64_t lat;

		probe_pump(&p, now_ns() + (20 + (uint64_t)(rand() % 41)) * 1000000ULL, probe_never);
		lat = probe_event_latency(&p, (uint16_t)(port + 1 + i), 1000);
		if (lat)
			latency[got++] = lat;
		else
			missing++;
	}
	rss_kb = status_number(p.child, "VmRSS");
	hwm_kb = status_number(p.child, "VmHWM");
	probe_stop(&p);

	qsort(latency, got, sizeof(latency[0]), compare_u64);
	printf("ready_ms=%.2f first_event_ms=%.2f latency_samples=%u latency_missing=%u "
	       "latency_median_ms=%.3f latency_p90_ms=%.3f latency_max_ms=%.3f rss_kb=%ld "
	       "hwm_kb=%ld idle_wakeups_per_s=%.1f\n",
	       (double)ready_ns / 1e6, first_ns ? (double)first_ns / 1e6 : -1.0, got, missing,
	       got ? (double)latency[got / 2] / 1e6 : -1.0,
	       got ? (double)latency[(got * 9) / 10] / 1e6 : -1.0,
	       got ? (double)latency[got - 1] / 1e6 : -1.0, rss_kb, hwm_kb,
	       (double)idle_wakeups / 2);
	return first_ns && !missing ? 0 : 1;
}

/* --- options -------------------------------------------------------------- */

enum {
	OPT_PROTO = 256,
	OPT_PORT,
	OPT_THREADS,
	OPT_DURATION,
	OPT_TIMEOUT,
	OPT_FILE,
	OPT_READY,
	OPT_READY_ON,
	OPT_BINDS,
	OPT_CGROUP
};

static const struct option longopts[] = {
	{ "proto", required_argument, NULL, OPT_PROTO },
	{ "port", required_argument, NULL, OPT_PORT },
	{ "threads", required_argument, NULL, OPT_THREADS },
	{ "duration-ms", required_argument, NULL, OPT_DURATION },
	{ "timeout-ms", required_argument, NULL, OPT_TIMEOUT },
	{ "file", required_argument, NULL, OPT_FILE },
	{ "ready", required_argument, NULL, OPT_READY },
	{ "ready-on", required_argument, NULL, OPT_READY_ON },
	{ "binds", required_argument, NULL, OPT_BINDS },
	{ "cgroup", required_argument, NULL, OPT_CGROUP },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int bad_value(const char *opt, const char *expected)
{
	fprintf(stderr, "bindload: %s: expected %s\n", opt, expected);
	return -EINVAL;
}

static int parse_options(struct options *o, int argc, char **argv)
{
	int opt;

	*o = (struct options){ .type = SOCK_STREAM,
			       .threads = 1,
			       .duration_ms = 300,
			       .timeout_ms = 10000,
			       .binds = 20 };
	optind = 1;
	while ((opt = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_PROTO:
			if (strcmp(optarg, "tcp") == 0)
				o->type = SOCK_STREAM;
			else if (strcmp(optarg, "udp") == 0)
				o->type = SOCK_DGRAM;
			else
				return bad_value("--proto", "tcp or udp");
			break;
		case OPT_PORT:
			if (parse_u32(optarg, 0, 65535, &o->port))
				return bad_value("--port", "0-65535");
			break;
		case OPT_THREADS:
			if (parse_u32(optarg, 1, MAX_THREADS, &o->threads))
				return bad_value("--threads", "1-64");
			break;
		case OPT_DURATION:
			if (parse_u32(optarg, 1, 600000, &o->duration_ms))
				return bad_value("--duration-ms", "1-600000");
			break;
		case OPT_TIMEOUT:
			if (parse_u32(optarg, 1, 600000, &o->timeout_ms))
				return bad_value("--timeout-ms", "1-600000");
			break;
		case OPT_BINDS:
			if (parse_u32(optarg, 0, MAX_LATENCY_BINDS, &o->binds))
				return bad_value("--binds", "0-200");
			break;
		case OPT_FILE: o->file = optarg; break;
		case OPT_READY: o->ready = optarg; break;
		case OPT_READY_ON:
			if (strcmp(optarg, "stdout") && strcmp(optarg, "stderr"))
				return bad_value("--ready-on", "stdout or stderr");
			o->ready_on_stderr = strcmp(optarg, "stderr") == 0;
			break;
		case OPT_CGROUP: o->cgroup = optarg; break;
		case 'h': fputs(usage_text, stdout); exit(0);
		default: return -EINVAL;
		}
	}
	if (o->port && o->port + o->threads > 65536)
		return bad_value("--port", "room for one port per thread");
	o->command = argv + optind;
	return 0;
}

int main(int argc, char **argv)
{
	struct options o;
	const char *cmd = argc > 1 ? argv[1] : "";

	if (parse_options(&o, argc - 1, argv + 1)) {
		fputs(usage_text, stderr);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	if (o.cgroup && join_cgroup(o.cgroup))
		return 1;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (strcmp(cmd, "cycle") == 0)
		return cmd_cycle(&o);
	if (strcmp(cmd, "syscall") == 0)
		return cmd_syscall(&o);
	if (strcmp(cmd, "uring") == 0)
		return cmd_uring(&o);
	if (strcmp(cmd, "await") == 0) {
		if (!o.file)
			return bad_value("await", "--file FILE"), 2;
		return cmd_await(&o);
	}
	if (strcmp(cmd, "probe") == 0) {
		if (!o.ready || !o.command[0])
			return bad_value("probe", "--ready TEXT -- COMMAND..."), 2;
		return cmd_probe(&o);
	}
	fputs(usage_text, stderr);
	return 2;
}

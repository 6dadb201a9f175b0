// SPDX-License-Identifier: GPL-2.0
/* bindguard trace and binds that arrive without a bind() call: io_uring's
 * IORING_OP_BIND (Linux 6.11+), made through the raw io_uring syscalls. */
#include "itest.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/io_uring.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Not in Debian 12's headers (6.1): the opcode's number since 6.11. */
#define OP_BIND 56

struct ring {
	int fd;
	struct io_uring_params p;
	void *sq, *cq;
	size_t sq_len, cq_len;
	struct io_uring_sqe *sqes;
};

static int ring_open(struct ring *r)
{
	memset(r, 0, sizeof(*r));
	r->fd = (int)syscall(__NR_io_uring_setup, 4, &r->p);
	if (r->fd < 0)
		return -errno;
	r->sq_len = r->p.sq_off.array + r->p.sq_entries * sizeof(unsigned int);
	r->cq_len = r->p.cq_off.cqes + r->p.cq_entries * sizeof(struct io_uring_cqe);
	r->sq = mmap(NULL, r->sq_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd,
		     IORING_OFF_SQ_RING);
	r->cq = mmap(NULL, r->cq_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd,
		     IORING_OFF_CQ_RING);
	r->sqes = mmap(NULL, r->p.sq_entries * sizeof(struct io_uring_sqe), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQES);
	if (r->sq == MAP_FAILED || r->cq == MAP_FAILED || r->sqes == MAP_FAILED)
		return -errno;
	return 0;
}

/* Submits one bind of fd to sa and waits for it: its result. */
static int ring_bind(struct ring *r, int fd, const struct sockaddr_in *sa)
{
	unsigned int *tail = (unsigned int *)((char *)r->sq + r->p.sq_off.tail);
	unsigned int mask = *(unsigned int *)((char *)r->sq + r->p.sq_off.ring_mask);
	unsigned int *array = (unsigned int *)((char *)r->sq + r->p.sq_off.array);
	unsigned int *head = (unsigned int *)((char *)r->cq + r->p.cq_off.head);
	unsigned int cq_mask = *(unsigned int *)((char *)r->cq + r->p.cq_off.ring_mask);
	struct io_uring_cqe *cqes = (struct io_uring_cqe *)((char *)r->cq + r->p.cq_off.cqes);
	unsigned int idx = *tail & mask;
	struct io_uring_sqe *sqe = &r->sqes[idx];
	int res;

	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = OP_BIND;
	sqe->fd = fd;
	sqe->addr = (unsigned long)sa;
	sqe->addr2 = sizeof(*sa);
	array[idx] = idx;
	__atomic_store_n(tail, *tail + 1, __ATOMIC_RELEASE);
	if (syscall(__NR_io_uring_enter, r->fd, 1, 1, IORING_ENTER_GETEVENTS, NULL, 0) < 0)
		return -errno;
	res = cqes[__atomic_load_n(head, __ATOMIC_ACQUIRE) & cq_mask].res;
	__atomic_store_n(head, *head + 1, __ATOMIC_RELEASE);
	return res;
}

static void child_io_uring_bind(struct child_result *res, void *arg)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	struct ring r;
	int fd;

	(void)arg;
	res->pid = getpid();
	res->ret = ring_open(&r);
	if (res->ret) {
		res->extra = 1; /* no io_uring at all */
		return;
	}
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	res->ret = ring_bind(&r, fd, &sa);
	fill_sockname(res, fd);
	res->pid = getpid();
}

/* With trampolines on __sys_bind_socket (6.11+) the bind is reported, as
 * made without a syscall; tracepoints cannot see it (README: trace), and
 * kernels before 6.11 refuse the opcode. */
static void test_io_uring_bind(void **state)
{
	const char *const args[] = { "trace", "--json", "-v", NULL };
	struct json_object *events, *e;
	struct child_result r;
	struct bg_proc p;
	char pid[16];
	bool hooked;

	(void)state;
	itest_require_root();
	assert_int_equal(bg_start(&p, args), 0);
	if (bg_wait_for_stderr(&p, "tracing started", 15000)) {
		bg_free(&p);
		fail_msg("tracer did not start");
	}
	hooked = strstr(p.err, "__sys_bind_socket (io_uring)") != NULL;
	assert_int_equal(run_child(child_io_uring_bind, NULL, &r), 0);
	assert_int_equal(bg_stop(&p), 0);
	events = bg_json_lines(&p);
	bg_free(&p);
	snprintf(pid, sizeof(pid), "%d", r.pid);
	e = json_find(events, "pid", pid, "event", "bind", NULL);
	fprintf(stderr, "# io_uring bind: ret %d, bound %s port %d; __sys_bind_socket %s; %s\n",
		r.ret, r.addr, r.port, hooked ? "hooked" : "not hooked",
		e ? "reported" : "not reported");
	if (r.extra)
		fail_msg("io_uring_setup failed: %s", strerror(-r.ret));
	if (hooked && r.ret != 0)
		fail_msg("the kernel has __sys_bind_socket but refused IORING_OP_BIND: %d", r.ret);
	if (!hooked) {
		assert_null(e); /* no syscall, no tracepoint */
	} else {
		assert_non_null(e);
		assert_string_equal(json_get_str(e, "source"), "kernel");
		assert_string_equal(json_get_str(e, "backend"), "fentry");
		assert_int_equal(json_get_int(e, "ret"), 0);
		assert_string_equal(json_get_str(e, "addr"), "127.0.0.1");
		assert_int_equal(json_get_int(e, "port"), r.port);
		assert_string_equal(json_get_str(e, "requested_addr"), "127.0.0.1");
		assert_int_equal(json_get_int(e, "requested_port"), 0);
	}
	json_object_put(events);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_io_uring_bind),
	};

	return cmocka_run_group_tests_name("io_uring", tests, NULL, NULL);
}

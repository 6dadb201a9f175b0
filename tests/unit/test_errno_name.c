// SPDX-License-Identifier: GPL-2.0
/* Unit tests of user/errno_name.c: every Linux errno by name, numbers for the rest. */
#include "table_test.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

#include "lib/errno_name.h"

struct errno_case {
	int err;
	const char *name;
};

// clang-format off
#define E(name) { name, #name }

/* All of asm-generic/errno-base.h and errno.h but the aliases (EWOULDBLOCK,
 * EDEADLOCK, ENOTSUP), which print as the name they alias. */
static const struct errno_case known[] = {
	E(EPERM),	  E(ENOENT),	      E(ESRCH),		  E(EINTR),
	E(EIO),		  E(ENXIO),	      E(E2BIG),		  E(ENOEXEC),
	E(EBADF),	  E(ECHILD),	      E(EAGAIN),	  E(ENOMEM),
	E(EACCES),	  E(EFAULT),	      E(ENOTBLK),	  E(EBUSY),
	E(EEXIST),	  E(EXDEV),	      E(ENODEV),	  E(ENOTDIR),
	E(EISDIR),	  E(EINVAL),	      E(ENFILE),	  E(EMFILE),
	E(ENOTTY),	  E(ETXTBSY),	      E(EFBIG),		  E(ENOSPC),
	E(ESPIPE),	  E(EROFS),	      E(EMLINK),	  E(EPIPE),
	E(EDOM),	  E(ERANGE),	      E(EDEADLK),	  E(ENAMETOOLONG),
	E(ENOLCK),	  E(ENOSYS),	      E(ENOTEMPTY),	  E(ELOOP),
	E(ENOMSG),	  E(EIDRM),	      E(ECHRNG),	  E(EL2NSYNC),
	E(EL3HLT),	  E(EL3RST),	      E(ELNRNG),	  E(EUNATCH),
	E(ENOCSI),	  E(EL2HLT),	      E(EBADE),		  E(EBADR),
	E(EXFULL),	  E(ENOANO),	      E(EBADRQC),	  E(EBADSLT),
	E(EBFONT),	  E(ENOSTR),	      E(ENODATA),	  E(ETIME),
	E(ENOSR),	  E(ENONET),	      E(ENOPKG),	  E(EREMOTE),
	E(ENOLINK),	  E(EADV),	      E(ESRMNT),	  E(ECOMM),
	E(EPROTO),	  E(EMULTIHOP),	      E(EDOTDOT),	  E(EBADMSG),
	E(EOVERFLOW),	  E(ENOTUNIQ),	      E(EBADFD),	  E(EREMCHG),
	E(ELIBACC),	  E(ELIBBAD),	      E(ELIBSCN),	  E(ELIBMAX),
	E(ELIBEXEC),	  E(EILSEQ),	      E(ERESTART),	  E(ESTRPIPE),
	E(EUSERS),	  E(ENOTSOCK),	      E(EDESTADDRREQ),	  E(EMSGSIZE),
	E(EPROTOTYPE),	  E(ENOPROTOOPT),     E(EPROTONOSUPPORT), E(ESOCKTNOSUPPORT),
	E(EOPNOTSUPP),	  E(EPFNOSUPPORT),    E(EAFNOSUPPORT),	  E(EADDRINUSE),
	E(EADDRNOTAVAIL), E(ENETDOWN),	      E(ENETUNREACH),	  E(ENETRESET),
	E(ECONNABORTED),  E(ECONNRESET),      E(ENOBUFS),	  E(EISCONN),
	E(ENOTCONN),	  E(ESHUTDOWN),	      E(ETOOMANYREFS),	  E(ETIMEDOUT),
	E(ECONNREFUSED),  E(EHOSTDOWN),	      E(EHOSTUNREACH),	  E(EALREADY),
	E(EINPROGRESS),	  E(ESTALE),	      E(EUCLEAN),	  E(ENOTNAM),
	E(ENAVAIL),	  E(EISNAM),	      E(EREMOTEIO),	  E(EDQUOT),
	E(ENOMEDIUM),	  E(EMEDIUMTYPE),     E(ECANCELED),	  E(ENOKEY),
	E(EKEYEXPIRED),	  E(EKEYREVOKED),     E(EKEYREJECTED),	  E(EOWNERDEAD),
	E(ENOTRECOVERABLE), E(ERFKILL),	      E(EHWPOISON),
};
// clang-format on

/* Numbers without a userspace name: gaps in the table, kernel-internal
 * codes a BPF program can still see (ERESTARTSYS 512, ENOTSUPP 524), junk. */
static const struct errno_case unknown[] = {
	{ 0, "E0" },
	{ -1, "E-1" },
	{ 41, "E41" },
	{ 58, "E58" },
	{ 134, "E134" },
	{ 512, "E512" },
	{ 524, "E524" },
	{ 4000, "E4000" },
	{ 4095, "E4095" },
	{ INT_MAX, "E2147483647" },
	{ INT_MIN, "E-2147483648" },
};

static void test_errno(void **state)
{
	const struct errno_case *c = *state;
	char buf[16];

	memset(buf, 'x', sizeof(buf));
	assert_string_equal(errno_name(c->err, buf, sizeof(buf)), c->name);
}

/* The aliases come back as the name they stand for. */
static void test_aliases(void **state)
{
	char buf[16];

	(void)state;
	assert_string_equal(errno_name(EWOULDBLOCK, buf, sizeof(buf)), "EAGAIN");
	assert_string_equal(errno_name(EDEADLOCK, buf, sizeof(buf)), "EDEADLK");
	assert_string_equal(errno_name(ENOTSUP, buf, sizeof(buf)), "EOPNOTSUPP");
}

/* A short buffer is cut, never overrun, and known names never need it. */
static void test_short_buffer(void **state)
{
	char buf[8] = "zzzzzzz";

	(void)state;
	assert_string_equal(errno_name(4000, buf, 3), "E4");
	assert_int_equal(buf[3], 'z');
	assert_string_equal(errno_name(EADDRNOTAVAIL, buf, 1), "EADDRNOTAVAIL");
}

int main(void)
{
	static const struct CMUnitTest plain[] = {
		cmocka_unit_test(test_aliases),
		cmocka_unit_test(test_short_buffer),
	};
	static struct CMUnitTest tests[ARRAY_SIZE(known) + ARRAY_SIZE(unknown) + ARRAY_SIZE(plain)];
	struct test_list l = { tests, 0, ARRAY_SIZE(tests) };

	for (size_t i = 0; i < ARRAY_SIZE(known); i++)
		add_test(&l, test_errno, &known[i], "errno %d is %s", known[i].err, known[i].name);
	for (size_t i = 0; i < ARRAY_SIZE(unknown); i++)
		add_test(&l, test_errno, &unknown[i], "errno %d is %s", unknown[i].err,
			 unknown[i].name);
	add_plain_tests(&l, plain, ARRAY_SIZE(plain));
	return run_test_list(&l, "errno_name", NULL, NULL);
}

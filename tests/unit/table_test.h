/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers for the unit tests: each row of a table becomes its own cmocka test. */
#ifndef BINDGUARD_TABLE_TEST_H
#define BINDGUARD_TABLE_TEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Catching what the code under test prints: capture_begin() sends stdout
 * and stderr to temporary files, capture_end() puts them back and returns
 * what was written, NUL-terminated (cut to the buffers' size). */
struct capture_std {
	FILE *out, *err;
	int saved_out, saved_err;
};

static inline void read_back_file(FILE *f, char *buf, size_t len)
{
	size_t n;

	rewind(f);
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
}

static inline void capture_begin(struct capture_std *c)
{
	c->out = tmpfile();
	c->err = tmpfile();
	if (!c->out || !c->err)
		abort();
	fflush(stdout);
	fflush(stderr);
	c->saved_out = dup(STDOUT_FILENO);
	c->saved_err = dup(STDERR_FILENO);
	dup2(fileno(c->out), STDOUT_FILENO);
	dup2(fileno(c->err), STDERR_FILENO);
}

static inline void capture_end(struct capture_std *c, char *out, size_t out_len, char *err,
			       size_t err_len)
{
	fflush(stdout);
	fflush(stderr);
	dup2(c->saved_out, STDOUT_FILENO);
	dup2(c->saved_err, STDERR_FILENO);
	close(c->saved_out);
	close(c->saved_err);
	read_back_file(c->out, out, out_len);
	read_back_file(c->err, err, err_len);
}

/* A fixed array of tests filled at run time; the group must come out full.
 * The list owns the names it formats (and the strings shown() makes for
 * them): run_test_list frees them once the group has run. */
struct test_list {
	struct CMUnitTest *tests;
	size_t n;
	size_t cap;
	char **owned;
	size_t n_owned;
};

static inline char *test_list_own(struct test_list *l, char *s)
{
	char **grown = realloc(l->owned, (l->n_owned + 1) * sizeof(*grown));

	if (!s || !grown)
		abort();
	l->owned = grown;
	l->owned[l->n_owned++] = s;
	return s;
}

/* Adds a test that gets `row` as its state; the name is printf-formatted and
 * shows up in the TAP line, so a failing row names itself. */
static inline __attribute__((format(printf, 4, 5))) void
add_test(struct test_list *l, CMUnitTestFunction fn, const void *row, const char *fmt, ...)
{
	va_list ap;
	char *name;

	if (l->n >= l->cap) {
		fprintf(stderr, "test list holds only %zu tests\n", l->cap);
		abort();
	}
	va_start(ap, fmt);
	if (vasprintf(&name, fmt, ap) < 0)
		abort();
	va_end(ap);
	test_list_own(l, name);
	l->tests[l->n++] = (struct CMUnitTest){ name, fn, NULL, NULL, (void *)row };
}

/* Copies tests written with cmocka_unit_test() into the list. */
static inline void add_plain_tests(struct test_list *l, const struct CMUnitTest *tests, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (l->n >= l->cap)
			abort();
		l->tests[l->n++] = tests[i];
	}
}

/* A copy of s fit for a TAP line: blanks but space, and bytes outside
 * printable ASCII, as C escapes.  It lives as long as the list. */
static inline const char *shown(struct test_list *l, const char *s)
{
	size_t len = strlen(s);
	char *out = test_list_own(l, malloc(4 * len + 1)), *p = out;

	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if (*c == '\\')
			p += sprintf(p, "\\\\");
		else if (*c == '\t')
			p += sprintf(p, "\\t");
		else if (*c == '\n')
			p += sprintf(p, "\\n");
		else if (*c < 0x20 || *c >= 0x7f || *c == '#')
			p += sprintf(p, "\\x%02x", *c);
		else
			*p++ = (char)*c;
	}
	*p = '\0';
	return out;
}

/* A table miscounted against the group size is a bug in the test file. */
static inline void check_test_list_full(const struct test_list *l)
{
	if (l->n != l->cap) {
		fprintf(stderr, "test list has %zu of %zu tests\n", l->n, l->cap);
		abort();
	}
}

/* Runs the group, once it is full, then frees what the list owns.
 * cmocka's exit status. */
static inline int run_test_list(struct test_list *l, const char *group, CMFixtureFunction setup,
				CMFixtureFunction teardown)
{
	int ret;

	check_test_list_full(l);
	ret = _cmocka_run_group_tests(group, l->tests, l->n, setup, teardown);
	for (size_t i = 0; i < l->n_owned; i++)
		free(l->owned[i]);
	free(l->owned);
	l->owned = NULL;
	l->n_owned = 0;
	return ret;
}

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/* Reading a .wslconfig (any encoding Windows editors write) with inih, and
 * checking its networking settings against the hardened ones: pure. */
#ifndef BINDGUARD_WSLCONFIG_H
#define BINDGUARD_WSLCONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wsl/wsl_detect.h"

enum wslcfg_key {
	WSLCFG_NETWORKING_MODE,
	WSLCFG_FIREWALL,
	WSLCFG_DNS_TUNNELING,
	WSLCFG_AUTO_PROXY,
	WSLCFG_HOST_ADDRESS_LOOPBACK,
	WSLCFG_IGNORED_PORTS,
	WSLCFG_IPV6,
	WSLCFG_LOCALHOST_FORWARDING,
	WSLCFG_KEY_COUNT,
};

struct wslcfg_value {
	bool set;	   /* the key was read (first occurrence wins, as in WSL) */
	bool valid;	   /* its value made sense; WSL ignores it otherwise */
	bool boolean;	   /* for boolean keys */
	unsigned int line; /* 1-based */
	char section[16];  /* as written: "wsl2" or "experimental" */
	char text[256];	   /* value without quotes and comment, as shown: cut to fit (the
			    * checks read the whole value) */
};

#define WSLCFG_MAX_IGNORED_PORTS 64

struct wslconfig {
	struct wslcfg_value v[WSLCFG_KEY_COUNT];
	enum wsl_net_mode mode; /* networkingMode, UNKNOWN when unset or invalid */
	uint16_t ignored_ports[WSLCFG_MAX_IGNORED_PORTS];
	size_t n_ignored_ports;
	const char *encoding; /* "utf-8", "utf-8 with BOM", "utf-16le", "utf-16be" */
	bool crlf;
};

enum wsl_finding_level {
	WSL_FINDING_INFO = 0, /* how things are; nothing to fix */
	WSL_FINDING_RISK,     /* a setting that widens exposure: worth changing */
	WSL_FINDING_INPUT,    /* the file itself: a line WSL cannot use */
};

struct wsl_finding {
	enum wsl_finding_level level;
	char key[24];	   /* the setting, "" for the file as a whole */
	unsigned int line; /* 0: not about one line */
	char text[320];	   /* one sentence */
};

#define WSL_MAX_FINDINGS 48

struct wsl_findings {
	struct wsl_finding items[WSL_MAX_FINDINGS];
	size_t n;
	size_t dropped;
};

void wsl_findings_add(struct wsl_findings *f, enum wsl_finding_level level, const char *key,
		      unsigned int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
const char *wsl_finding_level_name(enum wsl_finding_level level); /* info, risk, warning */

const char *wslcfg_key_name(enum wslcfg_key key);

/* Decodes bytes to NUL-terminated UTF-8: a UTF-8 BOM is dropped, UTF-16
 * LE/BE (with a BOM, or recognised by its NUL bytes) converted with iconv.
 * *text is malloc'ed.  0, -EILSEQ (not valid in its encoding) or -ENOMEM. */
int wslconfig_decode(const uint8_t *bytes, size_t len, char **text, const char **encoding);

/* The longest line read (in bytes, without its line end and indentation):
 * kernelCommandLine= options and Windows paths make long lines, and one
 * longer than this is an INPUT finding, skipped. */
#define WSLCFG_MAX_LINE 65536

/* One setting as WSL reads it: section and key as written, the value
 * without its quotes or '#' comment, whole however long; 1-based line. */
typedef void (*wslcfg_setting_fn)(void *user, const char *section, const char *key,
				  const char *value, unsigned int line);

/* Reads decoded text line by line and calls fn for each setting on a line
 * WSL can use; the others become INPUT findings with their line number.
 * Sets *crlf when a line ends in CRLF.  0, or -ENOMEM (also a finding). */
int wslconfig_read(const char *text, wslcfg_setting_fn fn, void *user,
		   struct wsl_findings *findings, bool *crlf);

/* Parses a whole file's bytes.  Lines WSL could not use become INPUT
 * findings with their line number; parsing never stops early.  Returns 0,
 * or -EILSEQ/-ENOMEM when nothing could be read (also noted in findings). */
int wslconfig_parse(const uint8_t *bytes, size_t len, struct wslconfig *cfg,
		    struct wsl_findings *findings);

/* Compares with the hardened settings.  effective: the mode WSL runs in
 * (UNKNOWN if not known); listening: ports Linux listens on now, to point
 * at the ones ignoredPorts covers. */
void wslconfig_check(const struct wslconfig *cfg, enum wsl_net_mode effective,
		     const uint16_t *listening, size_t n_listening, struct wsl_findings *findings);

#endif

// SPDX-License-Identifier: GPL-2.0
/* WSL detection from signs, and the path logic that finds .wslconfig. */
#include "table_test.h"

#include <errno.h>
#include <string.h>

#include "wsl/wsl_detect.h"

struct detect_case {
	const char *name;
	struct wsl_signs signs;
	enum wsl_version want_version;
	enum wsl_net_mode want_mode;
	enum wsl_mode_source want_source;
	const char *want_evidence; /* a phrase in one evidence line, or NULL */
};

static const struct detect_case detects[] = {
	{ "WSL 2 kernel, nothing else",
	  { .osrelease = "5.15.153.1-microsoft-standard-WSL2" },
	  WSL_VERSION_2,
	  WSL_NET_NAT,
	  WSL_MODE_FROM_SIGNS,
	  "NAT assumed" },
	{ "WSL 2 with wslinfo",
	  { .osrelease = "6.6.87.2-microsoft-standard-WSL2", .wslinfo_mode = "mirrored" },
	  WSL_VERSION_2,
	  WSL_NET_MIRRORED,
	  WSL_MODE_FROM_WSLINFO,
	  "wslinfo" },
	{ "wslinfo wins over signs",
	  { .osrelease = "6.6.87.2-microsoft-standard-WSL2",
	    .wslinfo_mode = "nat\n",
	    .loopback0 = true },
	  WSL_VERSION_2,
	  WSL_NET_NAT,
	  WSL_MODE_FROM_WSLINFO,
	  NULL },
	{ "unreadable wslinfo output falls back to signs",
	  { .osrelease = "6.6.87.2-microsoft-standard-WSL2",
	    .wslinfo_mode = "Error: ???",
	    .loopback0 = true },
	  WSL_VERSION_2,
	  WSL_NET_MIRRORED,
	  WSL_MODE_FROM_SIGNS,
	  "loopback0" },
	{ "mirrored from routing rules",
	  { .osrelease = "5.15.90.1-microsoft-standard-WSL2",
	    .rule_iif_loopback0 = true,
	    .rule_table_127_128 = true },
	  WSL_VERSION_2,
	  WSL_NET_MIRRORED,
	  WSL_MODE_FROM_SIGNS,
	  "tables 127/128" },
	{ "WSL 1",
	  { .osrelease = "4.4.0-19041-Microsoft", .interop = true },
	  WSL_VERSION_1,
	  WSL_NET_UNKNOWN,
	  WSL_MODE_FROM_NOTHING,
	  "(WSL 1)" },
	{ "custom kernel with /run/WSL",
	  { .osrelease = "6.12.0-custom", .run_wsl = true },
	  WSL_VERSION_UNKNOWN,
	  WSL_NET_NAT,
	  WSL_MODE_FROM_SIGNS,
	  "/run/WSL" },
	{ "custom kernel with WSL_DISTRO_NAME",
	  { .osrelease = "6.12.0-custom", .distro_name = "Ubuntu-24.04" },
	  WSL_VERSION_UNKNOWN,
	  WSL_NET_NAT,
	  WSL_MODE_FROM_SIGNS,
	  "Ubuntu-24.04" },
	{ "custom kernel with interop and mirrored signs",
	  { .osrelease = "6.12.0", .interop = true, .loopback0 = true },
	  WSL_VERSION_UNKNOWN,
	  WSL_NET_MIRRORED,
	  WSL_MODE_FROM_SIGNS,
	  "WSLInterop" },
	{ "plain Linux",
	  { .osrelease = "6.18.44" },
	  WSL_NOT_DETECTED,
	  WSL_NET_UNKNOWN,
	  WSL_MODE_FROM_NOTHING,
	  NULL },
	{ "plain Linux with rules for table 127 is no WSL",
	  { .osrelease = "6.1.0-13-amd64", .rule_table_127_128 = true },
	  WSL_NOT_DETECTED,
	  WSL_NET_UNKNOWN,
	  WSL_MODE_FROM_NOTHING,
	  NULL },
	{ "no osrelease at all",
	  { .osrelease = "" },
	  WSL_NOT_DETECTED,
	  WSL_NET_UNKNOWN,
	  WSL_MODE_FROM_NOTHING,
	  NULL },
};

static void test_detect(void **state)
{
	const struct detect_case *c = *state;
	struct wsl_status s;
	bool found = !c->want_evidence;

	wsl_classify(&c->signs, &s);
	assert_string_equal(wsl_version_name(s.version), wsl_version_name(c->want_version));
	assert_string_equal(wsl_net_mode_name(s.mode), wsl_net_mode_name(c->want_mode));
	assert_int_equal(s.mode_source, c->want_source);
	assert_int_equal(wsl_detected(&s), c->want_version != WSL_NOT_DETECTED);
	for (size_t i = 0; i < s.n_evidence; i++)
		if (c->want_evidence && strstr(s.evidence[i], c->want_evidence))
			found = true;
	assert_true(found);
}

static void test_mode_names(void **state)
{
	(void)state;
	assert_int_equal(wsl_net_mode_parse("Mirrored"), WSL_NET_MIRRORED);
	assert_int_equal(wsl_net_mode_parse(" virtioProxy\n"), WSL_NET_VIRTIOPROXY);
	assert_int_equal(wsl_net_mode_parse("NAT"), WSL_NET_NAT);
	assert_int_equal(wsl_net_mode_parse("none"), WSL_NET_NONE);
	assert_int_equal(wsl_net_mode_parse("bridged"), WSL_NET_BRIDGED);
	assert_int_equal(wsl_net_mode_parse("mirror"), WSL_NET_UNKNOWN);
	assert_int_equal(wsl_net_mode_parse(""), WSL_NET_UNKNOWN);
	assert_int_equal(wsl_net_mode_parse("a-very-long-text-that-is-no-mode-at-all-really"),
			 WSL_NET_UNKNOWN);
	assert_string_equal(wsl_net_mode_name(WSL_NET_UNKNOWN), "unknown");
	assert_string_equal(wsl_version_name(WSL_NOT_DETECTED), "none");
}

struct automount_case {
	const char *conf;
	const char *want;
};

static const struct automount_case automounts[] = {
	{ NULL, "/mnt/" },
	{ "", "/mnt/" },
	{ "[boot]\nsystemd=true\n", "/mnt/" },
	{ "[automount]\nroot = /windir/\n", "/windir/" },
	{ "[Automount]\nRoot=/win\n", "/win/" },
	{ "[automount]\nroot=\"/drives\"\noptions = \"metadata\"\n", "/drives/" },
	{ "[automount]\nenabled=false\n", "/mnt/" },
	{ "garbage\n[automount]\nroot=/x/\n", "/x/" },
};

static void test_automount(void **state)
{
	const struct automount_case *c = *state;
	char root[256];

	assert_int_equal(wsl_automount_root(c->conf, root, sizeof(root)), 0);
	assert_string_equal(root, c->want);
}

/* A line longer than inih's 200-byte buffer is one line: its tail is no
 * setting of its own (inih's default read took "root=/tail/" from it), and
 * a setting after it still counts. */
static void test_automount_long_line(void **state)
{
	static const char head[] = "[automount]\noptions=";
	char conf[1024], root[256];
	int n;

	(void)state;
	n = snprintf(conf, sizeof(conf), "%s%s", head, "metadata");
	while (n < (int)(sizeof(head) - 1) + 191)
		conf[n++] = ',';
	snprintf(conf + n, sizeof(conf) - (size_t)n, "root=/tail/\n");
	assert_int_equal(wsl_automount_root(conf, root, sizeof(root)), 0);
	assert_string_equal(root, "/mnt/");
	snprintf(conf + strlen(conf), sizeof(conf) - strlen(conf), "root=/after/\n");
	assert_int_equal(wsl_automount_root(conf, root, sizeof(root)), 0);
	assert_string_equal(root, "/after/");
}

struct path_case {
	const char *win, *root, *want;
	int want_err;
};

static const struct path_case paths[] = {
	{ "C:\\Users\\alice", "/mnt/", "/mnt/c/Users/alice", 0 },
	{ "C:\\Users\\Alice Smith\\", "/mnt/", "/mnt/c/Users/Alice Smith", 0 },
	{ "d:\\", "/mnt/", "/mnt/d/", 0 },
	{ "C:", "/mnt/", "/mnt/c", 0 },
	{ "C:\\Users\\bob", "/windir/", "/windir/c/Users/bob", 0 },
	{ "C:\\Users\\bob", "/", "/c/Users/bob", 0 },
	{ "\\\\server\\share", "/mnt/", NULL, -EINVAL },
	{ "%USERPROFILE%", "/mnt/", NULL, -EINVAL },
	{ "C:Users", "/mnt/", NULL, -EINVAL },
};

static void test_path(void **state)
{
	const struct path_case *c = *state;
	char out[256];

	assert_int_equal(windows_path_to_wsl(c->win, c->root, out, sizeof(out)), c->want_err);
	if (!c->want_err)
		assert_string_equal(out, c->want);
}

static void test_path_too_long(void **state)
{
	char out[16];

	(void)state;
	assert_int_equal(windows_path_to_wsl("C:\\Users\\someone-long", "/mnt/", out, sizeof(out)),
			 -EINVAL);
}

static void test_drive_mounts(void **state)
{
	static const char mounts[] =
	    "none /mnt/wsl tmpfs rw,relatime 0 0\n"
	    "C:\\134 /mnt/c 9p rw,noatime,dirsync,aname=drvfs;path=C:\\;uid=1000;gid=1000;"
	    "symlinkroot=/mnt/,mmap,access=client,msize=65536,trans=fd,rfd=5,wfd=5 0 0\n"
	    "drvfs /mnt/d drvfs rw,noatime 0 0\n"
	    "tools /opt/tools 9p rw,aname=tools 0 0\n"
	    "drvfsE /mnt/my\\040drive virtiofs rw 0 0\n"
	    "broken line\n";
	char dirs[8][256];

	(void)state;
	assert_int_equal(windows_drive_mounts(mounts, dirs, 8), 3);
	assert_string_equal(dirs[0], "/mnt/c");
	assert_string_equal(dirs[1], "/mnt/d");
	assert_string_equal(dirs[2], "/mnt/my drive");
	assert_int_equal(windows_drive_mounts(mounts, dirs, 1), 1);
	assert_int_equal(windows_drive_mounts("", dirs, 8), 0);
}

static void test_system_profiles(void **state)
{
	(void)state;
	assert_true(windows_profile_is_system("Public"));
	assert_true(windows_profile_is_system("default user"));
	assert_true(windows_profile_is_system("All Users"));
	assert_true(windows_profile_is_system("."));
	assert_true(windows_profile_is_system("desktop.ini") == false);
	assert_false(windows_profile_is_system("alice"));
}

int main(void)
{
	static const struct CMUnitTest plain[] = {
		cmocka_unit_test(test_mode_names),	    cmocka_unit_test(test_path_too_long),
		cmocka_unit_test(test_automount_long_line), cmocka_unit_test(test_drive_mounts),
		cmocka_unit_test(test_system_profiles),
	};
	struct CMUnitTest tests[ARRAY_SIZE(detects) + ARRAY_SIZE(automounts) + ARRAY_SIZE(paths) +
				ARRAY_SIZE(plain)];
	struct test_list l = { tests, 0, ARRAY_SIZE(tests) };

	for (size_t i = 0; i < ARRAY_SIZE(detects); i++)
		add_test(&l, test_detect, &detects[i], "detect: %s", detects[i].name);
	for (size_t i = 0; i < ARRAY_SIZE(automounts); i++)
		add_test(&l, test_automount, &automounts[i], "automount root -> %s (case %zu)",
			 automounts[i].want, i);
	for (size_t i = 0; i < ARRAY_SIZE(paths); i++)
		add_test(&l, test_path, &paths[i], "windows path %s", paths[i].win);
	add_plain_tests(&l, plain, ARRAY_SIZE(plain));
	return run_test_list(&l, "wsl_detect", NULL, NULL);
}

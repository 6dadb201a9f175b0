/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel's BTF cut down to the types one BPF object's CO-RE
 * relocations can match, for libbpf's btf_custom_path.  libbpf 1.1 finds
 * the kernel's candidates for each relocated type by a walk over all of
 * its types (126 000 on 6.18, about a millisecond a walk, twelve walks
 * for the capture object: 40 % of `trace`'s start-up); over the cut BTF
 * each walk takes microseconds, and the relocations come out the same. */
#ifndef BINDGUARD_CORE_BTF_H
#define BINDGUARD_CORE_BTF_H

#include <linux/types.h>
#include <stddef.h>

struct btf;
struct btf_view;

/* The local types CO-RE relocations of an object start from, sorted and
 * unique, from its .BTF.ext (`ext`, `size`) and BTF (`local`).  -ENOTSUP
 * for a relocation the cut cannot answer as the whole BTF would: a kernel
 * type id (bpf_core_type_id_kernel), a deep type match
 * (bpf_core_type_matches), a type-based one on a pointer type; -EINVAL
 * when the section is malformed.  Free *roots. */
int core_relo_roots(const struct btf *local, const void *ext, size_t size, __u32 **roots,
		    size_t *count);

/* A new BTF with every type of `kernel` that bears the name of a root
 * (local type ids; the name up to a "___flavour" suffix, as libbpf matches
 * them), and what those need to be read the same way: the types of their
 * members, of typedefs, arrays and modifiers, all but what pointers point
 * to (a field relocation needs only to know that a member is a pointer;
 * each pointer followed is a relocation of its own, with its own root).
 * Kernel type ids are not kept.  NULL with errno set on failure. */
struct btf *core_btf_cut(const struct btf_view *kernel, const struct btf *local, const __u32 *roots,
			 size_t count);

/* core_btf_cut() of the running kernel's BTF (kernel_btf()) for the BPF
 * object in `elf` (a skeleton's bytes), written to a memfd whose
 * /proc/self/fd path goes into `path`: pass it as
 * bpf_object_open_opts.btf_custom_path and keep the fd open until the
 * object is loaded (libbpf reads the file at load).  Returns the fd, or a
 * negative errno (also when the kernel's BTF cannot be read): then load
 * without it. */
int core_btf_file(const void *elf, size_t elf_size, char *path, size_t len);

#endif

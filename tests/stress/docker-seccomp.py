#!/usr/bin/env python3
"""Runs a command under the part of Docker's default seccomp profile that a course's grading
container differs by: the calls it allows only with a capability such a container lacks fail as
they would there. pidfd_getfd, kcmp and process_madvise need CAP_SYS_PTRACE; unshare, setns,
mount, umount2, bpf and perf_event_open need CAP_SYS_ADMIN (or CAP_BPF, CAP_PERFMON): EPERM.
clone3 fails with ENOSYS, so that glibc falls back to clone. personality() is allowed only to ask
(0xffffffff) or to set 0, PER_LINUX32, UNAME26 or both: ADDR_NO_RANDOMIZE (the grader's way to start
GCC 12's AddressSanitizer on a kernel with vm.mmap_rnd_bits = 32) fails with EPERM. ptrace and
process_vm_readv stay allowed, as Docker allows them on Linux 4.8 and later
(profiles/seccomp/default.json in moby/moby).
Usage: tests/stress/docker-seccomp.py COMMAND [ARG]...   (x86-64 and arm64)"""
import os
import platform
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e", "lib"))
from seccomp_filter import BPF_JEQ_K, BPF_LD_W_ABS, BPF_RET_K, ENOSYS, EPERM, SECCOMP_RET_ALLOW, \
    SECCOMP_RET_ERRNO, exec_under, insn  # noqa: E402

# (audit arch, {call: number}) per machine
TABLES = {
    "x86_64": (0xC000003E, {"pidfd_getfd": 438, "kcmp": 312, "process_madvise": 440, "unshare": 272,
                            "setns": 308, "mount": 165, "umount2": 166, "bpf": 321, "perf_event_open": 298,
                            "clone3": 435}, 135),
    "aarch64": (0xC00000B7, {"pidfd_getfd": 438, "kcmp": 272, "process_madvise": 440, "unshare": 97,
                             "setns": 268, "mount": 40, "umount2": 39, "bpf": 280, "perf_event_open": 241,
                             "clone3": 435}, 92),
}
# personality()'s persona values that the profile allows (args[0], compared whole)
PERSONALITIES_ALLOWED = [0x0, 0x8, 0x20000, 0x20008, 0xFFFFFFFF]


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: docker-seccomp.py COMMAND [ARG]...")
    table = TABLES.get(platform.machine())
    if table is None:
        sys.exit(f"docker-seccomp: no filter for {platform.machine()} (x86_64 and aarch64 only)")
    arch, calls, personality = table
    refused = list(calls.items())
    # personality(): if the call is it, load args[0]'s low word (little-endian; the persona is an
    # unsigned int), allow the listed values, refuse the rest
    allowed = PERSONALITIES_ALLOWED
    persona = insn(BPF_JEQ_K, personality, 0, len(allowed) + 2) + insn(BPF_LD_W_ABS, 16)
    for index, value in enumerate(allowed):
        persona += insn(BPF_JEQ_K, value, len(allowed) - index, 0)
    persona += insn(BPF_RET_K, SECCOMP_RET_ERRNO | EPERM)
    # arch check, then one jump per refused call to its return, then personality(), then allow
    program = insn(BPF_LD_W_ABS, 4) + insn(BPF_JEQ_K, arch, 0, 2 * len(refused) + len(persona) // 8 + 1) + \
        insn(BPF_LD_W_ABS, 0)
    for name, number in refused:
        errno = ENOSYS if name == "clone3" else EPERM
        program += insn(BPF_JEQ_K, number, 0, 1) + insn(BPF_RET_K, SECCOMP_RET_ERRNO | errno)
    program += persona + insn(BPF_RET_K, SECCOMP_RET_ALLOW)
    exec_under(program, sys.argv[1:], "docker-seccomp")

main()

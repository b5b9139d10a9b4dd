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
import ctypes
import os
import platform
import struct
import sys

PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
SECCOMP_RET_ERRNO, SECCOMP_RET_ALLOW = 0x00050000, 0x7FFF0000
EPERM, ENOSYS = 1, 38
BPF_LD_W_ABS, BPF_JEQ_K, BPF_RET_K = 0x20, 0x15, 0x06
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


def insn(code, k, jt=0, jf=0):
    return struct.pack("HBBI", code, jt, jf, k)


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
    buffer = ctypes.create_string_buffer(program)

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = SockFprog(len(program) // 8, ctypes.addressof(buffer))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 or \
            libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog)) != 0:
        sys.exit("docker-seccomp: prctl(PR_SET_SECCOMP): " + os.strerror(ctypes.get_errno()))
    os.execvp(sys.argv[1], sys.argv[1:])


main()

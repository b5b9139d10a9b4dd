#!/usr/bin/env python3
"""Runs a command with pidfd_getfd refused (EPERM) by a seccomp filter, as in a Docker container
with the default seccomp profile and no CAP_SYS_PTRACE (which still allows ptrace on Linux 4.8+).
Usage: tests/stress/without-pidfd-getfd.py COMMAND [ARG]...  (x86-64 and arm64)"""
import ctypes
import os
import platform
import struct
import sys

PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
SECCOMP_RET_ERRNO, SECCOMP_RET_ALLOW, EPERM = 0x00050000, 0x7FFF0000, 1
BPF_LD_W_ABS, BPF_JEQ_K, BPF_RET_K = 0x20, 0x15, 0x06
# audit arch, pidfd_getfd's number (the same on both: the generic syscall table's 438)
ARCHES = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}
PIDFD_GETFD = 438


def insn(code, k, jt=0, jf=0):
    return struct.pack("HBBI", code, jt, jf, k)


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: without-pidfd-getfd.py COMMAND [ARG]...")
    arch = ARCHES.get(platform.machine())
    if arch is None:
        sys.exit(f"without-pidfd-getfd: no filter for {platform.machine()} (x86_64 and aarch64 only)")
    program = (insn(BPF_LD_W_ABS, 4) + insn(BPF_JEQ_K, arch, 0, 3) + insn(BPF_LD_W_ABS, 0) +
               insn(BPF_JEQ_K, PIDFD_GETFD, 0, 1) + insn(BPF_RET_K, SECCOMP_RET_ERRNO | EPERM) +
               insn(BPF_RET_K, SECCOMP_RET_ALLOW))
    buffer = ctypes.create_string_buffer(program)

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = SockFprog(len(program) // 8, ctypes.addressof(buffer))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 or \
            libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog)) != 0:
        sys.exit("without-pidfd-getfd: prctl(PR_SET_SECCOMP): " + os.strerror(ctypes.get_errno()))
    os.execvp(sys.argv[1], sys.argv[1:])


main()

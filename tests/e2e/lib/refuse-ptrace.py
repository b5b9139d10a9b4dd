#!/usr/bin/env python3
"""Runs a command on a machine that, as far as the command can tell, lacks one of the grader's
ptrace premises: a seccomp filter, inherited by every process the command starts and by nothing
else, makes ptrace(2) fail.
  all            every ptrace request fails with EPERM (kernel.yama.ptrace_scope 3, a sandbox)
  syscall-info   only PTRACE_GET_SYSCALL_INFO fails, with EIO, as on Linux before 5.3
Usage: tests/e2e/lib/refuse-ptrace.py all|syscall-info COMMAND [ARG]...   (x86-64 and arm64)"""
import ctypes
import os
import platform
import struct
import sys

PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
SECCOMP_RET_ERRNO, SECCOMP_RET_ALLOW = 0x00050000, 0x7FFF0000
EPERM, EIO = 1, 5
PTRACE_GET_SYSCALL_INFO = 0x420E
BPF_LD_W_ABS, BPF_JEQ_K, BPF_RET_K = 0x20, 0x15, 0x06
TABLES = {"x86_64": (0xC000003E, 101), "aarch64": (0xC00000B7, 117)}  # (audit arch, ptrace's number)


def insn(code, k, jt=0, jf=0):
    return struct.pack("HBBI", code, jt, jf, k)


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("all", "syscall-info"):
        sys.exit("usage: refuse-ptrace.py all|syscall-info COMMAND [ARG]...")
    table = TABLES.get(platform.machine())
    if table is None:
        sys.exit(f"refuse-ptrace: no filter for {platform.machine()} (x86_64 and aarch64 only)")
    arch, ptrace = table
    every = sys.argv[1] == "all"
    errno = EPERM if every else EIO
    # seccomp_data: nr at 0, arch at 4, args[0] at 16 (its low word on a little-endian machine)
    program = insn(BPF_LD_W_ABS, 4) + insn(BPF_JEQ_K, arch, 0, 5)
    program += insn(BPF_LD_W_ABS, 0) + insn(BPF_JEQ_K, ptrace, 0, 3)
    program += insn(BPF_LD_W_ABS, 16) + insn(BPF_JEQ_K, PTRACE_GET_SYSCALL_INFO, 0, 0 if every else 1)
    program += insn(BPF_RET_K, SECCOMP_RET_ERRNO | errno) + insn(BPF_RET_K, SECCOMP_RET_ALLOW)
    buffer = ctypes.create_string_buffer(program)

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = SockFprog(len(program) // 8, ctypes.addressof(buffer))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 or \
            libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog)) != 0:
        sys.exit("refuse-ptrace: prctl(PR_SET_SECCOMP): " + os.strerror(ctypes.get_errno()))
    os.execvp(sys.argv[2], sys.argv[2:])


main()

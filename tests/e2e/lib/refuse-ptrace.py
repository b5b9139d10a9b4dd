#!/usr/bin/env python3
"""Runs a command on a machine that, as far as the command can tell, lacks one of the grader's
ptrace premises: a seccomp filter, inherited by every process the command starts and by nothing
else, makes ptrace(2) fail.
  all            every ptrace request fails with EPERM (kernel.yama.ptrace_scope 3, a sandbox)
  syscall-info   only PTRACE_GET_SYSCALL_INFO fails, with EIO, as on Linux before 5.3
Usage: tests/e2e/lib/refuse-ptrace.py all|syscall-info COMMAND [ARG]...   (x86-64 and arm64)"""
import os
import platform
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from seccomp_filter import BPF_JEQ_K, BPF_LD_W_ABS, BPF_RET_K, EIO, EPERM, SECCOMP_RET_ALLOW, \
    SECCOMP_RET_ERRNO, exec_under, insn  # noqa: E402

PTRACE_GET_SYSCALL_INFO = 0x420E
TABLES = {"x86_64": (0xC000003E, 101), "aarch64": (0xC00000B7, 117)}  # (audit arch, ptrace's number)


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
    exec_under(program, sys.argv[2:], "refuse-ptrace")

main()

"""What the kit's seccomp wrappers share (tests/e2e/lib/refuse-ptrace.py, tests/stress/docker-seccomp.py):
classic BPF instructions over seccomp_data, and running a command under a filter made of them. The
filter is inherited by every process the command starts and by nothing else."""
import ctypes
import os
import struct
import sys

PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
SECCOMP_RET_ERRNO, SECCOMP_RET_ALLOW = 0x00050000, 0x7FFF0000
BPF_LD_W_ABS, BPF_JEQ_K, BPF_RET_K = 0x20, 0x15, 0x06
EPERM, EIO, ENOSYS = 1, 5, 38


def insn(code, k, jt=0, jf=0):
    """One classic BPF instruction (struct sock_filter)."""
    return struct.pack("HBBI", code, jt, jf, k)


def exec_under(program, argv, who):
    """Installs @program (bytes of instructions) as this process's seccomp filter, then replaces it
    with @argv. On failure, exits with one line that names @who and the failing call."""
    buffer = ctypes.create_string_buffer(program)

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = SockFprog(len(program) // 8, ctypes.addressof(buffer))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 or \
            libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog)) != 0:
        sys.exit(f"{who}: prctl(PR_SET_SECCOMP): " + os.strerror(ctypes.get_errno()))
    os.execvp(argv[0], argv)

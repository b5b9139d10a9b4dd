#pragma once
// What the kernel says a process is doing now, from /proc/PID/syscall: read from outside the
// process, never from anything its own code writes. Reading another process's file needs the right
// to ptrace it, which the harness has over the processes of its runs.
#include <sys/types.h>

namespace ipcviz::detail {

struct ProcSyscall {
    enum class State {
        unknown,     // the file could not be read (the process has gone) or said nothing known
        running,     // in user space: spinning or computing
        blocked,     // blocked outside any syscall (stopped, say): "-1 SP PC"
        in_syscall,  // inside syscall `number`, whose first argument is `first_argument`
    };
    State state = State::unknown;
    long number = -1;
    unsigned long long first_argument = 0;

    // Whether the process is inside syscall @p syscall_number (SYS_futex, ...) now.
    bool inside(long syscall_number) const { return state == State::in_syscall && number == syscall_number; }
};

// /proc/PID/syscall of @p pid, read with raw calls (outside any window the audit counts).
ProcSyscall read_proc_syscall(pid_t pid);

// The state letter of /proc/PID/stat ('R' running or runnable, 'S' asleep and interruptible, ...), or
// '?' when it cannot be read. Unlike /proc/PID/syscall, readable without the right to ptrace @p pid
// (a child reading its parent's under Yama's ptrace_scope 1). A task woken from a sleep is 'R' at once,
// before it runs.
char read_process_state(pid_t pid);

}  // namespace ipcviz::detail

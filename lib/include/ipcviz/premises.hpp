#pragma once
/** @file
 *  What a machine must offer before a run can be graded: ptrace (the kernel-side audit), its
 *  PTRACE_GET_SYSCALL_INFO request (Linux 5.3), and POSIX shared memory (a writable /dev/shm).
 *  Probed once, before any test, so that a machine that lacks one is named as the cause instead of
 *  each test's code.
 */
#include <string>
#include <string_view>
#include <vector>

namespace ipcviz {

/** A property of the machine that some runs cannot do without. */
enum class Premise {
    ptrace,         ///< a process may trace its child (PTRACE_TRACEME, then PTRACE_SYSCALL): every audited run
    syscall_info,   ///< ptrace(PTRACE_GET_SYSCALL_INFO) describes a syscall stop (Linux 5.3 or later)
    shared_memory,  ///< shm_open() can create an object and give it a size: a writable tmpfs on /dev/shm
};

/** One premise this machine lacks, found by probe_premises(). */
struct MissingPremise {
    Premise premise = Premise::ptrace;  ///< the premise that failed
    /// What failed and the likely reason, naming the call and its errno: "kernel.yama.ptrace_scope is 3
    /// (no process may trace another): ptrace(PTRACE_TRACEME) failed: Operation not permitted".
    std::string problem;
    /// What to change on the machine: "grade on a machine booted with kernel.yama.ptrace_scope 0 or 1".
    std::string fix;
};

/**
 * The premise's name as a grader's line uses it.
 * @param premise one premise
 * @return "ptrace", "ptrace(PTRACE_GET_SYSCALL_INFO)" or "POSIX shared memory (/dev/shm)"
 */
std::string_view premise_name(Premise premise) noexcept;

/**
 * Probes each premise the way the harness relies on it: forks a child that calls PTRACE_TRACEME and
 * stops, traces it to one syscall stop and reads that stop with PTRACE_GET_SYSCALL_INFO (not probed
 * when ptrace itself is refused); then creates a shared-memory object under a run-scoped name
 * (run_scoped_name("premise-probe")), removes the name at once and gives the object a size.
 * Takes a few milliseconds. Leaves no process (the child is killed and reaped on every path) and no
 * /dev/shm object. Must be called with no run going on (it waits for its own child by pid).
 * @return the premises that failed, in the order above; empty on a machine that can grade everything
 */
std::vector<MissingPremise> probe_premises();

}  // namespace ipcviz

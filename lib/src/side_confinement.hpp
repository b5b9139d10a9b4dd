#pragma once
// What a run's process gives up before it runs channel code, so that the channel — the student's
// code, for the grader — cannot reach the process that started the run (the grader, which writes
// the grade) other than by the run's own shared region.
namespace ipcviz::detail {

/**
 * Confines the calling process, a side of a run, before it loads or runs channel code: drops every
 * capability (effective, permitted, inheritable, ambient and, when allowed, the bounding set, so
 * that no execve gets one back) and sets no_new_privs. A root side keeps uid 0 but loses
 * CAP_SYS_PTRACE, so it cannot ptrace, process_vm_writev or open /proc/PID/mem of a caller that
 * made itself non-dumpable (the grader does); neither can a side of an unprivileged user.
 * Makes the side itself dumpable again (it inherits the caller's flag), so that the caller can
 * still read its /proc files. The bounding set and the flags are best effort; the capabilities
 * are checked: a side that still has one afterwards writes one line to stderr naming capset and
 * ends with status 125 before any channel code runs.
 */
void confine_side() noexcept;

}  // namespace ipcviz::detail

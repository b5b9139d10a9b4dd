#pragma once
// Ends every process a run (or a whole grader) started, including the ones that tried to get away:
// a process that called setsid(), left its process group, or double-forked so that its parent
// exited. A process-group kill misses all of these; what does not miss them is the process tree.
//
// The caller must be a "child subreaper" (prctl(PR_SET_CHILD_SUBREAPER)) for as long as the
// processes it wants to end may run: an orphan is then re-parented to the nearest subreaper among
// its ancestors — the caller — instead of to init, so every process the caller started, however
// it forked, stays in the caller's tree (as /proc's parent links show it) until the caller reaps it.
//
// Why the tree and not a PID namespace or a cgroup: both would end everything at once, but a PID
// namespace needs CAP_SYS_ADMIN or an unprivileged user namespace (refused by some distributions
// and most containers, Gradescope's included), and a writable cgroup needs delegation that a
// student's login session or a Docker container does not give. A subreaper and signals work for
// any user, root or not, in a container or not.
#include <sys/types.h>

#include <set>
#include <string>
#include <vector>

namespace ipcviz::detail {

/** The processes whose parent is this process now (read from /proc; zombies included). */
std::set<pid_t> children_of_self();

/**
 * The processes below @p root in the process tree (its children, theirs, …; zombies included), as
 * /proc shows them now.
 * @param root any process, e.g. a child this process started
 * @return their pids; empty when @p root has none or has gone
 */
std::set<pid_t> descendants_of(pid_t root);

/**
 * Kills and reaps every descendant of this process, except the subtrees rooted at @p spared
 * (children the caller had before, which are not its to end), and repeats until none is left.
 *
 * Races with a process that forks while it is being killed are closed by freezing first: every
 * descendant found is sent SIGSTOP (which cannot be caught or ignored), and /proc is read again
 * until a pass finds nothing new and everything it found has stopped — a stopped process cannot
 * fork, and a fork in progress when SIGSTOP arrives either completes before the stop (the new
 * process is then visible to the next pass) or is restarted after it. Only then is every frozen
 * process sent SIGKILL, so none is left running to start another. Orphans re-parented to this
 * process by the kill are reaped here; the loop ends when /proc shows no descendant, or after
 * a few seconds (a process this user may not signal, e.g. a set-user-ID program, stays listed).
 * The loop ends after a pass that finds no descendant at all, alive or zombie, with no zombie child
 * appearing meanwhile: a process forked while /proc is read can be missed (pids wrap), but its
 * creator, not found alive, has ended meanwhile and left a zombie that one of these shows.
 * Limit: a chain that forks a new process and exits faster than /proc can be read (a few ms for a
 * hundred processes; newest pids are read first) can stay ahead of the passes until the time limit;
 * it is then reported as not killed. The Gradescope autograder ends such a chain with kill(-1) as
 * the grading user; a PID namespace or a cgroup would end it anywhere, but need privileges.
 * SIGCHLD should be blocked or at its default by the caller (it is consumed if blocked).
 *
 * @param spared children of this process to leave alone, with their descendants
 * @return one line per process that was still running when found ("pid 1234 (sleep)"), and
 *         "pid N (name) could not be killed: …" for any that survived the attempt
 */
std::vector<std::string> kill_descendants(const std::set<pid_t>& spared);

}  // namespace ipcviz::detail

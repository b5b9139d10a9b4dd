#pragma once
// The caller's side of a run: waits for the run's process group with a deadline, drives the
// ptrace audit when asked, and kills and reaps everything when time is up.
#include <signal.h>
#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>

#include "syscall_audit.hpp"

namespace ipcviz::detail {

// The signals blocked while a run goes on: SIGCHLD, which the supervisor waits for, and the ones
// that end a program (SIGINT, SIGTERM, SIGHUP, SIGQUIT), so that the run is killed and cleaned up
// before the signal takes effect.
sigset_t run_signals();

class Supervisor {
public:
    // @p group: the run's parent pid, also its process group. run_signals() must be blocked already.
    Supervisor(pid_t group, bool audit) : group_(group), audit_(audit) {}

    // Returns once every process of the group is reaped. At @p deadline_ns (CLOCK_MONOTONIC) it
    // notes what each process @p watched names was blocked in, then kills the group. It also kills
    // the group, without counting that as a timeout, once @p failed_long_ago says a side failed a
    // while back: the other side may be waiting for it for ever (shared memory has no EOF).
    // @p tick, if set, is called about every kTickInterval_ns while it waits; when it returns
    // false the group is killed (not counted as a timeout) and waited for as usual.
    void wait(std::int64_t deadline_ns, const std::function<std::set<pid_t>()>& watched,
              const std::function<bool()>& failed_long_ago, const std::function<bool()>& tick = {});

    static constexpr std::int64_t kTickInterval_ns = 30'000'000;

    bool timed_out() const { return timed_out_; }
    // The terminating signal (SIGINT, ...) that arrived during the run, or 0.
    int interrupted_by() const { return interrupted_by_; }
    // The wait status of @p pid if this process reaped it or, as its tracer, saw it end.
    const int* status(pid_t pid) const;
    std::string blocked_in(pid_t pid) const;
    const SyscallAudit& audit() const { return audit_counts_; }
    // Why the audit could not read the tracees' syscalls (the machine's lack, not the run's: see
    // handle_stop), or empty. Once set, the group is killed: nothing the run does can be audited.
    const std::string& audit_failure() const { return audit_failure_; }
    // See SyscallAudit::watch_progress.
    void watch_progress(const std::uint64_t* delivered) { audit_counts_.watch_progress(delivered); }

private:
    void handle(pid_t pid, int status);
    void handle_stop(pid_t pid, int status);
    void kill_group(const std::set<pid_t>& watched);

    pid_t group_;
    bool audit_;
    bool timed_out_ = false;
    int interrupted_by_ = 0;
    std::set<pid_t> attached_;  // tracees whose first stop was seen
    // Tracees that called setsid() or setpgid(): waitpid(-group_) no longer reports them, so each is
    // waited for by its pid (or its stops would never be resumed and the run would stall).
    std::set<pid_t> regrouped_;
    std::map<pid_t, int> statuses_;
    std::map<pid_t, std::string> blocked_in_;
    SyscallAudit audit_counts_;
    std::string audit_failure_;
};

}  // namespace ipcviz::detail

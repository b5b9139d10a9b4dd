#include "supervisor.hpp"

#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iterator>
#include <fstream>

#include "ipcviz/audit.hpp"
#include "ipcviz/trace.hpp"
#include "proc_syscall.hpp"

namespace ipcviz::detail {

namespace {

// What the kernel says @p pid is doing: the syscall it is blocked in (/proc/PID/syscall), and the
// kernel function it sleeps in (wchan).
std::string read_blocked_in(pid_t pid) {
    const ProcSyscall seen = read_proc_syscall(pid);
    if (seen.state == ProcSyscall::State::running) return "running (not in a syscall: spinning or computing)";
    if (seen.state != ProcSyscall::State::in_syscall) return {};
    const std::string name = syscall_name(seen.number);
    static const std::set<std::string> kTakesFd = {"read", "write", "readv", "writev", "recvfrom", "sendto",
                                                    "recvmsg", "sendmsg", "accept", "accept4", "connect",
                                                    "close", "poll", "ppoll", "epoll_wait", "epoll_pwait"};
    std::string text = name + "(";
    if (kTakesFd.count(name) != 0) text += "fd " + std::to_string(static_cast<int>(seen.first_argument)) + ", ";
    text += "...)";
    std::ifstream wchan_file("/proc/" + std::to_string(pid) + "/wchan");
    std::string wchan;
    if (wchan_file >> wchan && wchan != "0") text += ", sleeping in the kernel's " + wchan;
    return text;
}

// A signal the caller ignores (SIGINT in a background job) must not end its run either.
bool ignored(int signal) {
    struct sigaction current {};
    return ::sigaction(signal, nullptr, &current) == 0 && current.sa_handler == SIG_IGN;
}

void resume(pid_t pid, int signal) { ::ptrace(PTRACE_SYSCALL, pid, nullptr, reinterpret_cast<void*>(static_cast<long>(signal))); }

}  // namespace

sigset_t run_signals() {
    sigset_t signals;
    sigemptyset(&signals);
    for (const int signal : {SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaddset(&signals, signal);
    return signals;
}

const int* Supervisor::status(pid_t pid) const {
    const auto found = statuses_.find(pid);
    return found == statuses_.end() ? nullptr : &found->second;
}

std::string Supervisor::blocked_in(pid_t pid) const {
    const auto found = blocked_in_.find(pid);
    return found == blocked_in_.end() ? std::string() : found->second;
}

void Supervisor::wait(std::int64_t deadline_ns, const std::function<std::set<pid_t>()>& watched,
                      const std::function<bool()>& failed_long_ago, const std::function<bool()>& tick) {
    bool stopped_after_failure = false;
    std::int64_t next_tick = monotonic_ns() + kTickInterval_ns;
    bool stopped_by_tick = false;
    const sigset_t awaited = run_signals();
    sigset_t child_signal;
    sigemptyset(&child_signal);
    sigaddset(&child_signal, SIGCHLD);
    for (;;) {
        // Checked on every pass: a stream of ptrace stops must not keep the deadline from firing.
        const std::int64_t left = deadline_ns - monotonic_ns();
        if (!timed_out_ && interrupted_by_ == 0 && left <= 0) {
            timed_out_ = true;
            kill_group(watched());
        }
        if (!stopped_after_failure && !timed_out_ && (failed_long_ago() || !audit_failure_.empty())) {
            stopped_after_failure = true;
            kill_group(watched());
        }
        int status = 0;
        pid_t pid = ::waitpid(-group_, &status, __WALL | WNOHANG);
        if (pid <= 0 && !(pid == -1 && errno == EINTR)) {
            const int group_errno = errno;
            for (auto it = regrouped_.begin(); it != regrouped_.end();) {
                const pid_t left = ::waitpid(*it, &status, __WALL | WNOHANG);
                if (left == -1 && errno == ECHILD) {
                    it = regrouped_.erase(it);  // gone (reaped, or no longer ours to wait for)
                    continue;
                }
                if (left > 0) {
                    pid = left;
                    break;
                }
                ++it;
            }
            if (pid <= 0) errno = group_errno;
        }
        if (pid > 0) {
            if (WIFEXITED(status) || WIFSIGNALED(status)) regrouped_.erase(pid);
            handle(pid, status);
            continue;
        }
        if (pid == -1 && errno == ECHILD && !regrouped_.empty()) pid = 0;  // the group is gone, not they
        if (pid == -1 && errno == EINTR) continue;
        if (pid == -1) break;  // ECHILD: every process of the group is gone
        // Nothing to reap yet: sleep until a SIGCHLD (blocked, so it stays pending) or the deadline.
        // At most 50 ms asleep: a SIGCHLD that never comes cannot stall the run past that.
        std::int64_t slice = timed_out_ || interrupted_by_ != 0 ? 50'000'000 : std::clamp<std::int64_t>(left, 0, 50'000'000);
        if (tick && !stopped_by_tick) {
            const std::int64_t now = monotonic_ns();
            if (now >= next_tick) {
                if (!tick()) {
                    stopped_by_tick = true;
                    kill_group(watched());
                    continue;
                }
                next_tick = now + kTickInterval_ns;
            }
            slice = std::clamp<std::int64_t>(next_tick - now, 0, slice);
        }
        timespec timeout{slice / 1'000'000'000, slice % 1'000'000'000};
        const int signal = ::sigtimedwait(&awaited, nullptr, &timeout);
        if (signal > 0 && signal != SIGCHLD && interrupted_by_ == 0 && !ignored(signal)) {
            // Ctrl-C or a kill while the run goes on: end the run now; the caller re-raises it.
            interrupted_by_ = signal;
            kill_group(watched());
        }
    }
    // Consume a SIGCHLD still pending so it is not delivered once the caller unblocks it.
    timespec none{0, 0};
    while (::sigtimedwait(&child_signal, nullptr, &none) > 0) {
    }
}

void Supervisor::kill_group(const std::set<pid_t>& watched) {
    for (const pid_t pid : watched) {
        if (pid > 0) blocked_in_[pid] = read_blocked_in(pid);
    }
    ::kill(-group_, SIGKILL);
    for (const pid_t pid : watched) {
        if (pid > 0) ::kill(pid, SIGKILL);  // in case one left the group
    }
    for (const pid_t pid : regrouped_) ::kill(pid, SIGKILL);  // those that did, as far as ptrace saw
}

void Supervisor::handle(pid_t pid, int status) {
    if (WIFEXITED(status) || WIFSIGNALED(status)) {
        statuses_[pid] = status;
        return;
    }
    if (WIFSTOPPED(status) && audit_) handle_stop(pid, status);
}

void Supervisor::handle_stop(pid_t pid, int status) {
    const int signal = WSTOPSIG(status);
    const int event = status >> 16;
    if (signal == (SIGTRAP | 0x80)) {
        __ptrace_syscall_info info{};
        const long described = ::ptrace(PTRACE_GET_SYSCALL_INFO, pid, sizeof info, &info);
        const int error = errno;
        // A kernel without the request (before 5.3: EIO) hides every call: the audit would count
        // nothing and a run would read as a channel that made no syscall at all. The run fails
        // instead, naming the machine (ESRCH: the tracee was killed meanwhile, nothing to read).
        if (described == -1 && error != ESRCH && audit_failure_.empty()) {
            audit_failure_ = std::string("the kernel audit cannot read syscalls on this machine: "
                                         "ptrace(PTRACE_GET_SYSCALL_INFO) failed: ") +
                             std::strerror(error) + " (it needs Linux 5.3 or later)";
        }
        if (described > 0) {
            if (info.op == PTRACE_SYSCALL_INFO_ENTRY) {
                // Leaving the run's process group: from now on waited for by pid (see regrouped_).
                if (info.entry.nr == SYS_setsid || info.entry.nr == SYS_setpgid) regrouped_.insert(pid);
                std::uint64_t arguments[6];
                std::copy(std::begin(info.entry.args), std::end(info.entry.args), arguments);
                audit_counts_.on_entry(pid, static_cast<long>(info.entry.nr), arguments);
            } else if (info.op == PTRACE_SYSCALL_INFO_EXIT) {
                audit_counts_.on_exit(pid, info.exit.rval, info.exit.is_error != 0);
            }
        }
        resume(pid, 0);
        return;
    }
    if (signal == SIGTRAP && event != 0) {  // fork/vfork/clone event: the new process attaches itself
        unsigned long child = 0;
        if (event != PTRACE_EVENT_EXEC && ::ptrace(PTRACE_GETEVENTMSG, pid, nullptr, &child) == 0 && child > 0) {
            audit_counts_.on_new_task(pid, static_cast<pid_t>(child));  // threads count with their process
        }
        resume(pid, 0);
        return;
    }
    if (attached_.insert(pid).second && signal == SIGSTOP) {
        // First stop: the run's parent stopping itself after PTRACE_TRACEME, or a new child's
        // automatic attach. Options are inherited by children, so setting them on every first
        // stop is harmless. EXITKILL: if this caller dies, the tracees die with it.
        ::ptrace(PTRACE_SETOPTIONS, pid, nullptr,
                 PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE |
                     PTRACE_O_EXITKILL);
        if (pid == group_) audit_counts_.on_run_start(pid);  // before any channel code ran
        resume(pid, 0);
        return;
    }
    resume(pid, signal);  // a real signal: deliver it
}

}  // namespace ipcviz::detail

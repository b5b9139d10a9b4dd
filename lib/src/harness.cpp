#include "ipcviz/harness.hpp"

#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <stdexcept>

#include "ipcviz/error.hpp"
#include "ipcviz/live.hpp"
#include "ipcviz/report.hpp"
#include "fd_snapshots.hpp"
#include "leftovers.hpp"
#include "metrics.hpp"
#include "reaper.hpp"
#include "run_control.hpp"
#include "side_confinement.hpp"
#include "supervisor.hpp"

namespace ipcviz {

namespace {

using detail::RunControl;

// After one side has failed, the other gets this long to notice and clean up before the run is
// ended for it (a side blocked on a peer that will never answer would otherwise wait for the deadline).
constexpr std::int64_t kFailureGrace_ns = 500'000'000;
using detail::SideShared;

struct RegionDeleter {
    std::size_t bytes;
    void operator()(void* region) const noexcept { ::munmap(region, bytes); }
};

// The caller's process state a run needs changed, and restores on every way out: run_signals()
// blocked (the supervisor waits for them), SIGCHLD at its default (SIG_IGN would reap our children
// behind our back, SA_NOCLDSTOP would hide ptrace stops), and "child subreaper" on, so that a child
// side orphaned by its parent side's death is re-parented to us and reaped.
class RunProcessScope {
public:
    RunProcessScope() {
        const sigset_t block = detail::run_signals();
        ::sigprocmask(SIG_BLOCK, &block, &saved_mask_);
        struct sigaction plain {};
        plain.sa_handler = SIG_DFL;
        ::sigaction(SIGCHLD, &plain, &saved_child_action_);
        ::prctl(PR_GET_CHILD_SUBREAPER, &saved_subreaper_);
        ::prctl(PR_SET_CHILD_SUBREAPER, 1);
    }
    ~RunProcessScope() {
        ::prctl(PR_SET_CHILD_SUBREAPER, saved_subreaper_);
        ::sigaction(SIGCHLD, &saved_child_action_, nullptr);
        ::sigprocmask(SIG_SETMASK, &saved_mask_, nullptr);
    }

private:
    sigset_t saved_mask_{};
    struct sigaction saved_child_action_ {};
    int saved_subreaper_ = 0;
};

std::string describe_status(int status) {
    if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) {
        const int signal = WTERMSIG(status);
        std::string text = "was killed by SIG" + std::string(sigabbrev_np(signal) ? sigabbrev_np(signal) : "?");
        if (signal == SIGSEGV) text += " (a crash: invalid memory access)";
        // A shared mapping's page the file behind it cannot back: past the object's size, or a
        // tmpfs (/dev/shm: Docker's holds 64 MB) too full to give it memory.
        if (signal == SIGBUS) {
            text += " (a bus error: it touched a shared mapping's page past the end of its object, or one that "
                    "a full /dev/shm could not give memory)";
        }
        if (signal == SIGPIPE) text += " (it wrote to a pipe or socket with no reader left)";
        if (signal == SIGABRT) text += " (abort: an assertion or an uncaught exception)";
        return text;
    }
    return "ended with wait status " + std::to_string(status);
}

void fill_side(SideReport& report, const SideShared& shared, const Mechanism& mechanism, int index) {
    report.role = std::string(mechanism.roles[index]);
    report.duty = std::string(mechanism.duties[index]);
    report.pid = shared.pid.load();
    // The strings live in memory the run's processes could scribble on: never read past their end.
    report.error = shared.failed.load(std::memory_order_acquire) != 0
                       ? std::string(shared.error, strnlen(shared.error, sizeof shared.error))
                       : std::string();
    report.counters = shared.counters;
    report.voluntary_switches = shared.voluntary_switches;
    report.involuntary_switches = shared.involuntary_switches;
    report.user_ns = shared.user_ns;
    report.system_ns = shared.system_ns;
    report.finished = shared.finished != 0;
    report.tcp = shared.tcp;
    report.endpoint = std::string(shared.endpoint, strnlen(shared.endpoint, sizeof shared.endpoint));
    report.descriptors = detail::read_snapshots(shared);
    const std::string leaks(shared.leaked_fds, strnlen(shared.leaked_fds, sizeof shared.leaked_fds));
    for (std::size_t start = 0; start < leaks.size();) {
        const std::size_t end = leaks.find('\n', start);
        report.leaked_fds.push_back(leaks.substr(start, end - start));
        start = end == std::string::npos ? leaks.size() : end + 1;
    }
}

// The call a side was inside when it ended, named as trace text names it, without a result (it
// never returned). Its process is gone: the record is stable, unless it was killed in the middle of
// writing it (then nothing whole is named); it is still checked, not trusted.
std::string call_in_progress(const CallInProgress& now, const RegionLayout& layout) {
    TraceEvent event{};
    if (now.read(event) != CallInProgress::Read::call) return {};
    if (static_cast<std::size_t>(event.call) >= kCallKinds) return {};
    event.error = 0;
    std::string text = format_call(event, &layout);
    if (const std::size_t result = text.find(") = "); result != std::string::npos) text.resize(result + 1);
    return text;
}

// How much a side's end says about the cause: a crash is the story, SIGPIPE is usually the echo
// of the other side's death, and a side that stopped for its peer, or was killed at the deadline,
// says nothing of its own.
int blame_rank(const SideReport& side, bool timed_out) {
    if (!side.status) return 0;
    const int status = *side.status;
    if (WIFEXITED(status)) {
        const int code = WEXITSTATUS(status);
        return code == 0 || code == detail::kStoppedForPeer ? 0 : 1;
    }
    if (!WIFSIGNALED(status)) return 1;
    if (WTERMSIG(status) == SIGKILL && timed_out) return 0;
    return WTERMSIG(status) == SIGPIPE ? 2 : 3;
}

// The first thing that went wrong, in one sentence: an error a side caught beats a signal, which
// beats the deadline; among errors, the earliest; among signals, a crash before SIGPIPE.
std::string decide_failure(const RunResult& result, const RunControl& control) {
    const SideReport* first_error = nullptr;
    std::int64_t first_ns = 0;
    for (int i = 0; i < 2; ++i) {
        const SideShared& shared = control.sides[i];
        if (result.sides[i].error.empty()) continue;
        if (first_error == nullptr || shared.error_ns < first_ns) {
            first_error = &result.sides[i];
            first_ns = shared.error_ns;
        }
    }
    if (first_error != nullptr) return first_error->error;
    const SideReport* blamed = nullptr;
    int worst = 0;
    for (const SideReport& side : result.sides) {
        const int rank = blame_rank(side, result.timed_out);
        if (rank > worst) {
            worst = rank;
            blamed = &side;
        }
    }
    if (blamed != nullptr) {
        return blamed->role + " (" + blamed->duty + ", pid " + std::to_string(blamed->pid) + ") " +
               describe_status(*blamed->status);
    }
    if (result.timed_out) {
        char seconds[32];
        std::snprintf(seconds, sizeof seconds, "%.1f",
                      static_cast<double>(result.workload.deadline.count()) * timeout_scale() / 1000.0);
        std::string text = std::string("deadline of ") + seconds;
        const bool trips = result.workload.pattern == Pattern::round_trip;
        text += " s reached: the run was killed with " + std::to_string(result.messages_delivered) + " of " +
                std::to_string(result.workload.messages) + (trips ? " echoes" : " messages") + " received (a deadlock?)";
        for (const SideReport& side : result.sides) {
            if (side.blocked_in.empty()) continue;
            // The kit's own name for the call first ("futex_wait(ring 0 · slot 1 · state, 4)"), then
            // what the kernel said; a side spinning in user code was in no call.
            const bool named = !side.in_call.empty() && side.blocked_in.rfind("running", 0) != 0;
            text += "; " + side.role + " was in " + (named ? side.in_call + ": " : std::string()) + side.blocked_in;
        }
        return text;
    }
    for (const SideReport& side : result.sides) {
        if (!side.finished) return side.role + " (" + side.duty + ") did not finish";
    }
    return {};
}

}  // namespace

double timeout_scale() noexcept {
    const char* text = std::getenv("IPCVIZ_TIMEOUT_SCALE");
    if (text == nullptr) return 1.0;
    char* end = nullptr;
    const double scale = std::strtod(text, &end);
    return (end != text && scale > 0 && scale < 1000) ? scale : 1.0;
}

RunResult run(const Mechanism& mechanism, const ChannelFactory& factory, const Workload& workload,
              const std::function<void(std::uint64_t delivered)>& on_progress) {
    if (workload.messages == 0 || workload.message_size == 0) {
        throw std::invalid_argument("a run needs at least one message of at least one byte");
    }
    if (workload.trace && workload.trace_capacity == 0) throw std::invalid_argument("a trace needs room for events");
    if (workload.live != nullptr && (!workload.trace || workload.audit)) {
        throw std::invalid_argument("a live run needs the trace and cannot be audited (the gate is a syscall)");
    }
    if (workload.fault != Fault::none && (workload.pattern != Pattern::one_way || workload.message_size < 2)) {
        throw std::invalid_argument("a fault needs a one-way run of messages of at least 2 bytes");
    }
    if (workload.close_unopened && (workload.fault != Fault::none || workload.live != nullptr)) {
        throw std::invalid_argument("a run that closes an unopened channel has no fault and is not live");
    }
    RunResult result;
    result.mechanism = std::string(mechanism.name);
    result.workload = workload;

    const std::size_t bytes = detail::run_region_bytes(workload);
    void* region = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (region == MAP_FAILED) throw SysError("mmap(run region)", errno);
    std::unique_ptr<void, RegionDeleter> owned_region(region, RegionDeleter{bytes});
    RunControl& control = *detail::create_run_control(region, workload);
    // Kept here, not read back from the shared region, which the run's processes could overwrite.
    TraceRing* const ring = control.ring;
    const std::array<const std::int64_t*, 2> stamps{control.stamps[0], control.stamps[1]};

    RunProcessScope process_scope;
    const pid_t caller = ::getpid();
    // The caller's own children are not the run's to end (see the sweep after the wait).
    const std::set<pid_t> callers_children = detail::children_of_self();
    const auto scaled = static_cast<std::int64_t>(static_cast<double>(workload.deadline.count()) * timeout_scale());
    const std::int64_t deadline_ns = monotonic_ns() + scaled * 1'000'000;

    std::fflush(nullptr);  // or lab code that calls exit() would print the caller's buffered output again
    const pid_t parent = ::fork();
    if (parent == -1) throw SysError("fork", errno);
    if (parent == 0) {
        // Own process group and default handlers first, then no signal blocked: a Ctrl-C can then
        // never reach the caller's handlers (a test framework's crash reporter, a UI's cleanup) in
        // this process, and a side starts with the signals a fresh process has whatever its caller's
        // state (a caller that ignores or blocks SIGPIPE would spare a writer that forgets
        // MSG_NOSIGNAL: the grade must not depend on who started the grader). A crash here is the
        // channel's, reported by its wait status.
        ::setpgid(0, 0);  // the run is one process group: killed as one
        for (int signal = 1; signal < NSIG; ++signal) {
            if (signal != SIGKILL && signal != SIGSTOP) ::signal(signal, SIG_DFL);
        }
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the caller
        if (::getppid() != caller) ::_exit(1);
        detail::confine_side();  // before any channel code: the channel cannot reach the caller
        if (workload.audit) {
            // Stop until the caller, now our tracer, has set its options (see Supervisor).
            if (::ptrace(PTRACE_TRACEME, 0, nullptr, nullptr) == -1) {
                control.sides[0].pid.store(::getpid());
                const char reason[] = "Parent side: ptrace(PTRACE_TRACEME) failed: the kernel audit needs "
                                      "ptrace (root, or kernel.yama.ptrace_scope 0 or 1)";
                std::memcpy(control.sides[0].error, reason, sizeof reason);
                control.sides[0].failed.store(1, std::memory_order_release);
                ::_exit(detail::kSideFailed);
            }
            ::raise(SIGSTOP);
        }
        detail::run_parent_side(control, mechanism, factory, workload);
    }
    ::setpgid(parent, parent);  // also here, so the group exists before we wait on it
    const LiveAttach live(workload.live, control, parent, ring, workload.trace_capacity);

    detail::Supervisor supervisor(parent, workload.audit);
    // The child side's pid is known only once the parent side has forked it: read it at the deadline.
    // Once the parent side has reaped the child side its pid may be reused: never signal it then.
    const auto failed_long_ago = [&] {
        // Not in a live run: there the sides go only as fast as the lecturer steps them (a failed
        // side's close() waits at the gate too), and a side blocked for good is what the class is
        // to see; the lecturer ends the run (k, q). Ending it 0.5 s after a failure showed both
        // sides "killed by SIGKILL", a writer that had closed its end cleanly among them.
        if (workload.live != nullptr) return false;
        for (const detail::SideShared& side : control.sides) {
            if (side.failed.load(std::memory_order_acquire) != 0 && monotonic_ns() - side.error_ns > kFailureGrace_ns) {
                return true;
            }
        }
        return false;
    };
    // The receiving side counts what it got; read without a lock (a torn read cannot happen to an
    // aligned 64-bit word, and a count a message behind does a progress bar no harm).
    const int receiver = workload.pattern == Pattern::one_way ? 1 : 0;
    // The audit places each syscall among the messages by the same count.
    if (workload.audit) supervisor.watch_progress(&control.sides[receiver].delivered);
    // A callback that throws ends the run early; the exception leaves run() only once every
    // process of the run is reaped and its IPC objects are removed.
    std::exception_ptr progress_error;
    const std::function<bool()> tick = on_progress ? std::function<bool()>([&] {
        try {
            on_progress(__atomic_load_n(&control.sides[receiver].delivered, __ATOMIC_RELAXED));
            return true;
        } catch (...) {
            progress_error = std::current_exception();
            return false;
        }
    }) : std::function<bool()>();
    supervisor.wait(
        deadline_ns,
        [&] {
            std::set<pid_t> pids{parent};
            if (control.sides[0].child_reaped == 0) pids.insert(control.sides[1].pid.load());
            return pids;
        },
        failed_long_ago, tick);
    result.timed_out = supervisor.timed_out();
    // The run's process group is gone, but a process of the run that called setsid() or left the
    // group, or was double-forked, may still run: as a subreaper we are its parent now. Whatever
    // it planned (rewriting a grade file twenty seconds later, say) ends here, before run()
    // returns; the ptrace audit has nothing to say about it, so it is simply killed.
    result.escaped_processes = detail::kill_descendants(callers_children);

    const RegionLayout layout = ring != nullptr ? detail::read_layout(control.layout) : RegionLayout{};
    for (int i = 0; i < 2; ++i) {
        fill_side(result.sides[i], control.sides[i], mechanism, i);
        result.sides[i].in_call = call_in_progress(control.sides[i].now, layout);
    }
    result.sides[0].pid = parent;
    const pid_t child = result.sides[1].pid;
    if (const int* status = supervisor.status(parent)) result.sides[0].status = *status;
    if (const int* status = child > 0 ? supervisor.status(child) : nullptr) {
        result.sides[1].status = *status;
    } else if (control.sides[0].child_reaped != 0) {
        result.sides[1].status = control.sides[0].child_status;
    }
    result.sides[0].blocked_in = supervisor.blocked_in(parent);
    if (child > 0) result.sides[1].blocked_in = supervisor.blocked_in(child);
    if (workload.audit) {
        result.sides[0].audit = supervisor.audit().counts(parent);
        if (child > 0) result.sides[1].audit = supervisor.audit().counts(child);
    }

    result.messages_delivered = control.sides[receiver].delivered;
    result.messages_moved = workload.messages * (workload.pattern == Pattern::round_trip ? 2 : 1);
    if (ring != nullptr) {
        result.trace = ring->snapshot(workload.trace_capacity);
        result.trace_dropped = ring->appended() - result.trace.size();
        result.layout = layout;
    }
    result.leftovers = detail::remove_leftovers(parent);
    if (progress_error) std::rethrow_exception(progress_error);
    if (const int signal = supervisor.interrupted_by(); signal != 0) {
        // Everything is cleaned up: now let the signal do what it would have done (it stays
        // pending until the mask is restored, when this function returns).
        ::raise(signal);
        result.failure = std::string("interrupted by SIG") + sigabbrev_np(signal);
    }
    // Before the sides' own story: the audit's failure killed them.
    if (result.failure.empty()) result.failure = supervisor.audit_failure();
    if (result.failure.empty()) result.failure = decide_failure(result, control);
    if (result.failure.empty() && !result.escaped_processes.empty()) {
        std::string list;
        for (const std::string& process : result.escaped_processes) list += (list.empty() ? "" : ", ") + process;
        result.failure = "a process the run started outlived both sides (it left the run's process group: "
                         "setsid() or a double fork?) and was killed: " + list +
                         ". A channel runs in the two sides only; every process it forks must end before they do";
    }
    result.ok = result.failure.empty() && (workload.close_unopened || result.messages_delivered == workload.messages);
    if (result.failure.empty() && !result.ok) result.failure = "not every message was delivered";
    // A run that closed an unopened channel moved nothing: no per-message figure to divide out.
    if (result.ok && !workload.close_unopened) detail::compute_metrics(result, control, stamps);
    return result;
}

}  // namespace ipcviz

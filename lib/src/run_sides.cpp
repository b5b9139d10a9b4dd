// The two processes of a run: the parent side (sets the channel up, forks the child side, sends)
// and the child side (receives and checks every message). Both leave only through _exit, never
// returning into the caller's code, and report through their SideShared block.
#include <linux/futex.h>
#include <signal.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "close_timing.hpp"
#include "faults.hpp"
#include "fd_census.hpp"
#include "ipcviz/cpus.hpp"
#include "ipcviz/error.hpp"
#include "ipcviz/mechanism.hpp"
#include "message_pattern.hpp"
#include "pieces.hpp"
#include "regions.hpp"
#include "run_control.hpp"
#include "socket_census.hpp"

namespace ipcviz::detail {

namespace {

// Everything one side needs, so the helpers below read as the steps they are.
struct SideRun {
    RunControl& control;
    const Mechanism& mechanism;
    const Workload& workload;
    Side side;
    std::map<int, std::string> baseline_fds;  // the parent's descriptors before setup()
    pid_t child = 0;                          // parent side only

    SideShared& me() const { return control.sides[static_cast<int>(side)]; }
    SideShared& peer() const { return control.sides[1 - static_cast<int>(side)]; }
    std::string who() const {
        const int index = static_cast<int>(side);
        return std::string(mechanism.roles[index]) + " (" + std::string(mechanism.duties[index]) + ")";
    }
};

void record_failure(const SideRun& run, const std::string& text) {
    SideShared& me = run.me();
    if (me.failed.load(std::memory_order_acquire) != 0) return;  // keep the first error
    std::string line = run.who() + ": " + text;
    if (line.size() >= sizeof me.error) {
        std::size_t cut = sizeof me.error - 1;
        while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xc0) == 0x80) --cut;  // not inside a character
        line.resize(cut);
    }
    std::memcpy(me.error, line.c_str(), line.size() + 1);
    me.error_ns = monotonic_ns();
    // Release pairs with the peer's and the caller's acquire loads of `failed`.
    me.failed.store(1, std::memory_order_release);
}

[[noreturn]] void fail(const SideRun& run, const std::string& text) {
    record_failure(run, text);
    ::_exit(kSideFailed);
}

// A message that arrived wrong: thrown out of the transfer loop so that run_guarded lets the
// channel clean up before the side ends.
struct CheckFailure {
    std::string text;
};

// The other side failed (before the window opened, or stopped reading frames in pieces): it reports
// why; this side only cleans up.
struct PeerFailed {};

// Runs one side's steps. If one throws, records which step and why, lets the channel release what
// it holds (a close() that itself fails is ignored: the first error is the story), and ends the
// side. @p doing names the step in progress; the steps update it.
template <typename Steps>
void run_guarded(const SideRun& run, Channel* channel, const char* const& doing, Steps steps) {
    try {
        steps();
        return;
    } catch (const CheckFailure& failure) {
        record_failure(run, failure.text);
    } catch (const PeerFailed&) {
        // Not this side's fault: only clean up, and say so in the exit status.
        if (channel != nullptr) {
            try {
                channel->close();
            } catch (...) {
            }
        }
        ::_exit(kStoppedForPeer);
    } catch (const std::exception& error) {
        record_failure(run, std::string(doing) + " threw: " + error.what());
    } catch (...) {
        record_failure(run, std::string(doing) + " threw something that is not a std::exception");
    }
    if (channel != nullptr && std::strcmp(doing, "close()") != 0 && std::strcmp(doing, "setup()") != 0) {
        try {
            channel->close();
        } catch (...) {
        }
    }
    ::_exit(kSideFailed);
}

std::int64_t timeval_ns(const timeval& t) { return t.tv_sec * 1'000'000'000LL + t.tv_usec * 1'000LL; }

void reap_child(const SideRun& run, int options) {
    SideShared& me = run.me();
    if (run.child <= 0 || me.child_reaped != 0) return;
    int status = 0;
    pid_t reaped;
    do {
        reaped = ::waitpid(run.child, &status, options);
    } while (reaped == -1 && errno == EINTR);
    if (reaped == run.child) {
        me.child_status = status;
        me.child_reaped = 1;
    }
}

// Both sides have opened their end: now the measured window may start. Spins for the first 2 ms,
// so that both sides usually leave together (a futex wake-up would start one of them tens of µs
// late, a head start that a run's first message would measure); then waits on a futex in short
// slices, so that a peer that failed (or, seen from the parent, a child that died) ends the wait.
// Raw syscalls: the barrier is the harness's, outside the window, not the student's to count.
bool wait_for_peer(const SideRun& run) {
    std::atomic<std::uint32_t>& arrived = run.control.arrived;
    const std::uint32_t count = arrived.fetch_add(1, std::memory_order_acq_rel) + 1;
    if (count >= 2) {
        ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&arrived), FUTEX_WAKE, INT_MAX, nullptr, nullptr, 0);
        return true;
    }
    const std::int64_t spin_until = monotonic_ns() + 2'000'000;
    while (monotonic_ns() < spin_until) {
        if (arrived.load(std::memory_order_acquire) >= 2) return true;
    }
    for (;;) {
        const std::uint32_t seen = arrived.load(std::memory_order_acquire);
        if (seen >= 2) return true;
        if (run.peer().failed.load(std::memory_order_acquire) != 0) return false;
        if (run.side == Side::parent) {
            reap_child(run, WNOHANG);
            if (run.me().child_reaped != 0) return false;
        }
        timespec slice{0, 20'000'000};
        ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&arrived), FUTEX_WAIT, seen, &slice, nullptr, 0);
    }
}

struct WindowStart {
    Counters counters;
    rusage usage{};
    TcpCounters tcp;
};

// The slow part of opening the window (reading /proc and the sockets: tens of µs), done before the
// barrier so that both sides reach their first message together.
WindowStart prepare_window(const SideRun& run) {
    WindowStart start;
    start.tcp = tcp_totals();
    const std::string endpoint = socket_endpoint();
    std::snprintf(run.me().endpoint, sizeof run.me().endpoint, "%s", endpoint.c_str());
    return start;
}

// After the barrier: the cheap snapshots, the clock, then the marker. The audit counts every
// syscall between the two markers as the channel's, so the harness makes none of its own there:
// the window's clock reads stay outside (a clock without vDSO support is a real clock_gettime
// call), and inside it runs only the channel, message checks and, when the workload asks for them,
// per-message clock reads, trace events, the pacing sleep and the interrupting timer's signals.
void open_window(const SideRun& run, WindowStart& start) {
    ::getrusage(RUSAGE_SELF, &start.usage);
    start.counters = process_counters();
    run.me().window_start_ns = monotonic_ns();
    ::syscall(SYS_close, kWindowOpenMarker);  // tells the ptrace audit: count from here
}

void close_window(const SideRun& run, const WindowStart& start) {
    SideShared& me = run.me();
    ::syscall(SYS_close, kWindowCloseMarker);
    me.window_end_ns = monotonic_ns();
    me.counters = process_counters().since(start.counters);
    rusage end{};
    ::getrusage(RUSAGE_SELF, &end);
    me.voluntary_switches = static_cast<std::uint64_t>(end.ru_nvcsw - start.usage.ru_nvcsw);
    me.involuntary_switches = static_cast<std::uint64_t>(end.ru_nivcsw - start.usage.ru_nivcsw);
    me.user_ns = timeval_ns(end.ru_utime) - timeval_ns(start.usage.ru_utime);
    me.system_ns = timeval_ns(end.ru_stime) - timeval_ns(start.usage.ru_stime);
    me.tcp = tcp_since(tcp_totals(), start.tcp);
}

// Whether descriptor @p fd, naming @p target now, is one the parent held before setup() (@p
// baseline): the same number naming the same thing, not a number reused for the channel.
bool inherited(const std::map<int, std::string>& baseline, int fd, const std::string& target) {
    const auto before = baseline.find(fd);
    return before != baseline.end() && before->second == target;
}

// Traced runs: the descriptors this side holds beyond the parent's pre-setup set, with the time,
// for the viewer's descriptor table (DescriptorSnapshot). Outside the window: /proc is read with
// raw calls the audit does not count. Untraced (a benchmark), nothing is read.
void snapshot_fds(const SideRun& run, DescriptorSnapshot::Moment moment) {
    if (trace_context().ring == nullptr) return;
    const auto index = static_cast<std::size_t>(moment);
    std::string lines;
    for (const auto& [fd, target] : open_fds()) {
        if (inherited(run.baseline_fds, fd, target)) continue;
        lines += std::to_string(fd) + " " + std::to_string(access_mode(fd)) + " " + target + "\n";
    }
    SideShared& me = run.me();
    std::snprintf(me.fd_snapshots[index], sizeof me.fd_snapshots[index], "%s", lines.c_str());
    me.fd_snapshot_ns[index] = monotonic_ns();
}

// After close(): every descriptor this side holds beyond the parent's pre-setup set is a leak.
void census_after_close(const SideRun& run) {
    snapshot_fds(run, DescriptorSnapshot::Moment::after_close);
    std::string leaks;
    for (const auto& [fd, target] : open_fds()) {
        if (inherited(run.baseline_fds, fd, target)) continue;
        leaks += std::to_string(fd) + " -> " + target + "\n";
    }
    std::snprintf(run.me().leaked_fds, sizeof run.me().leaked_fds, "%s", leaks.c_str());
}

// A side's end once its close() has returned: the census, the marker at which the ptrace audit
// lists the descriptors and mappings left, then (the parent side) the wait for its child.
[[noreturn]] void end_after_close(const SideRun& run) {
    census_after_close(run);
    ::syscall(SYS_close, kAfterCloseMarker);
    run.me().finished = 1;
    reap_child(run, 0);  // nothing to wait for in the child side (no child of its own)
    ::_exit(0);
}

// Workload::hold_last_receive_after or hold_last_receive_at_other_word applies: a traced run (the
// hold stops at traced calls) that is not live (a live run's gate is the caller's).
bool holds_last_receive(const Workload& workload) {
    return (workload.hold_last_receive_after > 0 || workload.hold_last_receive_at_other_word) && workload.trace &&
           workload.live == nullptr;
}

std::string size_text(std::size_t bytes) { return std::to_string(bytes) + "-byte"; }

void check_received(const SideRun& run, std::size_t got, std::span<const std::byte> buffer, std::uint64_t index) {
    const std::size_t expected = run.workload.message_size;
    if (got == 0) {
        throw CheckFailure{"receive() returned 0 (end of stream) after " + std::to_string(index) + " of " +
                      std::to_string(run.workload.messages) + " messages — the other side closed early or " +
                      "messages were lost"};
    }
    if (got != expected) {
        throw CheckFailure{"receive() returned " + std::to_string(got) + " for message " + std::to_string(index + 1) +
                      ", expected a whole " + size_text(expected) + " message"};
    }
    if (!run.workload.verify) return;
    const std::string wrong = check_message(buffer, index);
    if (!wrong.empty()) throw CheckFailure{wrong};
}

// A slow writer (for the tests of a receiver that must sleep rather than spin) or a slow reader
// (for a writer that must wait on a full channel). A raw nanosleep:
// the harness's own pause inside the window is part of what the workload asks for, so the audit
// sees it (as clock_nanosleep) but the channel's counts do not.
void pause(std::chrono::microseconds interval) {
    timespec duration{static_cast<time_t>(interval.count() / 1'000'000),
                      static_cast<long>(interval.count() % 1'000'000) * 1000};
    while (::nanosleep(&duration, &duration) == -1 && errno == EINTR) {
    }
}

void on_alarm(int) {}

// Interrupt this side every 200 µs. No SA_RESTART: a blocking call that has moved nothing when the
// signal arrives fails with EINTR (the sys:: wrappers retry it: the kit's contract), and one that
// has moved some bytes returns the partial count, as it can in any real program.
void start_interrupting() {
    struct sigaction action {};
    action.sa_handler = on_alarm;
    action.sa_flags = 0;
    ::sigaction(SIGALRM, &action, nullptr);
    itimerval every{{0, 200}, {0, 200}};
    ::setitimer(ITIMER_REAL, &every, nullptr);
}

void stop_interrupting() {
    itimerval off{};
    ::setitimer(ITIMER_REAL, &off, nullptr);
    ::signal(SIGALRM, SIG_IGN);
}

// One side starting late on purpose (Workload::open_delay).
void delay_open(const Workload& workload, Side side) {
    const std::chrono::microseconds delay = workload.open_delay[static_cast<int>(side)];
    if (delay.count() > 0) pause(delay);
}

// The channel's open(), between the markers that show the ptrace audit where it starts and ends
// (raw calls, so nothing of the harness's own is counted as the channel's: the delay is over).
void open_channel(Channel& channel, Side side) {
    ::syscall(SYS_close, kOpenBeginMarker);
    channel.open(side);
    ::syscall(SYS_close, kOpenEndMarker);
}

void pin_to(int cpu) {
    if (cpu < 0) return;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    ::sched_setaffinity(0, sizeof set, &set);  // best effort: a CPU we may not use stays unpinned
}

// Live runs: the caller asked this side to close its end (LiveRun::ask_close). Closes it as the
// channel's own close() does, between two messages, and ends the side without blame: what the peer
// gets next (end of stream, EPIPE, a ring that stays empty) is the lesson.
// Then `closed` tells the caller (LiveRun::state) that this side is out of the channel's code. The
// parent side must outlive its child (its death would kill the child: PDEATHSIG), so it waits for it,
// in the harness, with no gate: whatever the child does next is the lecturer's to step, kill or end,
// and the caller's screen says where each side is rather than showing a side that seems to be
// between two calls of its own.
void close_if_asked(const SideRun& run, Channel& channel, const char*& doing) {
    if (run.workload.live == nullptr) return;
    LiveGate::SideGate& gate = run.control.gate.sides[static_cast<int>(run.side)];
    if (gate.close_asked.load(std::memory_order_acquire) == 0) return;
    doing = "close() (asked from the live viewer)";
    channel.close();
    gate.closed.store(1, std::memory_order_release);
    if (run.side == Side::parent) reap_child(run, 0);
    ::_exit(kStoppedForPeer);
}

// Workload::close_unopened, the parent side: close() with no open() before it, then the census
// after close. The open() markers with nothing between them and an empty window come first, so
// that an audited run sees the harness's markers in their usual order and lists the descriptors at
// the last; no second close() follows a throw.
[[noreturn]] void close_unopened(const SideRun& run, Channel& channel) {
    const char* doing = "close() of a channel whose open() never ran";
    run_guarded(run, nullptr, doing, [&] {
        ::syscall(SYS_close, kOpenBeginMarker);
        ::syscall(SYS_close, kOpenEndMarker);
        WindowStart start = prepare_window(run);
        open_window(run, start);
        close_window(run, start);
        channel.close();
    });
    end_after_close(run);
}

// Workload::frames_in_pieces, the writer's part (see pieces.hpp): after the measured window, so
// none of it is counted.
void send_in_pieces(const SideRun& run, Channel& channel) {
    const Workload& workload = run.workload;
    const int fd = channel_send_fd(run.baseline_fds);
    if (fd == -1) {
        throw CheckFailure{"after open() the harness found no connected socket among the writer's descriptors to "
                           "write a frame in pieces on"};
    }
    bool reader_stopped = false;
    const std::string error = write_frames_in_pieces(channel, fd, workload.message_size, workload.messages,
                                                     workload.frames_in_pieces, reader_stopped);
    if (!error.empty()) throw CheckFailure{error};
    if (reader_stopped) throw PeerFailed{};  // the reader's failure is the run's
}

// Workload::frames_in_pieces, the reader's part: each message written in pieces comes back whole.
void receive_in_pieces(const SideRun& run, Channel& channel, std::span<std::byte> buffer) {
    const Workload& workload = run.workload;
    const std::string wrong = receive_frames_in_pieces(channel, buffer, workload.message_size, workload.messages,
                                                       workload.frames_in_pieces);
    if (!wrong.empty()) throw CheckFailure{wrong};
}

[[noreturn]] void run_child_side(SideRun& run, Channel& channel) {
    const Workload& workload = run.workload;
    pin_to(workload.pin_cpus[1]);
    if (workload.close_unopened) {  // a peer that never started: nothing of the channel runs here
        run.me().finished = 1;
        ::_exit(0);
    }
    const char* doing = "open()";
    run_guarded(run, &channel, doing, [&] {
        delay_open(workload, Side::child);
        open_channel(channel, Side::child);
        snapshot_fds(run, DescriptorSnapshot::Moment::after_open);
        std::vector<std::byte> buffer(workload.message_size);
        WindowStart start = prepare_window(run);
        if (!wait_for_peer(run)) throw PeerFailed{};
        if (workload.interrupt_reads) start_interrupting();
        open_window(run, start);
        // The loop does only what the workload asks for: a benchmark's loop (untraced, unverified,
        // no clock per message) is the channel's calls, a length check and a counter, so that it
        // can be held against a raw loop (`ipcviz bench --compare-raw`).
        const bool tracing = trace_context().ring != nullptr;
        const bool echo = workload.pattern == Pattern::round_trip;
        const bool stamp = workload.pattern == Pattern::one_way && workload.per_message_times;
        const bool paced = workload.receive_interval.count() > 0;
        const std::uint64_t paced_receives = workload.paced_receives == 0 ? workload.messages : workload.paced_receives;
        const bool hold_last = holds_last_receive(workload);
        const bool hold_copy = workload.hold_first_copy_until_writer_waits && workload.trace && workload.live == nullptr;
        // Traced, each marker spans the channel call it reports (its start read before the call):
        // a viewer can then order "sent" before "received" although send() may return last.
        for (std::uint64_t i = 0; i < workload.messages; ++i) {
            if (paced && i < paced_receives) pause(workload.receive_interval);
            close_if_asked(run, channel, doing);
            doing = "receive()";
            const std::int64_t receiving = tracing ? monotonic_ns() : 0;
            if (hold_last && i + 1 == workload.messages) {
                hold_next_receive(run.control, workload.hold_last_receive_after, workload.hold_last_receive_at_other_word);
            }
            if (hold_copy && i == 0) hold_first_copy(run.control);
            const std::size_t got = channel.receive(buffer);
            if (hold_last || hold_copy) end_receive_hold();
            if (got != workload.message_size || workload.verify) check_received(run, got, buffer, i);
            if (stamp) run.control.stamps[1][i] = monotonic_ns();
            if (tracing) record_event(Call::message_received, i, static_cast<std::int64_t>(got), receiving);
            if (echo) {
                doing = "send()";
                const std::int64_t sending = tracing ? monotonic_ns() : 0;
                channel.send(buffer);
                if (tracing) record_event(Call::message_sent, i, static_cast<std::int64_t>(got), sending);
            }
            run.me().delivered = i + 1;  // after the echo: off the round trip's critical path
        }
        close_window(run, start);
        if (workload.interrupt_reads) stop_interrupting();
        if (workload.frames_in_pieces > 0) {
            doing = "receive() of a message written in pieces";
            receive_in_pieces(run, channel, buffer);
        }
        if (workload.fault == Fault::reader_dies || workload.fault == Fault::reader_resets) {
            // Vanish without close(): the writer must find out from its next sends.
            drop_channel_fds(run.baseline_fds, resets_connection(workload.fault));
            run.me().finished = 1;
            ::_exit(0);
        }
        if (writer_cuts_stream(workload.fault)) {
            doing = workload.fault == Fault::reset_between_messages ? "receive() after a reset between messages"
                                                                    : "receive() of a torn message";
            const std::string wrong = receive_after_cut(channel, buffer, workload, framed_with_prefix(run.mechanism));
            if (!wrong.empty()) throw CheckFailure{wrong};
        }
        if (workload.expect_eof) {
            doing = "receive() after the last message";
            const std::size_t got = channel.receive(buffer);
            if (got != 0) {
                throw CheckFailure{"after the last message receive() returned " + std::to_string(got) +
                                   " instead of 0 (end of stream)"};
            }
        }
        doing = "close()";
        channel.close();
    });
    end_after_close(run);
}

}  // namespace

[[noreturn]] void run_parent_side(RunControl& control, const Mechanism& mechanism, const ChannelFactory& factory,
                                  const Workload& workload) {
    SideRun run{control, mechanism, workload, Side::parent, {}, 0};
    const pid_t parent_pid = ::getpid();
    const int cpus = cpu_budget().usable();  // the run's, before pinning narrows this process's own
    pin_to(workload.pin_cpus[0]);
    trace_context() = TraceContext{control.ring, parent_pid, Side::parent, parent_pid, &control.sides[0].now,
                                   workload.live != nullptr ? &control.gate : nullptr};
    // Mappings are numbered per run; layout descriptions are kept only when someone reads them.
    reset_regions();
    g_layout_table = control.ring != nullptr ? &control.layout : nullptr;
    process_counters() = Counters{};
    control.sides[0].pid.store(parent_pid);
    run.baseline_fds = open_fds();

    std::unique_ptr<Channel> channel;
    const char* doing = "constructing the channel";
    run_guarded(run, nullptr, doing, [&] {
        channel = factory();
        doing = "setup()";
        channel->setup(ChannelSpec{workload.message_size, workload.pattern == Pattern::round_trip,
                                   workload.tcp_nodelay, workload.header_apart, cpus});
        snapshot_fds(run, DescriptorSnapshot::Moment::after_setup);
    });

    const pid_t child = ::fork();
    if (child == -1) fail(run, std::string("fork: ") + std::strerror(errno));
    if (child == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the parent side
        if (::getppid() != parent_pid) ::_exit(kStoppedForPeer);
        SideRun child_run{control, mechanism, workload, Side::child, run.baseline_fds, 0};
        trace_context().pid = ::getpid();
        trace_context().side = Side::child;
        trace_context().now = &control.sides[1].now;
        control.sides[1].pid.store(trace_context().pid);
        run_child_side(child_run, *channel);
    }
    run.child = child;
    control.sides[1].pid.store(child);
    if (workload.close_unopened) close_unopened(run, *channel);

    doing = "open()";
    run_guarded(run, channel.get(), doing, [&] {
        delay_open(workload, Side::parent);
        open_channel(*channel, Side::parent);
        snapshot_fds(run, DescriptorSnapshot::Moment::after_open);
        std::vector<std::byte> message(workload.message_size);
        std::vector<std::byte> reply(workload.pattern == Pattern::round_trip ? workload.message_size : 0);
        fill_message(message, 0);  // the others, when verifying, inside the loop
        WindowStart start = prepare_window(run);
        if (!wait_for_peer(run)) throw PeerFailed{};
        if (workload.interrupt_writes) start_interrupting();
        open_window(run, start);
        // As in the child side: nothing per message that the workload did not ask for.
        const bool tracing = trace_context().ring != nullptr;
        const bool round_trip = workload.pattern == Pattern::round_trip;
        const bool paced = workload.send_interval.count() > 0;
        const bool hold_last = holds_last_receive(workload);
        for (std::uint64_t i = 0; i < workload.messages; ++i) {
            if (workload.verify && i > 0) fill_message(message, i);
            if (paced) pause(workload.send_interval);
            if (hold_last && i + 1 == workload.messages) {
                wait_for_held_receive(control, workload.hold_last_receive_after, workload.hold_last_receive_at_other_word,
                                      child);
            }
            close_if_asked(run, *channel, doing);
            if (workload.per_message_times) control.stamps[0][i] = monotonic_ns();
            doing = "send()";
            const std::int64_t sending = tracing ? monotonic_ns() : 0;
            channel->send(message);
            if (tracing) record_event(Call::message_sent, i, static_cast<std::int64_t>(message.size()), sending);
            if (round_trip) {
                doing = "receive() of the echo";
                const std::int64_t receiving = tracing ? monotonic_ns() : 0;
                const std::size_t got = channel->receive(reply);
                if (got != workload.message_size || workload.verify) check_received(run, got, reply, i);
                if (workload.per_message_times) control.stamps[1][i] = monotonic_ns();
                if (tracing) record_event(Call::message_received, i, static_cast<std::int64_t>(got), receiving);
                run.me().delivered = i + 1;
            }
        }
        close_window(run, start);
        if (workload.interrupt_writes) stop_interrupting();
        if (workload.frames_in_pieces > 0) {
            doing = "writing frames in pieces";
            send_in_pieces(run, *channel);
        }
        if (writer_cuts_stream(workload.fault)) {
            // Part of one more message (or none), then vanish without close(), as a process that dies does.
            const std::string error = write_cut_message(run.baseline_fds, workload, framed_with_prefix(mechanism));
            if (!error.empty()) throw CheckFailure{error};
            drop_channel_fds(run.baseline_fds, resets_connection(workload.fault));
            run.me().finished = 1;
            reap_child(run, 0);
            ::_exit(0);
        }
        if (workload.fault == Fault::reader_dies || workload.fault == Fault::reader_resets) {
            reap_child(run, 0);  // the reader has vanished
            doing = "send() after the reader had gone";
            const std::string wrong = send_until_refused(*channel, message);
            if (!wrong.empty()) throw CheckFailure{wrong};
        }
        if (workload.close_when_reader_sleeps && workload.expect_eof) wait_until_asleep_in_futex(child);
        doing = "close()";
        channel->close();
        if (hold_last) release_held_receive(control);
    });
    end_after_close(run);
}

}  // namespace ipcviz::detail

// Live runs: the gate each side stops at before a call (in the side), and the caller's handle that
// steps it (LiveRun). The gate is a pair of counters per side in the run's shared region; the side
// sleeps on a futex, so a stopped side uses no CPU and shows in /proc as asleep in futex_wait.
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <ctime>
#include <cstdio>
#include <cstring>

#include "close_timing.hpp"
#include "ipcviz/live.hpp"
#include "run_control.hpp"

namespace ipcviz {

namespace {

void wake(std::atomic<std::uint32_t>& word) {
    ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAKE, INT_MAX, nullptr, nullptr, 0);
}

// Raw syscalls: glibc 2.36's <sys/pidfd.h> declares these without C linkage, so C++ cannot link them.
int pidfd_open(pid_t pid) noexcept { return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)); }
bool pidfd_kill(int pidfd, int signal) noexcept {
    return ::syscall(SYS_pidfd_send_signal, pidfd, signal, nullptr, 0) == 0;
}

// Wrap-safe "a has reached b" for counters that only grow.
bool reached(std::uint32_t a, std::uint32_t b) { return static_cast<std::int32_t>(a - b) >= 0; }

// A hold at another word (SideGate::other_word_only): whether the call begun now, as this process's
// own CallInProgress record says, is an operation on a word in shared memory other than the first
// such word of the held call (noted here when it comes).
bool at_another_word(LiveGate::SideGate& gate, const TraceContext& context) noexcept {
    const TraceEvent& call = context.now->event;
    if (call.region == 0) return false;  // private memory (a copy out), a descriptor: no shared word
    const std::uint64_t word = std::uint64_t{call.region} << 32 | static_cast<std::uint32_t>(call.fd);
    const std::uint64_t first = gate.first_word.load(std::memory_order_relaxed);
    if (first == 0) {
        gate.first_word.store(word, std::memory_order_relaxed);
        return false;
    }
    return word != first;
}

LiveGate::SideGate& gate_of(detail::RunControl& control, Side side) {
    return control.gate.sides[static_cast<int>(side)];
}

}  // namespace

namespace detail {

void wait_at_gate() noexcept {
    const TraceContext& context = g_trace_context;
    LiveGate::SideGate& gate = context.gate->sides[static_cast<int>(context.side)];
    if (gate.open.load(std::memory_order_acquire) != 0) return;
    if (gate.copy_until_peer_blocks.load(std::memory_order_relaxed) != 0) {
        if (context.now->event.call != Call::user_copy) return;
        const int saved_errno = errno;
        wait_until_peer_blocks();
        errno = saved_errno;
        gate.open.store(1, std::memory_order_relaxed);  // one stop: every later call goes through
        return;
    }
    if (gate.other_word_only.load(std::memory_order_relaxed) != 0 && !at_another_word(gate, context)) return;
    const int saved_errno = errno;  // the caller's errno is not the gate's business
    const std::uint32_t stop = gate.stops.fetch_add(1, std::memory_order_acq_rel) + 1;
    const std::uint32_t hold_ms = gate.hold_ms.load(std::memory_order_acquire);
    const std::int64_t give_up_ns = hold_ms == 0 ? 0 : monotonic_ns() + std::int64_t{hold_ms} * 1'000'000;
    for (;;) {
        const std::uint32_t granted = gate.granted.load(std::memory_order_acquire);
        if (reached(granted, stop) || gate.open.load(std::memory_order_acquire) != 0) break;
        timespec left{};
        if (give_up_ns != 0) {
            const std::int64_t left_ns = give_up_ns - monotonic_ns();
            if (left_ns <= 0) {  // the side that was to let it go did not (it waits on this one): go on
                gate.open.store(1, std::memory_order_release);
                break;
            }
            left = timespec{static_cast<time_t>(left_ns / 1'000'000'000), static_cast<long>(left_ns % 1'000'000'000)};
        }
        // A raw futex: the gate is the harness's, never counted or traced as the channel's.
        ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&gate.granted), FUTEX_WAIT, granted,
                  give_up_ns != 0 ? &left : nullptr, nullptr, 0);
    }
    errno = saved_errno;
}

}  // namespace detail

LiveAttach::LiveAttach(LiveRun* live, detail::RunControl& control, pid_t parent, const TraceRing* ring,
                       std::size_t capacity) noexcept
    : live_(live) {
    if (live_ == nullptr) return;
    live_->control_ = &control;
    live_->parent_ = parent;
    live_->ring_ = ring;
    live_->capacity_ = capacity;
    live_->next_event_ = 0;
    // The parent side is the caller's child, not yet reaped (only run() reaps it, after this): its
    // pid names it now for certain, and the pidfd keeps naming it once it has ended.
    live_->parent_pidfd_ = Fd(pidfd_open(parent));
}

LiveAttach::~LiveAttach() {
    if (live_ == nullptr) return;
    live_->control_ = nullptr;
    live_->parent_ = 0;
    live_->ring_ = nullptr;
    live_->parent_pidfd_ = Fd();
    live_->child_pidfd_ = Fd();
    live_->child_pidfd_of_ = 0;
}

namespace {

// @p pid's parent by /proc/PID/stat (field 4, after the command name in parentheses); 0 if unknown.
pid_t parent_of(pid_t pid) noexcept {
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/stat", static_cast<int>(pid));
    std::FILE* file = std::fopen(path, "re");
    if (file == nullptr) return 0;
    char text[512] = {};
    const std::size_t length = std::fread(text, 1, sizeof text - 1, file);
    std::fclose(file);
    const char* close = std::strrchr(text, ')');
    int parent = 0;
    if (length == 0 || close == nullptr || std::sscanf(close + 1, " %*c %d", &parent) != 1) return 0;
    return static_cast<pid_t>(parent);
}

}  // namespace

pid_t LiveRun::pid(Side side) const noexcept {
    if (control_ == nullptr) return 0;
    // Once run() has reaped the parent side (it goes on ticking while the child side lives) its pid
    // may be reused: the pidfd says whether it is still there (a zombie still is).
    if (side == Side::parent) return parent_pidfd_ && !pidfd_kill(parent_pidfd_.get(), 0) ? 0 : parent_;
    // Once the parent side has reaped the child its pid may be reused: never name it then.
    if (control_->sides[0].child_reaped != 0) return 0;
    const pid_t child = control_->sides[1].pid.load();
    return child > 0 && child != parent_ ? child : 0;
}

LiveRun::State LiveRun::state(Side side) const noexcept {
    if (control_ == nullptr || pid(side) == 0) return State::none;
    // The first time the child side is seen: the moment to take its pidfd (see kill).
    if (side == Side::child) (void)child_pidfd();
    const LiveGate::SideGate& gate = gate_of(*control_, side);
    if (gate.closed.load(std::memory_order_acquire) != 0) return State::closed;
    const CallInProgress& now = control_->sides[static_cast<int>(side)].now;
    if (now.active.load(std::memory_order_acquire) == 0) return State::user;
    const bool waiting = !reached(gate.granted.load(std::memory_order_acquire), gate.stops.load(std::memory_order_acquire));
    return waiting && gate.open.load(std::memory_order_acquire) == 0 ? State::stopped : State::in_call;
}

std::optional<TraceEvent> LiveRun::call(Side side) const noexcept {
    if (control_ == nullptr) return std::nullopt;
    const CallInProgress& now = control_->sides[static_cast<int>(side)].now;
    // The side may be writing its record now: read() copies it whole or not at all. A side
    // descheduled in the middle of its few stores (one CPU) gets the CPU back when this one yields.
    TraceEvent event{};
    for (int round = 0; round < 4; ++round) {
        switch (now.read(event)) {
            case CallInProgress::Read::call: return event;
            case CallInProgress::Read::idle: return std::nullopt;
            case CallInProgress::Read::unsure: ::sched_yield(); break;
        }
    }
    return std::nullopt;
}

bool LiveRun::step(Side side) noexcept {
    if (control_ == nullptr) return false;
    LiveGate::SideGate& gate = gate_of(*control_, side);
    const std::uint32_t stops = gate.stops.load(std::memory_order_acquire);
    if (reached(gate.granted.load(std::memory_order_acquire), stops)) return false;
    gate.granted.store(stops, std::memory_order_release);
    wake(gate.granted);
    return true;
}

void LiveRun::run_free() noexcept {
    if (control_ == nullptr) return;
    for (LiveGate::SideGate& gate : control_->gate.sides) {
        gate.open.store(1, std::memory_order_release);
        gate.granted.store(gate.stops.load(std::memory_order_acquire), std::memory_order_release);
        wake(gate.granted);
    }
}

void LiveRun::ask_close(Side side) noexcept {
    if (control_ != nullptr) gate_of(*control_, side).close_asked.store(1, std::memory_order_release);
}

bool LiveRun::close_asked(Side side) const noexcept {
    return control_ != nullptr && gate_of(*control_, side).close_asked.load(std::memory_order_acquire) != 0;
}

const Fd& LiveRun::child_pidfd() const noexcept {
    const pid_t child = pid(Side::child);
    if (child <= 0 || child == child_pidfd_of_) return child_pidfd_;
    // The pid comes from the run's shared region, which the channel's processes could write, and
    // the process may have ended and its pid been reused since: open a pidfd first (it names one
    // process for good), then ask the kernel whether that pid's parent is the parent side, then
    // whether the pidfd's process still lives. If it does, it lived through the check: the check
    // was about it. Otherwise take nothing now and try again at the next read.
    Fd candidate(pidfd_open(child));
    if (!candidate || parent_of(child) != parent_ || !pidfd_kill(candidate.get(), 0)) {
        return child_pidfd_;
    }
    child_pidfd_ = std::move(candidate);
    child_pidfd_of_ = child;
    return child_pidfd_;
}

bool LiveRun::kill(Side side) noexcept {
    if (control_ == nullptr || pid(side) == 0) return false;
    const Fd& target = side == Side::parent ? parent_pidfd_ : child_pidfd();
    return target && pidfd_kill(target.get(), SIGKILL);
}

std::vector<TraceEvent> LiveRun::new_events() {
    std::vector<TraceEvent> events;
    if (control_ != nullptr && ring_ != nullptr) ring_->read_from(next_event_, events, capacity_);
    return events;
}

RegionLayout LiveRun::layout() const {
    return control_ != nullptr ? detail::read_layout(control_->layout) : RegionLayout{};
}

}  // namespace ipcviz

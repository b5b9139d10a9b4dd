// The writer's close() at the two moments a reader can meet it: see close_timing.hpp. Raw syscalls
// throughout: the waits are the harness's, never counted or traced as the channel's.
#include "close_timing.hpp"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <climits>
#include <cstdint>

#include "ipcviz/live.hpp"
#include "ipcviz/trace.hpp"
#include "nap.hpp"
#include "proc_syscall.hpp"

namespace ipcviz::detail {

namespace {

// Limits, not pauses: each wait ends as soon as what it waits for has happened, so a correct channel
// pays nothing for their size. They are wide so that a machine that stalls a side for tens of ms (a
// half-CPU quota throttles a whole cgroup for up to 50 ms) still reaches the moment the test forces.
constexpr std::int64_t kAwaitLimitNs = 300'000'000;  // far beyond any spin a channel makes before it sleeps
constexpr std::uint32_t kHoldLimitMs = 1000;         // the writer's send() and close() need far less

constexpr long kPollNs = 20'000;  // 20 µs: lets a reader that shares this CPU run on

LiveGate::SideGate& child_gate(RunControl& control) { return control.gate.sides[static_cast<int>(Side::child)]; }

}  // namespace

void wait_until_asleep_in_futex(pid_t reader) {
    const std::int64_t limit = monotonic_ns() + kAwaitLimitNs;
    while (!read_proc_syscall(reader).inside(SYS_futex) && monotonic_ns() < limit) nap_ns(kPollNs);
}

void hold_next_receive(RunControl& control, std::uint32_t calls, bool at_other_word) {
    LiveGate::SideGate& gate = child_gate(control);
    gate.stops.store(0, std::memory_order_relaxed);
    gate.open.store(0, std::memory_order_relaxed);
    gate.hold_ms.store(kHoldLimitMs, std::memory_order_relaxed);
    gate.first_word.store(0, std::memory_order_relaxed);
    gate.other_word_only.store(at_other_word ? 1 : 0, std::memory_order_relaxed);
    gate.granted.store(at_other_word ? 0 : calls, std::memory_order_release);  // these go through
    trace_context().gate = &control.gate;
}

void hold_first_copy(RunControl& control) {
    LiveGate::SideGate& gate = child_gate(control);
    gate.open.store(0, std::memory_order_relaxed);
    gate.copy_until_peer_blocks.store(1, std::memory_order_relaxed);
    trace_context().gate = &control.gate;
}

void wait_until_peer_blocks() {
    const pid_t writer = ::getppid();  // the child side's parent is the run's parent side
    const std::int64_t limit = monotonic_ns() + kAwaitLimitNs;
    while (read_process_state(writer) != 'S' && monotonic_ns() < limit) nap_ns(kPollNs);
}

void end_receive_hold() { trace_context().gate = nullptr; }

void wait_for_held_receive(const RunControl& control, std::uint32_t calls, bool at_other_word, pid_t reader) {
    const LiveGate::SideGate& gate = control.gate.sides[static_cast<int>(Side::child)];
    const std::uint32_t held_at = at_other_word ? 0 : calls;  // the stop it waits at is stop held_at + 1
    const std::int64_t limit = monotonic_ns() + kAwaitLimitNs;
    while (gate.stops.load(std::memory_order_acquire) <= held_at && monotonic_ns() < limit) {
        // A reader that waits on its one word alone touches no other: asleep there, it is as far as
        // it gets (the gate's own wait is a futex too, but a held reader has counted its stop first).
        if (at_other_word && read_proc_syscall(reader).inside(SYS_futex)) return;
        nap_ns(kPollNs);
    }
}

void release_held_receive(RunControl& control) {
    LiveGate::SideGate& gate = child_gate(control);
    // Release pairs with the acquire load of `open` in wait_at_gate().
    gate.open.store(1, std::memory_order_release);
    ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&gate.granted), FUTEX_WAKE, INT_MAX, nullptr, nullptr, 0);
}

}  // namespace ipcviz::detail

#pragma once
/** @file
 *  The trace: a ring of fixed-size events in shared memory that both processes of a run append to
 *  without a syscall, and that the harness's caller reads once the run is over.
 */
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "ipcviz/call.hpp"

namespace ipcviz {

/** Which process of a run: the one that sets the channel up and forks, or the one it forks. */
enum class Side : std::uint8_t {
    parent = 0,  ///< sets up, then writes (one-way) or starts each round trip
    child = 1,   ///< reads (one-way) or echoes each message back
};

/** One recorded operation. Trivially copyable, one cache line. */
struct TraceEvent {
    std::uint64_t sequence;  ///< position in the run, from 0; written last (see TraceRing)
    /// CLOCK_MONOTONIC (comparable across the run's processes) when the call began: read before
    /// the syscall, so anything the call caused happened after it. mem:: operations are not timed:
    /// start_ns == end_ns, read before a store (publishing) and after a load (observing).
    std::int64_t start_ns;
    std::int64_t end_ns;     ///< CLOCK_MONOTONIC when it returned (read after the syscall)
    std::int32_t pid;        ///< the process that made it
    Side side;               ///< which side of the run that process is
    Call call;               ///< what was called
    /// For an address in shared memory (a mem:: operation's word, a copy's destination, a futex
    /// word): the sys::mmap mapping that holds it, numbered from 1 per run (see layout.hpp); 0 when
    /// the address is in no such mapping, and for every other event.
    std::uint16_t region;
    /// The descriptor operated on, or -1. For an address in shared memory: its offset from the start
    /// of mapping @ref region (with region 0, the address's low 31 bits).
    std::int32_t fd;
    std::int32_t error;      ///< errno when the call failed, else 0
    std::int64_t asked;      ///< bytes asked for (count, length), or the call's key argument
    /// What the kernel returned (bytes moved, new fd, 0), or -1. A mem:: copy: where it copied from,
    /// (region << 32 | offset) as for @ref fd, or -1 when the source is in no mapping (private memory).
    std::int64_t result;
    std::uint64_t detail;    ///< call-specific: message index for markers, value for mem:: ops
};
static_assert(sizeof(TraceEvent) == 64, "a trace event is one cache line");
static_assert(std::is_trivially_copyable_v<TraceEvent>);

/**
 * A fixed-capacity ring of events placed in a MAP_SHARED region. Appending claims an index with
 * one atomic fetch_add, fills the slot, then publishes it by storing its sequence number + 1 with
 * release order; a reader that loads that number with acquire order sees the whole event. When
 * more events are appended than fit, the oldest are overwritten: the ring keeps the most recent.
 */
class TraceRing {
public:
    /**
     * @param capacity how many events the ring keeps
     * @return the bytes such a ring occupies
     */
    static std::size_t bytes_for(std::size_t capacity) noexcept;
    /**
     * Constructs an empty ring in place.
     * @param memory at least bytes_for(capacity) bytes, 64-byte aligned, zeroed
     * @param capacity how many events it keeps
     * @return the ring, living in @p memory
     */
    static TraceRing* create_in(void* memory, std::size_t capacity) noexcept;

    /**
     * Appends one event. Lock-free; no syscall.
     * @param event the event (its sequence field is set here)
     */
    void append(TraceEvent event) noexcept;
    /** @return how many events were ever appended (more than are kept once the ring wrapped). */
    std::uint64_t appended() const noexcept { return head_.load(std::memory_order_acquire); }
    /**
     * The kept events, oldest first. Call once no process is appending.
     * @param expected_capacity the capacity the ring was created with: the ring lives in memory
     *        other processes wrote, so its own record of it is checked, not trusted (0: trust it)
     * @return the events; none if the ring's header was overwritten
     */
    std::vector<TraceEvent> snapshot(std::size_t expected_capacity = 0) const;
    /**
     * The events published since position @p next, in order, while processes may still append
     * (a live viewer): stops at the first claimed slot not yet published, so nothing is skipped.
     * @param next the first position wanted; advanced past what was read
     * @param out where the events are appended
     * @param expected_capacity as for snapshot()
     */
    void read_from(std::uint64_t& next, std::vector<TraceEvent>& out, std::size_t expected_capacity) const;

private:
    struct Slot {
        std::atomic<std::uint64_t> published;  // sequence + 1 once the event is complete
        TraceEvent event;
    };
    alignas(64) std::atomic<std::uint64_t> head_{0};
    std::uint64_t capacity_ = 0;
    Slot* slots() noexcept;
    const Slot* slots() const noexcept;
};

/**
 * The call a process of a run is inside now, in shared memory the caller can read: written by the
 * sys:: wrappers (and, in traced runs, the mem:: operations) before the operation and cleared after
 * it, with plain stores only (no syscall: the ptrace audit counts every one). When a run is killed
 * at its deadline this names the call that never returned, with the word a futex waits on; a live
 * viewer reads it while the process runs on. A seqlock keeps such a reader from mixing two calls:
 * the process (the only writer) makes @ref sequence odd, writes the event, makes it even again;
 * read() copies the event between two loads of the sequence and retries unless they are the same
 * even number. The event is written with ordinary stores (the fences only order the compiler on
 * x86): 2.7 ns per begin/end pair as before the seqlock, where eight atomic words took 8 ns (a loop
 * of 20 M pairs, 2026-11-27). The writer never waits for a reader.
 */
struct CallInProgress {
    /// Seqlock: odd while the process writes the event; +2 per call begun.
    std::atomic<std::uint32_t> sequence{0};
    std::atomic<std::uint32_t> active{0};  ///< 1 while the event is a call that has not returned
    /// The call as the trace will record it once it returns (end_ns 0; result -1 unless known before
    /// the call: a copy's source, a compare-exchange's expected value; start_ns is 0 when tracing is
    /// off: the clock is read only for the trace). Read it through read() unless its process is gone.
    TraceEvent event{};

    /**
     * Publishes @p call as the call begun now (active). Called only by the process the record is
     * for; a few plain stores, no syscall.
     * @param call the call about to be made
     */
    void begin(const TraceEvent& call) noexcept {
        const std::uint32_t start = sequence.load(std::memory_order_relaxed);
        sequence.store(start + 1, std::memory_order_relaxed);
        // Release fence: the odd sequence is ordered before the event's stores, so a reader whose
        // copy saw any of them sees the sequence changed when it loads it again (read()'s acquire
        // fence is the pair) and drops the copy.
        std::atomic_thread_fence(std::memory_order_release);
        event = call;
        active.store(1, std::memory_order_relaxed);
        // Release: whoever loads the even sequence with acquire sees the whole event and active.
        sequence.store(start + 2, std::memory_order_release);
    }

    /** The call begun last has returned. */
    void end() noexcept { active.store(0, std::memory_order_release); }

    /** What read() found. */
    enum class Read {
        idle,    ///< no call in progress (or none begun)
        call,    ///< a call in progress: the event is whole
        unsure,  ///< the process kept writing (or died while writing): nothing whole was read
    };

    /**
     * Copies the call in progress, whole: retries while the process is writing it. Safe from any
     * process or thread, while the writer runs, and after it died (even in the middle of a write).
     * @param out where the call is copied (only when the result is Read::call)
     * @param attempts how many copies to try before giving up (a writer descheduled in the middle of
     *        its few stores, or killed there, would otherwise keep the reader waiting)
     * @return whether a call is in progress, and whether the copy is whole
     */
    Read read(TraceEvent& out, int attempts = 1000) const noexcept {
        for (int attempt = 0; attempt < attempts; ++attempt) {
            const std::uint32_t before = sequence.load(std::memory_order_acquire);
            if ((before & 1) != 0) continue;  // being written
            const bool in_call = active.load(std::memory_order_relaxed) != 0;
            TraceEvent copy;
            std::memcpy(&copy, &event, sizeof copy);  // may race the writer: checked below
            // Acquire fence: the copy's loads happen before the sequence is read again (pairs with
            // the release fence in begin()).
            std::atomic_thread_fence(std::memory_order_acquire);
            if (sequence.load(std::memory_order_relaxed) != before) continue;  // rewritten meanwhile
            if (!in_call) return Read::idle;
            out = copy;
            return Read::call;
        }
        return Read::unsure;
    }
};

struct LiveGate;

/**
 * Where this process's sys:: and mem:: calls are recorded. The harness sets it in each process of
 * a run; with no ring set, calls are only counted.
 */
struct TraceContext {
    TraceRing* ring = nullptr;  ///< the run's ring, or nullptr when tracing is off
    std::int32_t pid = 0;       ///< this process's pid (cached: getpid() would be a syscall)
    Side side = Side::parent;   ///< this process's side of the run
    std::int32_t run_pid = 0;   ///< the run's parent pid: IPC object names carry it (see run_scoped_name)
    CallInProgress* now = nullptr;  ///< this side's call-in-progress record, or nullptr outside a run
    LiveGate* gate = nullptr;       ///< live runs only: where this side stops before each call
};

namespace detail {
/// The calling process's trace context (an inline variable: no call, no guard on the hot path).
inline TraceContext g_trace_context;
}  // namespace detail

/** @return the calling process's trace context. */
inline TraceContext& trace_context() noexcept { return detail::g_trace_context; }

namespace detail {
/// Live runs: stops this side before its call until the viewer lets it go (live_gate.cpp).
[[gnu::cold]] void wait_at_gate() noexcept;
}  // namespace detail

/**
 * Publishes the call this process is about to make in its CallInProgress record (nothing outside a
 * run), then, in a live run, waits until the viewer lets it make it. Plain stores only otherwise.
 * @param call what is about to be called
 * @param region for a word in shared memory, its mapping (see TraceEvent::region), else 0
 * @param fd the descriptor, or the word's offset, or -1
 * @param asked bytes asked for, or the call's key argument
 * @param start_ns when it begins, or 0 (tracing off)
 * @param value a mem:: operation's value to store (TraceEvent::detail), else 0
 * @param result what is known of the result before the call (a copy's source, a compare-exchange's
 *        expected value, as TraceEvent::result says them), else -1
 */
inline void begin_call(Call call, std::uint16_t region, std::int32_t fd, std::int64_t asked, std::int64_t start_ns,
                       std::uint64_t value = 0, std::int64_t result = -1) noexcept {
    TraceContext& context = detail::g_trace_context;
    CallInProgress* now = context.now;
    if (now == nullptr) return;
    now->begin(TraceEvent{0, start_ns, 0, context.pid, context.side, call, region, fd, 0, asked, result, value});
    if (context.gate != nullptr) [[unlikely]] detail::wait_at_gate();
}

/** Clears this process's CallInProgress record: the call begun by begin_call() has returned. */
inline void end_call() noexcept {
    if (CallInProgress* now = detail::g_trace_context.now) now->end();
}

/** @return CLOCK_MONOTONIC now, in nanoseconds (vDSO: no syscall). */
std::int64_t monotonic_ns() noexcept;

/**
 * Records a harness or mem:: event that is not a syscall (nothing happens when tracing is off).
 * Its end time is now; its start time is @p start_ns, so that a harness marker can span the
 * channel call it reports (message k sent: from the start of send() to its return).
 * @param call what happened
 * @param detail its call-specific value (e.g. the message index)
 * @param bytes the bytes it concerned
 * @param start_ns CLOCK_MONOTONIC when it began (0: now, an instant)
 */
void record_event(Call call, std::uint64_t detail, std::int64_t bytes, std::int64_t start_ns = 0) noexcept;

}  // namespace ipcviz

#pragma once
/** @file
 *  Live runs: the two processes of a real run stop before each sys:: call and mem:: operation
 *  until the caller lets them go, so a lecturer can show each step as it happens (`ipcviz view
 *  --live`). The caller steps the run from Workload's on_progress callback of run(), which is
 *  called about every 30 ms while the run goes on.
 */
#include <sys/types.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "ipcviz/fd.hpp"
#include "ipcviz/layout.hpp"
#include "ipcviz/trace.hpp"

namespace ipcviz {

namespace detail {
struct RunControl;
}

/**
 * The gate both sides of a live run stop at, in the run's shared region. A side that reaches a call
 * counts a stop and sleeps on @ref SideGate::granted until the caller has granted that many steps.
 */
struct LiveGate {
    /** One side's gate. */
    struct alignas(64) SideGate {
        std::atomic<std::uint32_t> stops{0};        ///< stops this side reached (it waits at the last one)
        std::atomic<std::uint32_t> granted{0};      ///< stops the caller let through (the futex word)
        std::atomic<std::uint32_t> open{0};         ///< 1: stop no more (the caller let the side run free)
        std::atomic<std::uint32_t> close_asked{0};  ///< 1: close this end before the next message
        std::atomic<std::uint32_t> closed{0};       ///< 1: it closed its end as asked (close() returned)
        /// Not a live run: a hold of the harness's own (Workload::hold_last_receive_after), given up
        /// (as if the caller had opened the gate) after this many milliseconds; 0: wait as long as it takes.
        std::atomic<std::uint32_t> hold_ms{0};
        /// Not a live run: 1 when the hold stops only at an operation on a word in shared memory
        /// other than the first one the held call touched (Workload::hold_last_receive_at_other_word);
        /// operations on that first word, and calls on no shared word, go through.
        std::atomic<std::uint32_t> other_word_only{0};
        /// That first word, as (region << 32 | offset) (regions count from 1); 0 until it is known.
        std::atomic<std::uint64_t> first_word{0};
        /// Not a live run: 1 when the hold stops this side once, at its next mem::copy, until the
        /// kernel shows the other side blocked (Workload::hold_first_copy_until_writer_waits).
        std::atomic<std::uint32_t> copy_until_peer_blocks{0};
    };
    SideGate sides[2];  ///< parent, child
};

/**
 * The caller's handle on a live run. Put its address in Workload::live; run() attaches it to the run
 * before the sides start and detaches it before returning, so every member is meaningful only while
 * run() runs (in on_progress) and does nothing otherwise.
 */
class LiveRun {
public:
    /** What a side is doing, as the caller sees it between two ticks. */
    enum class State {
        none,     ///< not started, or gone
        user,     ///< in its own code, between calls
        stopped,  ///< at the gate: its next call (in_call) waits for step()
        in_call,  ///< inside the call in_call names: it may be blocked in the kernel
        /// it closed its end as asked (ask_close) and runs no channel code any more: the child side
        /// has ended (its parent reaps it later); the parent side waits for its child to end, since
        /// the child is killed when the parent side ends (PR_SET_PDEATHSIG: no process outlives a run)
        closed,
    };

    /** @return true while run() runs with this handle attached */
    bool attached() const noexcept { return control_ != nullptr; }
    /**
     * @param side a side
     * @return its pid, or 0 when it has not started or has been reaped (its pid may have been reused)
     */
    pid_t pid(Side side) const noexcept;
    /**
     * @param side a side
     * @return what it is doing now (see State)
     */
    State state(Side side) const noexcept;
    /**
     * @param side a side
     * @return the call it is stopped before or inside, as the trace will record it (end_ns 0)
     */
    std::optional<TraceEvent> call(Side side) const noexcept;
    /**
     * Lets @p side make the call it is stopped before (nothing if it is not stopped).
     * @param side a side
     * @return true if it was stopped and now goes on
     */
    bool step(Side side) noexcept;
    /** Lets both sides run without stopping any more (the run then ends as a normal run would). */
    void run_free() noexcept;
    /**
     * Asks @p side to close its end of the channel (its channel's close()) before its next
     * message, and end. The side must still be stepped to get there; a side blocked inside a call
     * gets there only once the call returns. Once closed (state() says State::closed) the child
     * side ends and the parent side only waits for its child: neither stops at the gate again, so
     * the caller keeps stepping the peer, killing either side, or ending the run.
     * @param side a side
     */
    void ask_close(Side side) noexcept;
    /**
     * @param side a side
     * @return true once ask_close(side) was called in this run
     */
    bool close_asked(Side side) const noexcept;
    /**
     * Kills @p side with SIGKILL, as a crash would end it. Signals the process through a pidfd
     * taken while it was surely the run's (the parent side: right after its fork, as the caller's
     * own child not yet reaped; the child side: the first time its pid is read, kept only if the
     * kernel then names the parent side as its parent and the process still lives), so a pid
     * reused since the side ended is never signalled.
     * @param side a side
     * @return true if a process of the run was signalled (false: not started, already reaped, or
     *         no pidfd could be taken)
     */
    bool kill(Side side) noexcept;
    /**
     * The trace events appended since the last call, in order (the first call: all so far).
     * @return the new events
     */
    std::vector<TraceEvent> new_events();
    /** @return what the channel has said about its shared mappings so far (layout::describe) */
    RegionLayout layout() const;

private:
    friend struct LiveAttach;
    // The child side's pidfd, taken the first time its pid is known (see kill); empty until then.
    const Fd& child_pidfd() const noexcept;
    detail::RunControl* control_ = nullptr;
    pid_t parent_ = 0;
    Fd parent_pidfd_;                 // taken by LiveAttach, right after the parent side's fork
    mutable Fd child_pidfd_;          // taken lazily by child_pidfd()
    mutable pid_t child_pidfd_of_ = 0;  // the pid child_pidfd_ was taken for
    // run()'s own copies, never read back from the shared region the run's processes can write.
    const TraceRing* ring_ = nullptr;
    std::size_t capacity_ = 0;
    std::uint64_t next_event_ = 0;
};

/** Attaches a LiveRun to a run's control block for the scope of run() (used by run() only). */
struct LiveAttach {
    /**
     * @param live the caller's handle (nullptr: not a live run)
     * @param control the run's control block
     * @param parent the parent side's pid
     * @param ring the run's trace ring (nullptr: untraced)
     * @param capacity the ring's capacity
     */
    LiveAttach(LiveRun* live, detail::RunControl& control, pid_t parent, const TraceRing* ring,
               std::size_t capacity) noexcept;
    ~LiveAttach();
    LiveAttach(const LiveAttach&) = delete;
    LiveAttach& operator=(const LiveAttach&) = delete;

private:
    LiveRun* live_;
};

}  // namespace ipcviz

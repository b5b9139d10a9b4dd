#pragma once
// The viewer's model: a finished run (trace and metrics) turned into one state per step, plus the
// calibration figures. Pure data and logic: no ncurses, so every state can be tested.
//
// Steps follow time, not the order calls completed. Each syscall is two points — it started, it
// returned — with CLOCK_MONOTONIC stamps that compare across the two processes (the start is read
// before the call, the end after it); the points of both processes are merged by time. Between its
// two points a call is pending: a read that waits for a write is shown blocked while the write
// starts and lands. A call that starts and returns with nothing in between is one step.
//
// What is knowable from two stamps: a byte a read returned was written by a write that had started
// (a write's bytes are counted in the kernel from its start, a read's taken out at its return, so
// the buffer never goes below zero), and "message k sent" is placed at the start of the last call
// of send() that moved data (the one whose bytes the receiver got), never after "message k
// received". mem:: operations are instants (untimed): a store is stamped before it publishes, a
// load after it observes.
#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ipcviz/mechanism.hpp"
#include "ipcviz/run_result.hpp"

namespace ipcviz::view {

// idle: not started yet; user: in user code between calls; running, writing, reading: inside a
// call (a setup call, one that moves data out, one that takes data in); blocked: inside a call that
// waits for the other process; returned: back from a call at this step; done, failed: at the end.
enum class ProcessState { idle, user, running, writing, reading, blocked, returned, done, failed };
const char* state_name(ProcessState state);

// What a step is: one point in time of one event.
enum class PointKind {
    none,      // step 0: before anything
    started,   // a syscall entered the kernel (it returns at a later step)
    returned,  // a syscall that started at an earlier step returned
    whole,     // a syscall that started and returned with nothing else in between
    instant,   // a mem:: operation in user space (not timed)
    marker,    // the harness's note: message k sent / received
};

// How a process's lane looks at a step (the log's two left columns).
enum class LaneMark { none, started, pending, returned, whole, instant, marker };

// What one process has done up to a step (counted from its own trace events, setup included).
struct Tally {
    std::uint64_t syscalls = 0;           // syscalls entered
    std::uint64_t bytes_to_kernel = 0;    // written or sent (counted when the call starts)
    std::uint64_t bytes_from_kernel = 0;  // read or received (counted when the call returns)
    std::uint64_t bytes_user_copied = 0;  // mem::copy
};

struct ProcessView {
    std::string role;  // "Parent", "Writer", ...
    pid_t pid = 0;
    ProcessState state = ProcessState::idle;
    std::string doing;  // the call it is in at this step, e.g. "read(fd 3, 64) …"; may be empty
    bool in_kernel = false;  // inside a syscall at this step (pending, or this step's own)
    Tally so_far;
};

// The channel between the processes, as far as the trace tells at this step.
struct ChannelView {
    // Per direction (0: parent → child, 1: child → parent).
    std::int64_t bytes_in_kernel[2] = {0, 0};  // pipe / socket buffers: started writes minus returned reads
    std::uint64_t sends[2] = {0, 0};           // data send calls that moved bytes
    std::uint64_t messages_sent[2] = {0, 0};   // the harness's "message k sent" so far
    std::uint64_t bytes_sent[2] = {0, 0};      // TCP: relative sequence numbers
    std::uint64_t bytes_received[2] = {0, 0};  // TCP: what the receiving side has taken
    // Shared memory: see region_at() (ring_model.hpp), rebuilt from the events up to a step.
    // TCP: which layer the current event passes through, and which way.
    enum class Flow { none, down, up } flow = Flow::none;
    int flow_side = 0;  // whose stack (0 server, 1 client)
};

struct StepState {
    std::size_t step = 0;               // 0: before the first event
    const TraceEvent* event = nullptr;  // the event this step shows (nullptr at step 0)
    PointKind kind = PointKind::none;   // which point of it
    std::int64_t time_ns = 0;           // when (CLOCK_MONOTONIC), 0 at step 0
    LaneMark lanes[2] = {LaneMark::none, LaneMark::none};
    ProcessView processes[2];
    std::size_t messages_done = 0;  // messages (one-way) or round trips delivered so far
    ChannelView channel;
};

// A figure measured once per round: the median over the rounds and their range.
struct Range {
    double median = 0, min = 0, max = 0;
};

// Latency and throughput from untraced runs, made by `ipcviz bench`'s method (lib/bench): the
// mechanism and the one it is compared with raced in interleaved rounds after a warm-up, pinned a
// CPU each where there are two, at the message size of the view; medians with their range. Made
// after the traced run is on screen (tracing slows each call), and again on each new run.
struct Calibration {
    bool measured = false;  // false until the calibration runs are over (the view can show the run first)
    bool ok = false;
    std::string failure;
    Range round_trip_us;          // each round's median round trip (p50), the clock's cost taken off
    Range messages_per_s;         // each round's one-way throughput
    int rounds = 0;               // how many rounds the medians are over
    std::size_t round_trips = 0;  // timed per round
    std::size_t streamed = 0;     // streamed per round
    std::size_t size = 0;         // bytes per message
    bool pinned = false;          // the two processes on CPUs of their own
};

class ViewModel {
public:
    // @p calibration: for this mechanism; @p reference: for the one it is compared with (Unix socket
    // vs pipe, TCP vs shared memory), if any.
    ViewModel(const Mechanism& mechanism, RunResult run, Calibration calibration,
              std::optional<Calibration> reference = std::nullopt);
    // Steps point into events_: a move keeps them valid, a copy would not.
    ViewModel(const ViewModel&) = delete;
    ViewModel& operator=(const ViewModel&) = delete;
    ViewModel(ViewModel&&) = default;
    ViewModel& operator=(ViewModel&&) = default;

    const Mechanism& mechanism() const { return mechanism_; }
    const RunResult& run() const { return run_; }
    const Calibration& calibration() const { return calibration_; }
    const std::optional<Calibration>& reference() const { return reference_; }
    // The calibration figures, once measured (the viewer may show the run before they are).
    void set_calibration(Calibration calibration, std::optional<Calibration> reference);
    // The events in the order they started.
    const std::vector<TraceEvent>& events() const { return events_; }
    std::size_t steps() const { return states_.size(); }  // points + 1
    const StepState& at(std::size_t step) const { return states_[step < states_.size() ? step : states_.size() - 1]; }
    bool is_last(std::size_t step) const { return step + 1 >= states_.size(); }
    // The time the run's first event started (0 without events): step times are shown from it.
    std::int64_t origin_ns() const { return origin_ns_; }

    // The name of the mechanism this one is compared with ("pipe", "shm"), empty if none.
    static std::string reference_for(std::string_view mechanism);

private:
    void build_states();

    Mechanism mechanism_;
    RunResult run_;
    Calibration calibration_;
    std::optional<Calibration> reference_;
    std::vector<TraceEvent> events_;
    std::vector<StepState> states_;
    std::int64_t origin_ns_ = 0;
};

// "write(fd 4, 64) …": a call that has started and not yet returned (no result yet). Shared words
// are named by @p layout (see format_call), in the short form if @p compact.
std::string format_pending_call(const TraceEvent& event, const RegionLayout* layout = nullptr, bool compact = false);

// The short form of a call's text for a narrow box, strace's: "sendmsg(4, 68) = 68" for
// "sendmsg(fd 4, 68) = 68", and a futex call without its word ("futex_wait(4) …": the log and the
// shared-memory panel name it).
std::string brief_call(std::string text);

// True for the calls that move payload into / out of the kernel.
bool sends_data(Call call);
bool receives_data(Call call);

}  // namespace ipcviz::view

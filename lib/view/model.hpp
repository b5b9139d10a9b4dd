#pragma once
// The viewer's model: a finished run (trace and metrics) turned into one state per step, plus the
// calibration figures. Pure data and logic: no ncurses, so every state can be tested.
#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ipcviz/mechanism.hpp"
#include "ipcviz/run_result.hpp"

namespace ipcviz::view {

enum class ProcessState { idle, writing, reading, blocked, done, failed };
const char* state_name(ProcessState state);

struct ProcessView {
    std::string role;  // "Parent", "Writer", ...
    pid_t pid = 0;
    ProcessState state = ProcessState::idle;
    std::string doing;  // the call it is in at this step, e.g. "read(fd 3, 64)"; may be empty
};

// The channel between the processes, as far as the trace tells at this step.
struct ChannelView {
    // Per direction (0: parent → child, 1: child → parent).
    std::int64_t bytes_in_kernel[2] = {0, 0};  // pipe / socket buffers: written minus read
    std::uint64_t sends[2] = {0, 0};           // data send calls that moved bytes
    std::uint64_t bytes_sent[2] = {0, 0};      // TCP: relative sequence numbers
    std::uint64_t bytes_received[2] = {0, 0};  // TCP: what the receiving side has taken
    // Shared memory: the slot last touched.
    std::uint64_t slot_sequence = 0;  // message number in it (from 1), 0 before any
    bool slot_ready = false;          // its ready flag (state word == full)
    std::int32_t slot_offset = -1;    // its state word's offset in the page, -1 before any
    // TCP: which layer the current event passes through, and which way.
    enum class Flow { none, down, up } flow = Flow::none;
    int flow_side = 0;  // whose stack (0 server, 1 client)
};

struct StepState {
    std::size_t step = 0;           // 0: before the first event
    const TraceEvent* event = nullptr;  // the event this step shows (nullptr at step 0)
    ProcessView processes[2];
    std::size_t messages_done = 0;  // messages (one-way) or round trips delivered so far
    ChannelView channel;
};

// Latency and throughput from untraced runs made when the viewer starts (tracing slows each call).
struct Calibration {
    bool ok = false;
    std::string failure;
    double round_trip_us = 0;      // mean round trip of 64-byte messages
    double messages_per_s = 0;     // one-way throughput of 64-byte messages
    std::size_t round_trips = 0;   // how many were timed
    std::size_t streamed = 0;      // how many were streamed
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
    // The events in the order they completed: what the steps walk through.
    const std::vector<TraceEvent>& events() const { return events_; }
    std::size_t steps() const { return states_.size(); }  // events + 1
    const StepState& at(std::size_t step) const { return states_[step < states_.size() ? step : states_.size() - 1]; }

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
};

}  // namespace ipcviz::view

#include "model.hpp"

#include <algorithm>

#include "ipcviz/report.hpp"

namespace ipcviz::view {

namespace {

constexpr std::int64_t kBlockedAfter_ns = 20'000;  // a wait longer than this is shown as blocked

bool sends_data(Call call) { return call == Call::write || call == Call::send || call == Call::sendmsg; }
bool receives_data(Call call) { return call == Call::read || call == Call::recv || call == Call::recvmsg; }

// What a process is doing while inside @p event.
ProcessState state_in(const TraceEvent& event, bool is_writer) {
    const std::int64_t took = event.end_ns - event.start_ns;
    switch (event.call) {
        case Call::write: case Call::send: case Call::sendmsg:
            return took > kBlockedAfter_ns ? ProcessState::blocked : ProcessState::writing;
        case Call::read: case Call::recv: case Call::recvmsg: case Call::accept: case Call::connect:
            return took > kBlockedAfter_ns ? ProcessState::blocked : ProcessState::reading;
        case Call::futex_wait:
            return ProcessState::blocked;
        case Call::user_copy: case Call::store_release: case Call::exchange: case Call::futex_wake:
            return is_writer ? ProcessState::writing : ProcessState::reading;
        case Call::load_acquire: case Call::compare_exchange:
            return ProcessState::reading;
        default:
            return ProcessState::idle;
    }
}

}  // namespace

const char* state_name(ProcessState state) {
    switch (state) {
        case ProcessState::idle: return "idle";
        case ProcessState::writing: return "writing";
        case ProcessState::reading: return "reading";
        case ProcessState::blocked: return "blocked";
        case ProcessState::done: return "done";
        case ProcessState::failed: return "failed";
    }
    return "?";
}

std::string ViewModel::reference_for(std::string_view mechanism) {
    if (mechanism == "unix") return "pipe";
    if (mechanism == "tcp") return "shm";
    return {};
}

ViewModel::ViewModel(const Mechanism& mechanism, RunResult run, Calibration calibration,
                     std::optional<Calibration> reference)
    : mechanism_(mechanism), run_(std::move(run)), calibration_(std::move(calibration)), reference_(std::move(reference)) {
    events_ = run_.trace;
    std::stable_sort(events_.begin(), events_.end(),
                     [](const TraceEvent& a, const TraceEvent& b) { return a.end_ns < b.end_ns; });
    build_states();
}

void ViewModel::build_states() {
    StepState state;
    for (int i = 0; i < 2; ++i) {
        state.processes[i].role = run_.sides[i].role;
        state.processes[i].pid = run_.sides[i].pid;
    }
    states_.push_back(state);
    const bool round_trip = run_.workload.pattern == Pattern::round_trip;
    // Each side's events, for "what was the other process doing at this moment".
    std::vector<const TraceEvent*> by_side[2];
    for (const TraceEvent& event : events_) by_side[static_cast<int>(event.side)].push_back(&event);

    for (std::size_t i = 0; i < events_.size(); ++i) {
        const TraceEvent& event = events_[i];
        const int side = static_cast<int>(event.side);
        state.step = i + 1;
        state.event = &events_[i];
        ChannelView& channel = state.channel;
        channel.flow = ChannelView::Flow::none;
        if (sends_data(event.call) && event.result > 0) {
            channel.bytes_in_kernel[side] += event.result;
            channel.bytes_sent[side] += static_cast<std::uint64_t>(event.result);
            ++channel.sends[side];
            channel.flow = ChannelView::Flow::down;
            channel.flow_side = side;
        }
        if (receives_data(event.call) && event.result > 0) {
            channel.bytes_in_kernel[1 - side] -= event.result;  // taken from the other side's direction
            channel.bytes_received[1 - side] += static_cast<std::uint64_t>(event.result);
            channel.flow = ChannelView::Flow::up;
            channel.flow_side = side;
        }
        if (event.call == Call::exchange || event.call == Call::store_release ||
            (event.call == Call::compare_exchange)) {
            channel.slot_offset = event.fd;
            const std::uint64_t value = event.detail & 3;  // without the sleeper bit
            channel.slot_ready = value == 1;
            if (value == 1 && event.side == Side::parent) ++channel.slot_sequence;
            if (value == 1 && event.side == Side::child) channel.slot_sequence = state.messages_done + 1;
        }
        if (event.call == Call::message_received && (round_trip ? event.side == Side::parent : event.side == Side::child)) {
            state.messages_done = event.detail + 1;
        }
        // Each process's state at the moment this event completed. A message marker is the harness
        // noting progress, not a call: the states stay as they were.
        const bool marker = event.call == Call::message_sent || event.call == Call::message_received;
        for (int p = 0; p < 2 && !marker; ++p) {
            ProcessView& process = state.processes[p];
            const bool is_writer = p == 0;
            if (p == side) {
                process.state = state_in(event, is_writer);
                process.doing = format_call(event);
                continue;
            }
            const auto& own = by_side[p];
            const TraceEvent* covering = nullptr;
            for (const TraceEvent* candidate : own) {
                if (candidate->start_ns <= event.end_ns && event.end_ns <= candidate->end_ns) covering = candidate;
                if (candidate->start_ns > event.end_ns) break;
            }
            if (covering != nullptr) {
                process.state = state_in(*covering, is_writer);
                process.doing = format_call(*covering);
            } else if (!own.empty() && event.end_ns > own.back()->end_ns && run_.sides[p].finished) {
                process.state = ProcessState::done;
                process.doing.clear();
            } else {
                process.state = ProcessState::idle;
                process.doing.clear();
            }
        }
        states_.push_back(state);
    }
    // The end: finished sides are done; a side that failed says so.
    StepState& last = states_.back();
    for (int p = 0; p < 2; ++p) {
        if (run_.sides[p].finished) {
            last.processes[p].state = ProcessState::done;
        } else if (!run_.ok && run_.sides[p].pid > 0) {
            last.processes[p].state = ProcessState::failed;
        }
        if (last.processes[p].state == ProcessState::done || last.processes[p].state == ProcessState::failed) {
            last.processes[p].doing.clear();
        }
    }
}

}  // namespace ipcviz::view

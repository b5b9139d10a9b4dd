#include "model.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <utility>

#include "ipcviz/report.hpp"

namespace ipcviz::view {

namespace {

constexpr std::int64_t kBlockedAfter_ns = 20'000;  // a wait longer than this is shown as blocked

bool publishes(Call call) {
    return call == Call::store_release || call == Call::exchange || call == Call::compare_exchange;
}

// What a process is doing in @p event, whether or not it waits there.
ProcessState working_in(const TraceEvent& event, bool is_writer) {
    switch (event.call) {
        case Call::write: case Call::send: case Call::sendmsg:
            return ProcessState::writing;
        case Call::read: case Call::recv: case Call::recvmsg: case Call::accept: case Call::connect:
            return ProcessState::reading;
        // In shared memory every operation serves the process's side of the transfer: the writer
        // loads a slot's state to find it free, the reader stores to hand it back.
        case Call::user_copy: case Call::store_release: case Call::exchange: case Call::futex_wake:
        case Call::futex_wait: case Call::load_acquire: case Call::compare_exchange:
            return is_writer ? ProcessState::writing : ProcessState::reading;
        default:  // setting up or tearing down: a syscall, neither moving data nor waiting for it
            return ProcessState::running;
    }
}

// True if @p event is a call that waits for the other process (or took long enough to have).
bool waits(const TraceEvent& event) {
    if (event.call == Call::futex_wait) return true;
    const bool can_wait = sends_data(event.call) || receives_data(event.call) || event.call == Call::accept ||
                          event.call == Call::connect;
    return can_wait && event.end_ns - event.start_ns > kBlockedAfter_ns;
}

// One point of one event, before it becomes a step.
struct Point {
    const TraceEvent* event;
    PointKind kind;
    std::int64_t time;
    std::uint64_t rank;  // the order of its process's points: keeps them in order where stamps tie
};

bool earlier(const Point& a, const Point& b) {
    if (a.time != b.time) return a.time < b.time;
    if (a.event->side != b.event->side) return a.event->side < b.event->side;
    return a.rank < b.rank;
}

// A point that can complete a message on the sending side: a data call's start, or a store that
// publishes in shared memory.
bool completes_message(const Point& point) {
    const TraceEvent& event = *point.event;
    if (point.kind == PointKind::instant) return publishes(event.call);
    return (point.kind == PointKind::started || point.kind == PointKind::whole) && sends_data(event.call) &&
           event.result > 0;
}

// The points of a run: every syscall started and returned (merged into one when nothing happened
// in between), every mem:: operation, every marker — in time order.
std::vector<Point> points_of(const std::vector<TraceEvent>& events) {
    std::vector<Point> points;
    points.reserve(events.size() * 2);
    std::vector<std::pair<const TraceEvent*, std::uint64_t>> sent;  // placed once the others are
    std::uint64_t rank[2] = {0, 0};
    for (const TraceEvent& event : events) {
        std::uint64_t& own = rank[static_cast<int>(event.side)];
        if (event.call == Call::message_sent) {
            sent.emplace_back(&event, own);
        } else if (event.call == Call::message_received) {
            points.push_back({&event, PointKind::marker, event.end_ns, own});
        } else if (!is_syscall(event.call)) {
            points.push_back({&event, PointKind::instant, event.start_ns, own});
        } else {
            points.push_back({&event, PointKind::started, event.start_ns, own});
            points.push_back({&event, PointKind::returned, std::max(event.end_ns, event.start_ns), own + 1});
        }
        own += 2;
    }
    std::stable_sort(points.begin(), points.end(), earlier);
    // A call that started and returned with nothing in between is one step.
    std::vector<Point> merged;
    merged.reserve(points.size() + sent.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (points[i].kind == PointKind::started && i + 1 < points.size() && points[i + 1].event == points[i].event) {
            merged.push_back({points[i].event, PointKind::whole, points[i].time, points[i].rank});
            ++i;
        } else {
            merged.push_back(points[i]);
        }
    }
    // Where a message can be complete, per sending side, in time order; and when each was received.
    std::vector<Point> completing[2];
    std::map<std::pair<int, std::uint64_t>, std::int64_t> received;  // (receiving side, message) → time
    for (const Point& point : merged) {
        if (completes_message(point)) completing[static_cast<int>(point.event->side)].push_back(point);
        if (point.kind == PointKind::marker)
            received[{static_cast<int>(point.event->side), point.event->detail}] = point.time;
    }
    for (const auto& [marker, marker_rank] : sent) {
        // "Message k sent" goes with the last such point inside the span of the send() it reports:
        // that call's start is the earliest the whole message could be in the kernel (or the
        // region), and it is before the receiver got it. Without one, the span's start.
        const auto& candidates = completing[static_cast<int>(marker->side)];
        const auto after =
            std::upper_bound(candidates.begin(), candidates.end(), marker->end_ns,
                             [](std::int64_t time, const Point& point) { return time < point.event->start_ns; });
        Point point{marker, PointKind::marker, marker->start_ns, marker_rank};
        if (after != candidates.begin() && std::prev(after)->event->start_ns >= marker->start_ns) {
            point.time = std::prev(after)->time;
            point.rank = std::prev(after)->rank + 1;  // right after it, before its return
        }
        const auto got = received.find({1 - static_cast<int>(marker->side), marker->detail});
        if (got != received.end() && point.time >= got->second) point.time = got->second - 1;  // never after it
        merged.push_back(point);
    }
    std::stable_sort(merged.begin(), merged.end(), earlier);
    return merged;
}

// What process @p side is doing at a step, from this step alone: inside the call it started and
// that has not returned (@p pending), else its own point at this step (@p own, null if the step
// is the other process's), else in user code between calls. Nothing is carried over from an
// earlier step: a box that kept an earlier step's call would show a call that has returned as
// still going on, or one process's state beside the other's later events.
void show_process(ProcessView& process, int side, const Point* own, const TraceEvent* pending, bool before_first,
                  bool after_last, const RegionLayout* layout) {
    const bool is_writer = side == 0;
    process.doing.clear();
    process.in_kernel = false;
    if (pending != nullptr) {
        process.state = waits(*pending) ? ProcessState::blocked : working_in(*pending, is_writer);
        process.doing = format_pending_call(*pending, layout, true);  // its result is not known at this step
        process.in_kernel = true;
    } else if (own != nullptr && own->kind != PointKind::marker) {
        // A call that returns at this step has stopped waiting, whatever it waited for.
        process.state = own->kind == PointKind::returned ? ProcessState::returned
                                                          : working_in(*own->event, is_writer);
        process.doing = format_call(*own->event, layout, true);
        process.in_kernel = is_syscall(own->event->call) && own->kind == PointKind::whole;
    } else if (before_first) {
        process.state = ProcessState::idle;
    } else {
        process.state = after_last ? ProcessState::done : ProcessState::user;
    }
}

}  // namespace

bool sends_data(Call call) { return call == Call::write || call == Call::send || call == Call::sendmsg; }
bool receives_data(Call call) { return call == Call::read || call == Call::recv || call == Call::recvmsg; }

std::string format_pending_call(const TraceEvent& event, const RegionLayout* layout, bool compact) {
    std::string text = format_call(event, layout, compact);
    // The result is not known yet: cut " = …" off what format_call says once the call is over.
    if (is_syscall(event.call) && event.call != Call::pipe) {
        const std::size_t equals = text.rfind(" = ");
        if (equals != std::string::npos) text.erase(equals);
    } else if (event.call == Call::pipe) {
        text = "pipe()";
    }
    return text + " …";
}

std::string brief_call(std::string text) {
    if (const std::size_t fd = text.find("(fd "); fd != std::string::npos) text.erase(fd + 1, 3);
    if (text.rfind("futex_", 0) == 0) {
        const std::size_t open = text.find('(');
        const std::size_t comma = text.find(", ", open);
        if (open != std::string::npos && comma != std::string::npos) text.erase(open + 1, comma + 2 - (open + 1));
    }
    return text;
}

const char* state_name(ProcessState state) {
    switch (state) {
        case ProcessState::idle: return "idle";
        case ProcessState::running: return "running";
        case ProcessState::user: return "user code";
        case ProcessState::returned: return "returned";
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
                     [](const TraceEvent& a, const TraceEvent& b) { return a.start_ns < b.start_ns; });
    // Within one process the ring's order is the order of its calls: keep it where stamps tie.
    build_states();
}

void ViewModel::set_calibration(Calibration calibration, std::optional<Calibration> reference) {
    calibration_ = std::move(calibration);
    reference_ = std::move(reference);
}

void ViewModel::build_states() {
    StepState state;
    for (int i = 0; i < 2; ++i) {
        state.processes[i].role = run_.sides[i].role;
        state.processes[i].pid = run_.sides[i].pid;
    }
    states_.push_back(state);
    if (!events_.empty()) origin_ns_ = events_.front().start_ns;
    const bool round_trip = run_.workload.pattern == Pattern::round_trip;
    const std::vector<Point> points = points_of(events_);
    // Each side's last point: after it, a side that finished is done.
    std::size_t last_point[2] = {0, 0};
    std::size_t first_point[2] = {points.size(), points.size()};  // each side's first point's index
    for (std::size_t i = 0; i < points.size(); ++i) {
        const int side = static_cast<int>(points[i].event->side);
        last_point[side] = i + 1;
        first_point[side] = std::min(first_point[side], i);
    }
    const TraceEvent* pending[2] = {nullptr, nullptr};
    states_.reserve(points.size() + 1);

    for (std::size_t i = 0; i < points.size(); ++i) {
        const Point& point = points[i];
        const TraceEvent& event = *point.event;
        const int side = static_cast<int>(event.side);
        state.step = i + 1;
        state.event = &event;
        state.kind = point.kind;
        state.time_ns = point.time;
        ChannelView& channel = state.channel;
        channel.flow = ChannelView::Flow::none;
        Tally& tally = state.processes[side].so_far;
        const bool starts = point.kind == PointKind::started || point.kind == PointKind::whole;
        const bool returns = point.kind == PointKind::returned || point.kind == PointKind::whole;
        if (starts) ++tally.syscalls;
        // A write's bytes are in the kernel from the moment it starts: the reader may take them
        // before the write returns. A read's bytes leave when it returns.
        if (starts && sends_data(event.call) && event.result > 0) {
            channel.bytes_in_kernel[side] += event.result;
            channel.bytes_sent[side] += static_cast<std::uint64_t>(event.result);
            tally.bytes_to_kernel += static_cast<std::uint64_t>(event.result);
            ++channel.sends[side];
            channel.flow = ChannelView::Flow::down;
            channel.flow_side = side;
        }
        if (returns && receives_data(event.call) && event.result > 0) {
            channel.bytes_in_kernel[1 - side] -= event.result;  // taken from the other side's direction
            channel.bytes_received[1 - side] += static_cast<std::uint64_t>(event.result);
            tally.bytes_from_kernel += static_cast<std::uint64_t>(event.result);
            channel.flow = ChannelView::Flow::up;
            channel.flow_side = side;
        }
        if (point.kind == PointKind::instant) {
            if (event.call == Call::user_copy) tally.bytes_user_copied += static_cast<std::uint64_t>(event.asked);
        }
        if (point.kind == PointKind::marker) {
            if (event.call == Call::message_sent) ++channel.messages_sent[side];
            if (event.call == Call::message_received &&
                (round_trip ? event.side == Side::parent : event.side == Side::child)) {
                state.messages_done = event.detail + 1;
            }
        }
        if (point.kind == PointKind::started) pending[side] = &event;
        if (point.kind == PointKind::returned) pending[side] = nullptr;

        for (int p = 0; p < 2; ++p) {
            LaneMark& lane = state.lanes[p];
            lane = LaneMark::none;
            if (p == side) {
                switch (point.kind) {
                    case PointKind::started: lane = LaneMark::started; break;
                    case PointKind::returned: lane = LaneMark::returned; break;
                    case PointKind::whole: lane = LaneMark::whole; break;
                    case PointKind::instant: lane = LaneMark::instant; break;
                    case PointKind::marker: lane = pending[p] != nullptr ? LaneMark::pending : LaneMark::marker; break;
                    case PointKind::none: break;
                }
            } else if (pending[p] != nullptr) {
                lane = LaneMark::pending;
            }
            const bool before_first = first_point[p] > i;
            const bool after_last = i + 1 >= last_point[p] && last_point[p] > 0 && run_.sides[p].finished;
            show_process(state.processes[p], p, p == side ? &point : nullptr, pending[p], before_first, after_last,
                         &run_.layout);
        }
        states_.push_back(state);
    }
    // The end: finished sides are done; a side that failed says so, with the call it never
    // returned from when the deadline killed it.
    StepState& last = states_.back();
    for (int p = 0; p < 2; ++p) {
        ProcessView& process = last.processes[p];
        if (run_.sides[p].finished) {
            process.state = ProcessState::done;
        } else if (!run_.ok && run_.sides[p].pid > 0) {
            process.state = ProcessState::failed;
        }
        if (process.state == ProcessState::done) process.doing.clear();
        if (process.state == ProcessState::failed) {
            // A call that never returned is not in the trace (events are recorded on return): the
            // harness saw where the process was when the deadline killed it.
            process.doing = run_.sides[p].blocked_in.empty() ? std::string() : "stuck in " + run_.sides[p].blocked_in;
        }
        if (process.state == ProcessState::done || process.state == ProcessState::failed) process.in_kernel = false;
    }
}

}  // namespace ipcviz::view

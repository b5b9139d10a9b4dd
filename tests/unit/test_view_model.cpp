// The viewer's model: real runs of each reference mechanism, turned into states step by step.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <map>
#include <string>

#include "../../lib/view/model.hpp"
#include "ipcviz/error.hpp"
#include "ipcviz/harness.hpp"
#include "ipcviz/report.hpp"
#include "view_fixture.hpp"

using namespace ipcviz;
using namespace ipcviz::view;
using ipcviz::view::testing::model_of;
using ipcviz::view::testing::return_step;

namespace {


// The first step whose event is @p call made by @p side (its start, for a syscall).
std::size_t first_step(const ViewModel& model, Call call, Side side) {
    for (std::size_t step = 1; step < model.steps(); ++step) {
        const TraceEvent* event = model.at(step).event;
        if (event->call == call && event->side == side && model.at(step).kind != PointKind::returned) return step;
    }
    FAIL("no such event");
    return 0;
}

}  // namespace

TEST_CASE("every model starts idle and ends with both processes done and every message counted", "[view]") {
    for (const char* name : {"shm", "pipe", "unix", "tcp"}) {
        INFO(name);
        const ViewModel model = model_of(name);
        // Every event is one step, or two when something happened between its start and return.
        CHECK(model.steps() >= model.events().size() + 1);
        CHECK(model.steps() <= 2 * model.events().size() + 1);
        const StepState& start = model.at(0);
        CHECK(start.event == nullptr);
        CHECK(start.messages_done == 0);
        CHECK(start.processes[0].state == ProcessState::idle);
        CHECK(start.processes[0].pid == model.run().sides[0].pid);
        const StepState& end = model.at(model.steps() - 1);
        CHECK(end.messages_done == 10);
        CHECK(end.processes[0].state == ProcessState::done);
        CHECK(end.processes[1].state == ProcessState::done);
        for (std::size_t step = 1; step < model.steps(); ++step) {  // never goes backwards
            CHECK(model.at(step).messages_done >= model.at(step - 1).messages_done);
        }
    }
}

// What must hold at every step of any real run, whatever the scheduler did: returns the first
// violation, empty if none.
static std::string causal_violation(const ViewModel& model) {
    const bool round_trip = model.run().workload.pattern == Pattern::round_trip;
    std::map<std::pair<int, std::uint64_t>, std::size_t> sent, received;  // (direction, message) → step
    std::size_t seen_points[2] = {0, 0};
    for (std::size_t step = 1; step < model.steps(); ++step) {
        const StepState& state = model.at(step);
        const TraceEvent& event = *state.event;
        const int side = static_cast<int>(event.side);
        if (state.time_ns < model.at(step - 1).time_ns) return "step " + std::to_string(step) + " goes back in time";
        for (int direction = 0; direction < 2; ++direction) {
            if (state.channel.bytes_in_kernel[direction] < 0) {
                return "step " + std::to_string(step) + ": a read took bytes no write had started to put there";
            }
        }
        for (int p = 0; p < 2; ++p) {
            const Tally& now = state.processes[p].so_far;
            const Tally& before = model.at(step - 1).processes[p].so_far;
            if (now.syscalls < before.syscalls || now.bytes_to_kernel < before.bytes_to_kernel ||
                now.bytes_from_kernel < before.bytes_from_kernel || now.bytes_user_copied < before.bytes_user_copied) {
                return "step " + std::to_string(step) + ": a running figure went down";
            }
        }
        // A call that started is pending (in the kernel, shown doing it) until the step it returns.
        if (state.kind == PointKind::started) {
            std::size_t back = step + 1;
            while (back < model.steps() &&
                   !(model.at(back).event == &event && model.at(back).kind == PointKind::returned)) {
                const ProcessView& process = model.at(back).processes[side];
                if (!process.in_kernel || model.at(back).lanes[side] != LaneMark::pending ||
                    process.doing != format_pending_call(event, &model.run().layout, true)) {
                    return "step " + std::to_string(back) + ": a pending call is not shown pending";
                }
                ++back;
            }
            if (back == model.steps()) return "a call that started never returns";
        }
        if (state.kind == PointKind::marker) {
            // Direction of the message: a sender's side, or the side opposite the receiver.
            const int direction = event.call == Call::message_sent ? side : 1 - side;
            auto& book = event.call == Call::message_sent ? sent : received;
            if (!book.emplace(std::pair{direction, event.detail}, step).second) return "a marker shown twice";
        }
        ++seen_points[side];
    }
    for (const auto& [message, at] : received) {
        const auto found = sent.find(message);
        if (found == sent.end()) return "message " + std::to_string(message.second + 1) + " received, never sent";
        if (found->second > at) {
            return "message " + std::to_string(message.second + 1) + " received at step " + std::to_string(at) +
                   ", sent at step " + std::to_string(found->second);
        }
    }
    const std::size_t expected = model.run().workload.messages * (round_trip ? 2 : 1);
    if (sent.size() != expected || received.size() != expected) return "not every message sent and received once";
    return {};
}

// The process boxes at every step, against what the steps themselves say (worked out here from the
// step kinds alone): a process inside a call that has not returned shows it pending; a process
// whose own call returns at this step shows it with its result and is not blocked; any other
// process is in user code (or not started, or done) with no call shown. Returns the first
// violation, empty if none.
static std::string box_violation(const ViewModel& model) {
    const TraceEvent* pending[2] = {nullptr, nullptr};
    bool started[2] = {false, false};
    const RegionLayout* layout = &model.run().layout;
    for (std::size_t step = 1; step < model.steps(); ++step) {
        const StepState& state = model.at(step);
        const int side = static_cast<int>(state.event->side);
        if (state.kind == PointKind::started) pending[side] = state.event;
        if (state.kind == PointKind::returned) pending[side] = nullptr;
        if (state.kind != PointKind::marker) started[side] = true;
        const bool last = model.is_last(step);
        for (int p = 0; p < 2; ++p) {
            const ProcessView& box = state.processes[p];
            const std::string at = "step " + std::to_string(step) + ", " + box.role + " (" + state_name(box.state) +
                                   ", \"" + box.doing + "\"): ";
            if (last && (box.state == ProcessState::done || box.state == ProcessState::failed)) continue;
            if (pending[p] != nullptr) {
                const std::string inside = format_pending_call(*pending[p], layout, true);
                if (box.doing != inside || !box.in_kernel) return at + "should be inside " + inside;
                if (box.state == ProcessState::user || box.state == ProcessState::returned ||
                    box.state == ProcessState::idle || box.state == ProcessState::done)
                    return at + "a process inside a call is in the kernel, not between calls";
            } else if (p == side && state.kind != PointKind::marker) {
                const std::string call = format_call(*state.event, layout, true);
                if (box.doing != call) return at + "should show " + call;
                if (box.state == ProcessState::blocked) return at + "a call that returns at this step is not blocked";
                if (box.in_kernel != (is_syscall(state.event->call) && state.kind == PointKind::whole))
                    return at + "in the kernel exactly when its syscall runs at this step (a mem:: operation never)";
            } else {
                if (!box.doing.empty() || box.in_kernel) return at + "between calls: no call is going on";
                const ProcessState expected = started[p] ? ProcessState::user : ProcessState::idle;
                if (box.state != expected && box.state != ProcessState::done)
                    return at + "between calls: should be " + state_name(expected);
            }
        }
    }
    return {};
}

TEST_CASE("at every step of real runs of every mechanism each process box shows what it does at that step",
          "[view]") {
    for (const char* name : {"shm", "pipe", "unix", "tcp"}) {
        for (const Pattern pattern : {Pattern::one_way, Pattern::round_trip}) {
            for (int run = 0; run < 3; ++run) {
                INFO(name << (pattern == Pattern::one_way ? " one-way" : " round trip") << ", run " << run);
                const ViewModel model = model_of(name, 10, pattern);
                CHECK(box_violation(model) == "");
            }
        }
    }
}

TEST_CASE("over real runs of every mechanism, no step shows an effect before its cause", "[view]") {
    // The order the scheduler picks changes from run to run: several runs of each, both patterns
    // (IPCVIZ_VIEW_RUNS of each: tests/stress/viewer-causal-order.sh makes 50 under load).
    const char* asked = std::getenv("IPCVIZ_VIEW_RUNS");
    const int runs = asked != nullptr && std::atoi(asked) > 0 ? std::atoi(asked) : 5;
    for (const char* name : {"shm", "pipe", "unix", "tcp"}) {
        for (const Pattern pattern : {Pattern::one_way, Pattern::round_trip}) {
            for (int run = 0; run < runs; ++run) {
                INFO(name << (pattern == Pattern::one_way ? " one-way" : " round trip") << ", run " << run);
                const ViewModel model = model_of(name, 20, pattern);
                CHECK(causal_violation(model) == "");
            }
        }
    }
}

TEST_CASE("the running figures add up to what each process's trace says, step by step", "[view]") {
    for (const char* name : {"shm", "pipe", "unix", "tcp"}) {
        INFO(name);
        const ViewModel model = model_of(name);
        Tally expected[2];
        for (const TraceEvent& event : model.events()) {
            Tally& tally = expected[static_cast<int>(event.side)];
            if (is_syscall(event.call)) ++tally.syscalls;
            if (sends_data(event.call) && event.result > 0)
                tally.bytes_to_kernel += static_cast<std::uint64_t>(event.result);
            if (receives_data(event.call) && event.result > 0)
                tally.bytes_from_kernel += static_cast<std::uint64_t>(event.result);
            if (event.call == Call::user_copy) tally.bytes_user_copied += static_cast<std::uint64_t>(event.asked);
        }
        const StepState& end = model.at(model.steps() - 1);
        for (int p = 0; p < 2; ++p) {
            CHECK(end.processes[p].so_far.syscalls == expected[p].syscalls);
            CHECK(end.processes[p].so_far.bytes_to_kernel == expected[p].bytes_to_kernel);
            CHECK(end.processes[p].so_far.bytes_from_kernel == expected[p].bytes_from_kernel);
            CHECK(end.processes[p].so_far.bytes_user_copied == expected[p].bytes_user_copied);
        }
        // The payload of the window is in there: 10 messages of 64 bytes each way they went.
        if (std::string(name) == "shm") {
            CHECK(end.processes[0].so_far.bytes_user_copied == 640);
            CHECK(end.processes[1].so_far.bytes_user_copied == 640);
        } else {
            CHECK(end.processes[0].so_far.bytes_to_kernel >= 640);
            CHECK(end.processes[1].so_far.bytes_from_kernel >= 640);
        }
        CHECK(model.at(0).processes[0].so_far.syscalls == 0);
    }
}

TEST_CASE("pipe: a write's bytes are in the kernel from its start, a read takes them at its return", "[view]") {
    const ViewModel model = model_of("pipe");
    std::int64_t written = 0, taken = 0;
    bool write_shown = false;
    for (std::size_t step = 1; step < model.steps(); ++step) {
        const StepState& state = model.at(step);
        const TraceEvent& event = *state.event;
        const bool starts = state.kind == PointKind::started || state.kind == PointKind::whole;
        const bool returns = state.kind == PointKind::returned || state.kind == PointKind::whole;
        if (event.call == Call::write && event.side == Side::parent && starts) {
            written += event.result;
            CHECK(state.processes[0].state != ProcessState::idle);
            CHECK((state.processes[0].doing == "write(fd 4, 64) = 64" ||
                   state.processes[0].doing == "write(fd 4, 64) …"));
            write_shown = true;
        }
        if (event.call == Call::read && event.side == Side::child && returns) taken += event.result;
        CHECK(state.channel.bytes_in_kernel[0] == written - taken);
        CHECK(state.channel.bytes_in_kernel[0] >= 0);
    }
    CHECK(write_shown);
    CHECK(written == 640);
    CHECK(model.at(model.steps() - 1).channel.bytes_in_kernel[0] == 0);
}

TEST_CASE("a blocked read is shown pending while the write that wakes it starts", "[view]") {
    // One-way pipe with a writer that pauses 1 ms before each message: the reader is (almost
    // always) waiting in read() when a write starts. The read must be pending, with the parent's
    // write starting while it is.
    static const Implementation linked(&ipcviz_new_channel);
    Workload workload;
    workload.messages = 10;
    workload.send_interval = std::chrono::microseconds(1000);
    bool seen = false;
    for (int run = 0; run < 5 && !seen; ++run) {
        RunResult result = ipcviz::run(*find_mechanism("pipe"), linked.factory("pipe"), workload);
        REQUIRE(result.ok);
        const ViewModel model(*find_mechanism("pipe"), std::move(result), Calibration{});
        for (std::size_t step = 1; step < model.steps() && !seen; ++step) {
            const StepState& state = model.at(step);
            if (state.event->call != Call::write || state.event->side != Side::parent) continue;
            if (state.kind != PointKind::started && state.kind != PointKind::whole) continue;
            seen = state.lanes[1] == LaneMark::pending && state.processes[1].doing == "read(fd 3, 64) …";
        }
    }
    CHECK(seen);
}

TEST_CASE("Unix socket: messages are counted each way in a round trip", "[view]") {
    const ViewModel model = model_of("unix", 10, Pattern::round_trip);
    const StepState& end = model.at(model.steps() - 1);
    CHECK(end.channel.sends[0] == 10);
    CHECK(end.channel.sends[1] == 10);
    CHECK(end.channel.messages_sent[0] == 10);
    CHECK(end.channel.messages_sent[1] == 10);
    CHECK(end.messages_done == 10);
}

TEST_CASE("TCP: a send lights the stack downwards on its side, a receive upwards", "[view]") {
    const ViewModel model = model_of("tcp");
    const std::size_t send = first_step(model, Call::sendmsg, Side::parent);
    CHECK(model.at(send).channel.flow == ChannelView::Flow::down);
    CHECK(model.at(send).channel.flow_side == 0);
    CHECK(model.at(send).channel.bytes_sent[0] == 68);
    const std::size_t receive = return_step(model, Call::recvmsg, Side::child);
    CHECK(model.at(receive).channel.flow == ChannelView::Flow::up);
    CHECK(model.at(receive).channel.flow_side == 1);
    CHECK_FALSE(model.run().sides[0].endpoint.empty());
}

TEST_CASE("a failed run ends with the side that ran marked failed", "[view]") {
    class Failing : public Channel {
        void setup(const ChannelSpec&) override { throw NotImplemented("Failing::setup"); }
        void open(Side) override {}
        void send(std::span<const std::byte>) override {}
        std::size_t receive(std::span<std::byte>) override { return 0; }
        void close() override {}
    };
    Workload workload;
    workload.deadline = std::chrono::milliseconds(2000);
    RunResult result = run(*find_mechanism("pipe"), [] { return std::unique_ptr<Channel>(new Failing()); }, workload);
    REQUIRE_FALSE(result.ok);
    const ViewModel model(*find_mechanism("pipe"), std::move(result), Calibration{});
    CHECK(model.steps() == 1);
    CHECK(model.at(0).processes[0].state == ProcessState::failed);
}

TEST_CASE("a write that returns after the read it woke is shown starting first, and sent before received", "[view]") {
    // The ring's order is the order calls returned: here the child's read returns (t=30) before
    // the parent's write does (t=40), though the write started (t=20) while the read waited.
    const auto event = [](Side side, Call call, std::int64_t start, std::int64_t end, std::int64_t result) {
        TraceEvent e{};
        e.start_ns = start;
        e.end_ns = end;
        e.pid = side == Side::parent ? 100 : 101;
        e.side = side;
        e.call = call;
        e.fd = is_syscall(call) ? (side == Side::parent ? 4 : 3) : -1;
        e.asked = 64;
        e.result = result;
        return e;
    };
    RunResult run;
    run.mechanism = "pipe";
    run.ok = true;
    run.workload.messages = 1;
    for (int side = 0; side < 2; ++side) {
        run.sides[side].role = side == 0 ? "Parent" : "Child";
        run.sides[side].pid = 100 + side;
        run.sides[side].finished = true;
    }
    run.trace = {
        event(Side::child, Call::read, 10, 30, 64),
        event(Side::child, Call::message_received, 10, 31, 64),
        event(Side::parent, Call::write, 20, 40, 64),
        event(Side::parent, Call::message_sent, 19, 41, 64),
    };
    const ViewModel model(*find_mechanism("pipe"), std::move(run), Calibration{});
    REQUIRE(model.steps() == 7);
    const struct {
        Call call;
        PointKind kind;
        std::int64_t in_kernel;
    } kExpected[] = {
        {Call::read, PointKind::started, 0},          // the child waits
        {Call::write, PointKind::started, 64},        // the write lands while the read is pending
        {Call::message_sent, PointKind::marker, 64},  // at the write's start, before its return
        {Call::read, PointKind::returned, 0},         // the read takes the bytes
        {Call::message_received, PointKind::marker, 0},
        {Call::write, PointKind::returned, 0},        // the write returns last
    };
    for (std::size_t step = 1; step < model.steps(); ++step) {
        INFO("step " << step);
        const StepState& state = model.at(step);
        CHECK(state.event->call == kExpected[step - 1].call);
        CHECK(state.kind == kExpected[step - 1].kind);
        CHECK(state.channel.bytes_in_kernel[0] == kExpected[step - 1].in_kernel);
    }
    CHECK(model.at(2).processes[1].state == ProcessState::reading);
    CHECK(model.at(2).processes[1].doing == "read(fd 3, 64) …");
    CHECK(model.at(2).lanes[1] == LaneMark::pending);
    CHECK(model.at(2).lanes[0] == LaneMark::started);
    CHECK(model.at(4).processes[0].doing == "write(fd 4, 64) …");  // still writing when the read returns
    CHECK(model.at(4).processes[1].doing == "read(fd 3, 64) = 64");
    CHECK(model.at(5).messages_done == 1);
    CHECK(model.at(3).channel.messages_sent[0] == 1);
    CHECK(model.at(6).processes[0].so_far.syscalls == 1);
    CHECK(model.at(6).processes[0].so_far.bytes_to_kernel == 64);
    CHECK(model.at(6).processes[1].so_far.bytes_from_kernel == 64);
}

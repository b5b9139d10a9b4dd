// The two moments at which the harness makes a writer's close() meet its reader (close_timing.cpp):
// asleep in its wait for the end of stream, or held between two looks inside its last receive().
// Real runs of the reference shared-memory channel; the trace says when each side did what.
#include <catch2/catch.hpp>
#include <chrono>

#include "ipcviz/harness.hpp"
#include "ipcviz/live.hpp"
#include "ipcviz/trace.hpp"

using namespace ipcviz;

namespace {

ChannelFactory reference(const char* mechanism) {
    static const Implementation implementation(&ipcviz_new_channel);
    return implementation.factory(mechanism);
}

Workload to_end_of_stream() {
    Workload workload;
    workload.messages = 10;
    workload.expect_eof = true;
    workload.deadline = std::chrono::milliseconds(5000);
    return workload;
}

// The last trace event of @p side making @p call (and, if @p value is given, with that detail).
const TraceEvent* last_of(const RunResult& result, Side side, Call call, std::int64_t value = -1) {
    const TraceEvent* found = nullptr;
    for (const TraceEvent& event : result.trace) {
        if (event.side == side && event.call == call && (value < 0 || event.detail == static_cast<std::uint64_t>(value))) {
            found = &event;
        }
    }
    return found;
}

}  // namespace

TEST_CASE("a writer told to close once its reader sleeps closes after the reader's futex wait began", "[harness]") {
    Workload workload = to_end_of_stream();
    workload.close_when_reader_sleeps = true;
    const RunResult result = run(*find_mechanism("shm"), reference("shm"), workload);
    INFO(result.failure);
    REQUIRE(result.ok);
    const TraceEvent* wait = last_of(result, Side::child, Call::futex_wait);
    const TraceEvent* mark = last_of(result, Side::parent, Call::exchange, 2);  // the reference's kClosed
    REQUIRE(wait != nullptr);
    REQUIRE(mark != nullptr);
    CHECK(mark->start_ns > wait->start_ns);
}

TEST_CASE("a held last receive began before the last send and returned after the writer's close()", "[harness]") {
    Workload workload = to_end_of_stream();
    workload.hold_last_receive_after = 1;
    const RunResult result = run(*find_mechanism("shm"), reference("shm"), workload);
    INFO(result.failure);
    REQUIRE(result.ok);
    const TraceEvent* received = last_of(result, Side::child, Call::message_received, 9);
    const TraceEvent* sent = last_of(result, Side::parent, Call::message_sent, 9);
    const TraceEvent* mark = last_of(result, Side::parent, Call::exchange, 2);
    REQUIRE(received != nullptr);
    REQUIRE(sent != nullptr);
    REQUIRE(mark != nullptr);
    CHECK(received->start_ns < sent->start_ns);
    CHECK(received->end_ns > mark->end_ns);
}

TEST_CASE("a harness hold that nobody releases is given up after its limit", "[harness]") {
    LiveGate gate;
    CallInProgress now;
    const TraceContext saved = trace_context();
    LiveGate::SideGate& side = gate.sides[static_cast<int>(Side::child)];
    side.hold_ms = 50;
    side.granted = 1;
    trace_context() = TraceContext{nullptr, 1, Side::child, 1, &now, &gate};
    const std::int64_t start = monotonic_ns();
    begin_call(Call::load_acquire, 0, -1, 4, 0);  // the first goes through
    end_call();
    begin_call(Call::load_acquire, 0, -1, 4, 0);  // held, then given up
    end_call();
    const std::int64_t waited = monotonic_ns() - start;
    trace_context() = saved;
    CHECK(waited >= 50'000'000);
    CHECK(waited < 1'000'000'000);
    CHECK(side.open == 1);
    CHECK(side.stops == 2);
}

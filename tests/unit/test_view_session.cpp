// The viewer's session with broken code: a run that fails is shown at once, without the calibration
// that would follow a good one; a run in progress can be left (the viewer's q and Esc).
#include <catch2/catch.hpp>
#include <stdexcept>

#include "../../lib/view/session.hpp"
#include "ipcviz/harness.hpp"
#include "ipcviz/sys.hpp"

using namespace ipcviz;
using namespace ipcviz::view;

namespace {

// Both sides wait to read a pipe that no one writes, and both keep its write end: a deadlock.
class Deadlocked : public Channel {
public:
    void setup(const ChannelSpec&) override { ends_ = sys::pipe(); }
    void open(Side) override {}
    void send(std::span<const std::byte>) override { wait(); }
    std::size_t receive(std::span<std::byte>) override { return wait(); }
    void close() override {}

private:
    std::size_t wait() {
        std::byte byte[1];
        return sys::read(ends_.read_end.get(), byte);
    }
    sys::PipeEnds ends_;
};

void* make_deadlocked(const char*) { return new Deadlocked(); }

struct Stop : std::runtime_error {
    Stop() : std::runtime_error("stop") {}
};

}  // namespace

TEST_CASE("a deadlocked run is given up at the view's deadline and shown without a calibration", "[view]") {
    const Implementation deadlocked(&make_deadlocked);
    Session session(deadlocked, SessionOptions{"labs", 10, 64});
    const std::int64_t start = monotonic_ns();
    const ViewModel model = session.load(*find_mechanism("pipe"));
    const double took_ms = static_cast<double>(monotonic_ns() - start) / 1e6;
    CHECK_FALSE(model.run().ok);
    CHECK(model.run().timed_out);
    CHECK_FALSE(model.calibration().measured);  // no calibration was tried after the failure
    // Its deadline, not also a calibration's (10 s each against a deadlocked channel).
    const double deadline_ms = static_cast<double>(session.trace_deadline("pipe").count()) * timeout_scale();
    CHECK(took_ms >= deadline_ms);
    CHECK(took_ms < deadline_ms + 5000);
    // The end says where each side was stuck: in the read that never returned.
    const StepState& end = model.at(model.steps() - 1);
    for (const ProcessView& process : end.processes) {
        CHECK(process.state == ProcessState::failed);
        CHECK(process.doing.find("stuck in read") == 0);
    }
}

TEST_CASE("a run in progress ends as soon as the progress callback throws, and so does a calibration", "[view]") {
    const Implementation deadlocked(&make_deadlocked);
    Session session(deadlocked, SessionOptions{"labs", 10, 64});
    const auto stop = [](std::uint64_t) { throw Stop(); };
    const std::int64_t start = monotonic_ns();
    CHECK_THROWS_AS(session.load(*find_mechanism("pipe"), stop), Stop);
    const double took_ms = static_cast<double>(monotonic_ns() - start) / 1e6;
    CHECK(took_ms < static_cast<double>(session.trace_deadline("pipe").count()) * timeout_scale() / 2);

    // A calibration stopped half-way is not kept: asked again, it is measured again (it would
    // return the kept one at once, without a run and so without a tick, if it were kept).
    ViewModel model(*find_mechanism("pipe"), RunResult{}, Calibration{});
    CHECK_THROWS_AS(session.calibrate(model, stop), Stop);
    CHECK_FALSE(model.calibration().measured);
    CHECK_THROWS_AS(session.calibrate(model, stop), Stop);

    static const Implementation linked(&ipcviz_new_channel);
    Session good(linked, SessionOptions{"solutions", 10, 64});
    ViewModel shown = good.trace(*find_mechanism("pipe"));
    REQUIRE(shown.run().ok);
    CHECK_FALSE(shown.calibration().measured);  // the run can be shown before its figures
    good.calibrate(shown);
    CHECK(shown.calibration().measured);
    CHECK(shown.calibration().ok);
}

TEST_CASE("the viewer makes every run trace makes: round trips both ways, and TCP with Nagle's stall", "[view]") {
    static const Implementation linked(&ipcviz_new_channel);
    SessionOptions options{"solutions", 5, 64};
    options.pattern = Pattern::round_trip;
    for (const char* name : {"shm", "pipe", "unix", "tcp"}) {
        INFO(name);
        const ViewModel model = Session(linked, options).trace(*find_mechanism(name));
        REQUIRE(model.run().ok);
        CHECK(model.run().workload.pattern == Pattern::round_trip);
        // Both directions counted: each side sent every message.
        const StepState& end = model.at(model.steps() - 1);
        CHECK(end.channel.messages_sent[0] == 5);
        CHECK(end.channel.messages_sent[1] == 5);
        CHECK(end.messages_done == 5);
        CHECK(model.run().workload.tcp_nodelay);  // the TCP options were not asked for
    }
    // Nagle's stall, against the same round trips without it made just before (same machine, same
    // moment): each length prefix goes out in a call of its own, and the median round trip waits for
    // a delayed ACK — far longer than without Nagle.
    options.split_header = true;
    const ViewModel quick = Session(linked, options).trace(*find_mechanism("tcp"));
    options.nagle = true;
    Session stalling(linked, options);
    CHECK(stalling.trace_deadline("tcp") > stalling.trace_deadline("pipe"));  // room for the stalls
    const ViewModel stalled = stalling.trace(*find_mechanism("tcp"));
    REQUIRE(quick.run().ok);
    REQUIRE(stalled.run().ok);
    CHECK_FALSE(stalled.run().workload.tcp_nodelay);
    CHECK(stalled.run().workload.header_apart);
    std::size_t prefixes = 0;
    for (const TraceEvent& event : stalled.events()) {
        if (event.call == Call::sendmsg && event.result == 4) ++prefixes;
    }
    CHECK(prefixes == 10);  // 5 messages each way
    INFO("median round trip: " << stalled.run().metrics.latency_p50_ns << " ns with Nagle, "
                               << quick.run().metrics.latency_p50_ns << " ns without");
    CHECK(stalled.run().metrics.latency_p50_ns > 10 * quick.run().metrics.latency_p50_ns);
}

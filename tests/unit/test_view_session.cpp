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
    const double deadline_ms = static_cast<double>(session.trace_deadline().count()) * timeout_scale();
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
    CHECK(took_ms < static_cast<double>(session.trace_deadline().count()) * timeout_scale() / 2);

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

// Live mode's session and screen (issue 12): a real pipe run stepped through a LiveSession, its
// frames drawn at 80x24. What each frame says is checked against the run itself.
#include <catch2/catch.hpp>
#include <chrono>

#include "../../lib/view/live_screen.hpp"
#include "../../lib/view/live_session.hpp"
#include "ipcviz/harness.hpp"

using namespace ipcviz;
using namespace ipcviz::view;

namespace {

std::string drawn(const LiveFrame& frame) {
    Canvas canvas(80, 24);
    render_live(canvas, frame);
    return canvas.to_text();
}

}  // namespace

TEST_CASE("a live session steps a real run call by call and its frames say where each side is", "[view][live]") {
    static const Implementation linked(&ipcviz_new_channel);
    const Mechanism& pipe = *find_mechanism("pipe");
    LiveSession live(pipe, "solutions", 4);
    Workload workload;
    workload.messages = 4;
    workload.live = &live.handle();
    workload.deadline = std::chrono::milliseconds(20000);
    std::string first_stop, stepped_frame;
    std::size_t steps = 0;
    const RunResult result = run(pipe, linked.factory("pipe"), workload, [&](std::uint64_t delivered) {
        const LiveFrame& frame = live.refresh(delivered);
        if (first_stop.empty() && frame.sides[0].state == LiveRun::State::stopped) first_stop = drawn(frame);
        if (steps == 12 && stepped_frame.empty()) stepped_frame = drawn(frame);
        // One call per tick at first (frames in between), then as fast as the run goes.
        const int calls = steps < 12 ? 1 : 100;
        for (int i = 0; i < calls; ++i) steps += live.step() ? 1 : 0;
    });
    INFO(result.failure);
    REQUIRE(result.ok);
    INFO(first_stop);
    // The parent side's first call is the channel's pipe(), held at the gate; the child not forked yet.
    CHECK(first_stop.find("Live · Pipe · solutions · 0 / 4 messages") != std::string::npos);
    CHECK(first_stop.find("stopped before pipe()") != std::string::npos);
    CHECK(first_stop.find("(at the gate)") != std::string::npos);
    CHECK(first_stop.find("not started yet") != std::string::npos);
    CHECK(first_stop.find("c close · q quit · ? keys") != std::string::npos);  // the key line whole at 80 columns
    INFO(stepped_frame);
    CHECK(stepped_frame.find("step 12") != std::string::npos);
    CHECK(stepped_frame.find("write(fd ") != std::string::npos);
    CHECK(live.frame().steps == steps);
    const LiveFrame& end = live.finish(result);
    const std::string last = drawn(end);
    INFO(last);
    CHECK(end.ended);
    CHECK(last.find("The run ended: all 4 messages delivered.") != std::string::npos);
    CHECK(last.find("finished") != std::string::npos);
    CHECK(last.find("in the kernel: 0 bytes written and not yet read") != std::string::npos);
}

TEST_CASE("live mode's help lists its keys whole at 80x24", "[view][live]") {
    // Nothing is cut: the help overlay fits the smallest screen the viewer accepts.
    Canvas canvas(80, 24);
    LiveFrame frame;
    frame.mechanism = "Pipe";
    render_live(canvas, frame);
    render_live_help(canvas);
    const std::string text = canvas.to_text();
    CHECK(text.find("Keys · live") != std::string::npos);
    CHECK(text.find("kill the selected process (SIGKILL)") != std::string::npos);
    CHECK(text.find("close the selected side's end before its next message") != std::string::npos);
}

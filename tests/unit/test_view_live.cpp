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

std::string drawn_compact(const LiveFrame& frame) {
    Canvas canvas(60, 20);
    render_live_compact(canvas, frame);
    return canvas.to_text();
}

// The rows of a 60-column frame that are cut: text in the last column, or a box row whose text ran
// into its right border (the border not at the column of its top corner).
std::string cut_rows(const std::string& frame) {
    std::string problems;
    std::size_t start = 0;
    int right = -1;
    for (int y = 0; start < frame.size(); ++y) {
        std::size_t end = frame.find('\n', start);
        if (end == std::string::npos) end = frame.size();
        std::string line = frame.substr(start, end - start);
        start = end + 1;
        while (!line.empty() && line.back() == ' ') line.pop_back();
        const int used = columns(line);
        const std::size_t body = line.find_first_not_of(' ');
        if (used >= 60) problems += "row " + std::to_string(y) + " reaches the last column: " + line + "\n";
        if (body != std::string::npos && line.compare(body, 3, "╭") == 0) right = used;
        if (body != std::string::npos && line.compare(body, 3, "│") == 0 &&
            (used != right || line.size() < 3 || line.compare(line.size() - 3, 3, "│") != 0)) {
            problems += "row " + std::to_string(y) + " does not end at its box's border: " + line + "\n";
        }
    }
    return problems;
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
    std::string first_stop, stepped_frame, compact_first_stop, compact_cut;
    std::size_t steps = 0;
    const RunResult result = run(pipe, linked.factory("pipe"), workload, [&](std::uint64_t delivered) {
        const LiveFrame& frame = live.refresh(delivered);
        if (first_stop.empty() && frame.sides[0].state == LiveRun::State::stopped) {
            first_stop = drawn(frame);
            compact_first_stop = drawn_compact(frame);
        }
        const std::string compact = drawn_compact(frame);  // every frame whole at 60x20
        if (compact_cut.empty() && !cut_rows(compact).empty()) compact_cut = cut_rows(compact) + compact;
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
    INFO(compact_first_stop);
    CHECK(compact_first_stop.find("0 / 4 messages") != std::string::npos);
    CHECK(compact_first_stop.find("stopped before pipe()") != std::string::npos);
    CHECK(compact_first_stop.find("(at the gate)") != std::string::npos);
    CHECK(compact_first_stop.find("→ next  Tab other  p pace  k kill  c close  q quit  ? keys") != std::string::npos);
    CHECK(compact_cut.empty());
    const LiveFrame& end = live.finish(result);
    const std::string compact_end = drawn_compact(end);
    INFO(compact_end);
    CHECK(cut_rows(compact_end).empty());
    CHECK(compact_end.find("4 / 4 messages") != std::string::npos);
    CHECK(compact_end.find("The run ended: all 4 messages delivered.") != std::string::npos);
    const std::string last = drawn(end);
    INFO(last);
    CHECK(end.ended);
    CHECK(last.find("The run ended: all 4 messages delivered.") != std::string::npos);
    CHECK(last.find("finished") != std::string::npos);
    CHECK(last.find("in the kernel: 0 bytes written and not yet read") != std::string::npos);
}

TEST_CASE("live mode counts one call in the singular", "[view][live]") {
    CHECK(calls_so_far(0) == "0 calls so far");
    CHECK(calls_so_far(1) == "1 call so far");
    CHECK(calls_so_far(2) == "2 calls so far");
}

TEST_CASE("live mode at 60x20 shortens a long call whole rather than cutting it", "[view][live]") {
    LiveFrame frame;
    frame.mechanism = "Shared Memory";
    frame.sides[0].role = "Writer";
    frame.sides[0].duty = "writer";
    frame.sides[0].pid = 4242;
    frame.sides[0].state = LiveRun::State::in_call;
    frame.sides[0].call = "futex_wait(ring 0 · slot 0 · state, 5) and a very long tail of arguments";
    frame.log = {"Writer  compare_exchange(ring 0 · slot 0 · state, 1 → 5)"};
    Canvas canvas(60, 20);
    render_live_compact(canvas, frame);
    const std::string text = canvas.to_text();
    INFO(text);
    CHECK(text.find("Last Writer  compare_exchange()") != std::string::npos);
    CHECK(text.find("▶ inside futex_wait()") != std::string::npos);
    CHECK(cut_rows(text).empty());
}

TEST_CASE("live mode's help lists its keys whole at 60x20", "[view][live]") {
    Canvas canvas(60, 20);
    LiveFrame frame;
    frame.mechanism = "Pipe";
    render_live_compact(canvas, frame);
    render_live_help(canvas);
    const std::string text = canvas.to_text();
    INFO(text);
    CHECK(text.find("Keys · live") != std::string::npos);
    CHECK(text.find("kill the selected (SIGKILL)") != std::string::npos);
    CHECK(text.find("close its end before next message") != std::string::npos);
    CHECK(text.find("Ending the run kills and reaps both.") != std::string::npos);
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

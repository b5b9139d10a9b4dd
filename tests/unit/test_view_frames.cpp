// The viewer's frames, rendered to text without a terminal, at 80×24 and at 120×40.
#include <catch2/catch.hpp>

#include "../../lib/view/bench_screen.hpp"
#include "../../lib/view/screens.hpp"
#include "../../lib/view/texts.hpp"
#include "ipcviz/harness.hpp"
#include "view_fixture.hpp"
#include "ipcviz/report.hpp"

using namespace ipcviz;
using namespace ipcviz::view;
using ipcviz::view::testing::model_of;

namespace {


std::string frame(const ViewModel& model, std::size_t step, int width, int height) {
    Canvas canvas(width, height);
    UiState ui;
    ui.step = step;
    render_mechanism(canvas, model, ui);
    return canvas.to_text();
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("each mechanism's frame shows every panel at 80x24 and at 120x40", "[view]") {
    const struct {
        const char* name;
        const char* channel;  // the channel panel's own words
    } kScreens[] = {{"shm", "// shared memory"}, {"pipe", "kernel · pipe buffer"}, {"unix", "⇄ full duplex"},
                    {"tcp", "Socket API"}};
    for (const auto& screen : kScreens) {
        const ViewModel model = model_of(screen.name);
        const std::size_t step = model.steps() / 2;
        const StepState& state = model.at(step);
        for (const auto& [width, height] : {std::pair{80, 24}, std::pair{120, 40}}) {
            INFO(screen.name << " at " << width << "x" << height);
            const std::string text = frame(model, step, width, height);
            INFO(text);
            CHECK(has(text, std::string(model.mechanism().title)));
            for (const ProcessView& process : state.processes) {
                CHECK(has(text, process.role));
                CHECK(has(text, "pid " + std::to_string(process.pid)));
                CHECK(has(text, state_name(process.state)));
            }
            CHECK(has(text, screen.channel));
            CHECK(has(text, std::to_string(state.messages_done) + " / 10 messages"));
            CHECK(has(text, "Metrics · so far"));  // a step in the middle: the figures so far, per process
            CHECK(has(text, "Copies "));
            CHECK(has(text, "Syscalls "));
            CHECK(has(text, "Round trip"));
            CHECK(has(text, "Throughput"));
            CHECK(has(text, "Event log · " + std::to_string(step) + " / "));
            // The current event's line (shared words by the run's layout names, as the log shows them).
            CHECK(has(text, format_call(*state.event, &model.run().layout, true).substr(0, 12)));
            CHECK(has(text, " / " + std::to_string(model.steps() - 1) + " ─"));
            CHECK(has(text, explanation(model).substr(0, 30)));
            CHECK(has(text, "q quit"));
        }
    }
}

TEST_CASE("the Unix socket and TCP screens carry their comparisons", "[view]") {
    CHECK(has(frame(model_of("unix"), 0, 80, 24), "vs pipe"));
    CHECK(has(frame(model_of("tcp"), 0, 80, 24), "vs shm"));
}

TEST_CASE("the home screen shows five cards with their tags", "[view]") {
    Canvas canvas(80, 24);
    render_home(canvas, 1);
    const std::string text = canvas.to_text();
    for (const Card& card : cards()) {
        CHECK(has(text, std::string(card.title)));
        CHECK(has(text, std::string(card.tags)));
    }
}

TEST_CASE("a terminal that is too small says so, and the help lists the keys", "[view]") {
    Canvas small(60, 20);
    render_too_small(small);
    CHECK(has(small.to_text(), "ipcviz needs at least 80×24; this terminal is 60×20."));
    Canvas canvas(80, 24);
    render_help(canvas, false);
    CHECK(has(canvas.to_text(), "play / pause"));
    CHECK(has(canvas.to_text(), "previous event"));
    CHECK(has(canvas.to_text(), "next / previous mechanism"));
    CHECK(has(canvas.to_text(), "quit"));
    Canvas home(80, 24);
    render_help(home, true);  // the home screen's keys, not the stepping ones
    CHECK(has(home.to_text(), "choose a card"));
    CHECK_FALSE(has(home.to_text(), "play / pause"));
}

TEST_CASE("at 80 columns the process and TCP panels cut no text", "[view]") {
    for (const char* name : {"shm", "pipe", "unix", "tcp"}) {
        const ViewModel model = model_of(name);
        for (std::size_t step = 0; step < model.steps(); ++step) {
            const std::string text = frame(model, step, 80, 24);
            INFO(name << " step " << step << "\n" << text);
            for (const ProcessView& process : model.at(step).processes) {
                // What the process is in, whole (in strace's shorter form where the box is narrow).
                const std::string compact = brief_call(process.doing);
                // Data and waiting calls whole; a long setup call at least up to a visible cut.
                const bool whole = has(text, process.doing) || has(text, compact);
                const bool data = process.doing.rfind("read", 0) == 0 || process.doing.rfind("write", 0) == 0 ||
                                  process.doing.rfind("send", 0) == 0 || process.doing.rfind("recv", 0) == 0 ||
                                  process.doing.rfind("futex", 0) == 0;
                if (data) CHECK(whole);
                CHECK((whole || (has(text, compact.substr(0, 12)) && has(text, "…"))));
                CHECK(has(text, std::to_string(process.so_far.syscalls) + " syscall"));
            }
            if (std::string(name) == "tcp") {
                CHECK(has(text, "Socket API · send/recv"));
                CHECK(has(text, "TCP · seq · checksum"));
                CHECK(has(text, "IP · loopback, lo"));
            }
        }
        // The last step's whole-run figure, whole.
        if (std::string(name) == "tcp") {
            CHECK(has(frame(model, model.steps() - 1, 80, 24),
                      "whole run: " + std::to_string(model.run().sides[0].tcp.segments_out) + " segs out"));
        }
    }
}

TEST_CASE("the benchmark's screen refuses a terminal below 80x24 as the others do", "[view]") {
    BenchView view;
    Canvas small(79, 24);
    render_bench(small, view);
    CHECK(has(small.to_text(), "ipcviz needs at least 80×24; this terminal is 79×24."));
    Canvas fits(80, 24);
    render_bench(fits, view);
    CHECK(has(fits.to_text(), "Benchmark"));
    CHECK(has(fits.to_text(), "q or Esc: stop the benchmark"));
}

// Two mechanisms side by side (issue 12, point 5): the `-m a,b` list, the two runs paired by message
// number, each pane's figures at message k (the run's own, never ahead of the step shown), a run that
// stopped short, and the screen at 80×24 and 60×20 with no cut text, rendered without a terminal.
#include <catch2/catch.hpp>

#include <cstdio>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "../../lib/view/comparison.hpp"
#include "../../lib/view/comparison_keys.hpp"
#include "../../lib/view/comparison_screen.hpp"
#include "../../lib/view/keys.hpp"
#include "../../lib/view/message_navigation.hpp"
#include "../../lib/view/screens.hpp"
#include "ipcviz/harness.hpp"
#include "test_pipe.hpp"
#include "frame_rules.hpp"
#include "view_fixture.hpp"

using namespace ipcviz;
using namespace ipcviz::view;
using ipcviz::view::testing::model_of;
using ipcviz::view::testing::cut_text;
using ipcviz::view::testing::lines_of;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }



std::string frame(const ComparedRun& left, const ComparedRun& right, const CompareUi& ui, int width, int height) {
    Canvas canvas(width, height);
    render_comparison(canvas, left, right, ui);
    return canvas.to_text();
}

// A pipe whose reader fails at its 4th message: a run that delivers 3 and stops.
class StopsAtFour : public ipcviz::testing::TestPipe {
public:
    std::size_t receive(std::span<std::byte> message) override {
        if (++received_ == 4) throw std::runtime_error("the test's reader gives up at message 4");
        return TestPipe::receive(message);
    }

private:
    int received_ = 0;
};

ViewModel stopping_run(std::size_t messages) {
    Workload workload;
    workload.messages = messages;
    workload.deadline = std::chrono::milliseconds(5000);
    RunResult result = run(*find_mechanism("pipe"), [] { return std::unique_ptr<Channel>(new StopsAtFour()); }, workload);
    REQUIRE_FALSE(result.ok);
    REQUIRE(result.messages_delivered == 3);
    return ViewModel(*find_mechanism("pipe"), std::move(result), Calibration{});
}

std::string format_figure(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", value);
    return text;
}

std::uint64_t window_syscalls(const RunResult& run) { return run.sides[0].counters.syscalls() + run.sides[1].counters.syscalls(); }

}  // namespace

TEST_CASE("view -m takes one mechanism or two different ones, comma-separated", "[view][compare]") {
    CHECK(parse_mechanism_list("pipe") == std::vector<std::string>{"pipe"});
    CHECK(parse_mechanism_list("pipe,shm") == std::vector<std::string>{"pipe", "shm"});
    CHECK(parse_mechanism_list("tcp,unix") == std::vector<std::string>{"tcp", "unix"});
    for (const char* bad : {"", ",", "pipe,", ",shm", "pipe,pipe", "pipe,foo", "pipe,shm,tcp", "pipe;shm", "pipe, shm", "PIPE,shm"}) {
        INFO(bad);
        CHECK_FALSE(parse_mechanism_list(bad));
    }
    CHECK(std::string(kMechanismListError) == "view: -m takes one mechanism or two, comma-separated, e.g. pipe,shm");
}

TEST_CASE("the compare key opens a mechanism beside shared memory, and shared memory beside the pipe", "[view][compare]") {
    CHECK(compare_pair_for("pipe") == std::vector<std::string>{"pipe", "shm"});
    CHECK(compare_pair_for("tcp") == std::vector<std::string>{"tcp", "shm"});
    CHECK(compare_pair_for("shm") == std::vector<std::string>{"shm", "pipe"});
    CHECK(home_action('C') == Action::open_compare);
    // The home screen's help says both pairs, whole, at the smallest full size.
    Canvas help(80, 24);
    render_help(help, true);
    CHECK(has(help.to_text(), "side by side: card and shm (shm: and pipe)"));
    CHECK(mechanism_action('C') == Action::open_compare);
    // On the side-by-side screen every stepping key goes by message.
    for (const int key : {key::right, int('n'), int(' '), int('l')}) CHECK(compare_action(key) == Action::next_message);
    for (const int key : {key::left, int('N'), int('h')}) CHECK(compare_action(key) == Action::previous_message);
    CHECK(compare_action(':') == Action::go_to_message);
    CHECK(compare_action(key::home) == Action::first);
    CHECK(compare_action(key::end) == Action::last);
    CHECK(compare_action('v') == Action::reveal_step);
    CHECK(compare_action('V') == Action::reveal_run);
    CHECK(compare_action('P') == Action::toggle_predict);
    CHECK(compare_action(key::escape) == Action::home);
    CHECK(compare_action('q') == Action::quit);
}

TEST_CASE("the comparison's keys move both runs by message, to the same message number", "[view][compare]") {
    CompareUi ui;
    const auto press = [&](std::initializer_list<int> keys) {
        CompareOutcome outcome = CompareOutcome::stay;
        for (const int key : keys) outcome = compare_key(ui, 20, key);
        return outcome;
    };
    press({'n', 'n', key::right});
    CHECK(ui.message == 3);
    press({'N', key::left});
    CHECK(ui.message == 1);
    press({key::left, key::left});
    CHECK(ui.message == 0);  // not below the first
    press({key::end, 'n'});
    CHECK(ui.message == 20);  // nor past the last
    press({key::home});
    CHECK(ui.message == 0);
    press({':', '1', '7'});
    CHECK(ui.prompt == "Go to message (1–20), Enter: 17_");
    CHECK(press({'q'}) == CompareOutcome::stay);  // the prompt takes the key: it closes, nothing quits
    CHECK(ui.prompt.empty());
    CHECK(ui.message == 0);
    press({':', '1', '7', key::enter});
    CHECK(ui.message == 17);
    CHECK(ui.prompt.empty());
    press({':', '9', '9', key::enter});
    CHECK(ui.prompt == "Go to message (1–20), Enter: _ · no message 99");
    CHECK(ui.message == 17);
    press({key::escape});
    CHECK(ui.prompt.empty());
    press({'P'});
    CHECK(ui.reveal.step_hidden(17));
    press({'v'});
    CHECK_FALSE(ui.reveal.step_hidden(17));
    CHECK(ui.reveal.step_hidden(18));
    press({'V'});
    CHECK_FALSE(ui.reveal.step_hidden(20));
    CHECK(press({key::escape}) == CompareOutcome::home);
    CHECK(press({'?'}) == CompareOutcome::help);
    CHECK(press({'q'}) == CompareOutcome::quit);
}

TEST_CASE("go to message k on the comparison takes 1 to the workload's messages", "[view][compare]") {
    // The comparison's prompt is the single view's (message_navigation.hpp), over the workload.
    std::string error;
    CHECK(typed_message("7", 20, 20, error) == std::optional<std::size_t>(7));
    CHECK(typed_message("20", 20, 20, error) == std::optional<std::size_t>(20));
    CHECK_FALSE(typed_message("21", 20, 20, error));
    CHECK(error == "no message 21");
    CHECK_FALSE(typed_message("0", 20, 20, error));
    CHECK_FALSE(typed_message("", 20, 20, error));
    CHECK(error == "type a message number");
    CHECK_FALSE(typed_message("5", 3, 20, error));
    CHECK(error == "no message 5 (not delivered)");
    CHECK(go_to_prompt(20, "5", "") == "Go to message (1–20), Enter: 5_");
    std::string typed;
    CHECK(prompt_edit(typed, '1') == PromptKey::typing);
    CHECK(prompt_edit(typed, '2') == PromptKey::typing);
    CHECK(prompt_edit(typed, key::backspace) == PromptKey::typing);
    CHECK(typed == "1");
    CHECK(prompt_edit(typed, key::enter) == PromptKey::enter);
    CHECK(prompt_edit(typed, key::escape) == PromptKey::close);
    CHECK(typed == "1");
    CHECK(per_message_text(2.0) == "2");
    CHECK(per_message_text(0.0) == "0");
    CHECK(per_message_text(0.1) == "0.10");
    CHECK(per_message_text(7.0 / 3.0) == "2.33");
}

TEST_CASE("the two runs are paired by message number: each pane at the step where its message k completes", "[view][compare]") {
    for (const char* name : {"pipe", "shm", "unix", "tcp"}) {
        for (const Pattern pattern : {Pattern::one_way, Pattern::round_trip}) {
            INFO(name << (pattern == Pattern::one_way ? " one-way" : " round trip"));
            const ComparedRun run(model_of(name, 12, pattern));
            REQUIRE(run.ledger.messages() == 12);
            CHECK(run.ledger.at(0).step == 0);
            CHECK(run.ledger.at(0).syscalls == 0);
            for (std::size_t k = 1; k <= 12; ++k) {
                const MessageFigures& figures = run.ledger.at(k);
                CHECK(figures.reached);
                CHECK(figures.step == *message_step(run.model, k));
                CHECK(figures.delivered == k);
                // Never ahead of the step shown: what it counts is a part of what both processes
                // had started by then (the model's own tallies at that step).
                const StepState& state = run.model.at(figures.step);
                CHECK(figures.syscalls <= state.processes[0].so_far.syscalls + state.processes[1].so_far.syscalls);
                const MessageFigures& before = run.ledger.at(k - 1);
                CHECK(figures.syscalls >= before.syscalls);
                CHECK(figures.message_syscalls == figures.syscalls - before.syscalls);
                CHECK(figures.kernel_bytes >= before.kernel_bytes);
            }
            CHECK(run.ledger.at(99).message == 12);  // beyond the last: the last
        }
    }
}

TEST_CASE("each pane's figures are its run's own: at the last message, what the harness counted in its window", "[view][compare]") {
    // The harness's counters (sys:: wrappers, per process, inside the measured window) are another
    // source than the trace the ledger reads: they agree for the fd mechanisms.
    for (const char* name : {"pipe", "unix", "tcp"}) {
        INFO(name);
        const ComparedRun run(model_of(name, 15));
        const RunResult& result = run.model.run();
        const MessageFigures& end = run.ledger.at(15);
        CHECK(end.syscalls == window_syscalls(result));
        CHECK(end.kernel_bytes == result.sides[0].counters.bytes_to_kernel + result.sides[1].counters.bytes_to_kernel +
                                      result.sides[0].counters.bytes_from_kernel + result.sides[1].counters.bytes_from_kernel);
        CHECK(end.user_bytes == 0);
        CHECK(end.syscalls_per_message() == Approx(result.metrics.syscalls));
    }
    // Shared memory: every copy is in user space; a syscall (a futex wait or wake, when one side
    // waits) counts where its step is, so by the last message at most the window's.
    const ComparedRun shm(model_of("shm", 15));
    const RunResult& result = shm.model.run();
    CHECK(shm.ledger.at(15).kernel_bytes == 0);
    CHECK(shm.ledger.at(15).user_bytes == result.sides[0].counters.bytes_user_copied + result.sides[1].counters.bytes_user_copied);
    CHECK(shm.ledger.at(15).syscalls <= window_syscalls(result));
}

TEST_CASE("in a round trip every figure is per round trip: the ledger's, the harness's whole run, the text's", "[view][compare]") {
    const ComparedRun pipe(model_of("pipe", 8, Pattern::round_trip));
    const ComparedRun shm(model_of("shm", 8, Pattern::round_trip));
    const RunResult& result = pipe.model.run();
    REQUIRE(result.messages_moved == 16);  // the harness's figures divide by messages moved
    // The ledger counts what the harness counted in its window, divided by round trips: the two
    // "per round trip" figures agree.
    const MessageFigures& end = pipe.ledger.at(8);
    CHECK(end.syscalls == window_syscalls(result));
    CHECK(end.syscalls_per_message() == Approx(per_unit(result, result.metrics.syscalls)));
    CHECK(per_unit(result, result.metrics.syscalls) == Approx(2 * result.metrics.syscalls));
    CHECK(unit_of(result.workload) == "round trip");
    const std::string whole = format_figure(per_unit(result, result.metrics.syscalls));
    CompareUi ui;
    ui.message = 8;
    for (const auto& [width, height] : {std::pair{100, 30}, std::pair{80, 24}, std::pair{60, 20}}) {
        INFO(width << "×" << height);
        ui.layout = width >= 80 ? Layout::full : Layout::compact;
        const std::string text = frame(pipe, shm, ui, width, height);
        INFO(text);
        CHECK(has(text, "Round trip 8 / 8"));
        CHECK(has(text, "Syscalls " + std::to_string(end.syscalls) + " · " + per_message_text(end.syscalls_per_message()) +
                            " per round trip"));
        CHECK_FALSE(has(text, "per message"));
        CHECK_FALSE(has(text, "/msg"));
        // Per round trip, in the longest form the pane has room for.
        if (width >= 80) CHECK(std::regex_search(text, std::regex("Whole run: " + whole + " syscalls/(round )?trip")));
        CHECK(std::regex_search(comparison_headline(pipe, shm, ui, width - 4),
                                std::regex("^Round trip 8: [Pp]ipe [0-9]+ (syscalls \\([0-9.]+ per round trip\\)|\\([0-9.]+/trip\\))")));
        CHECK(cut_text(text, width).empty());
    }
    // Predict mode says what v reveals in the same unit.
    ui.reveal.predict = true;
    ui.layout = Layout::full;
    const std::string hidden = frame(pipe, shm, ui, 80, 24);
    INFO(hidden);
    CHECK(has(hidden, "v this round trip's figures"));
    CHECK_FALSE(has(hidden, "this message"));
    const std::string text = comparison_text(pipe, shm, "solutions");
    INFO(text);
    CHECK(has(text, "round trip  Pipe"));
    CHECK(has(text, "Pipe           " + whole + " syscalls"));
    CHECK(has(text, "per round trip (measured window); by round trip 1–8: " + std::to_string(end.syscalls) + " syscalls"));
    CHECK_FALSE(has(text, "per message"));
}

TEST_CASE("a run that stopped short says so from the message where it stopped; the other goes on", "[view][compare]") {
    const ComparedRun stopped(stopping_run(10));
    const ComparedRun shm(model_of("shm", 10));
    CHECK(stopped.ledger.at(3).reached);
    const MessageFigures& fourth = stopped.ledger.at(4);
    CHECK_FALSE(fourth.reached);
    CHECK(fourth.delivered == 3);
    CHECK(fourth.step == stopped.model.steps() - 1);
    // Exactly the figures at message 3: the writer's calls for messages 4.. (it went on writing
    // into the pipe) were never delivered, and per message divides by the 3 that were.
    for (std::size_t k = 4; k <= 10; ++k) {
        INFO("message " << k);
        const MessageFigures& figures = stopped.ledger.at(k);
        CHECK_FALSE(figures.reached);
        CHECK(figures.syscalls == stopped.ledger.at(3).syscalls);
        CHECK(figures.kernel_bytes == stopped.ledger.at(3).kernel_bytes);
        CHECK(figures.message_syscalls == 0);
        CHECK(figures.syscalls_per_message() == Approx(stopped.ledger.at(3).syscalls_per_message()));
    }
    CompareUi ui;
    ui.message = 6;
    for (const auto& [width, height] : {std::pair{80, 24}, std::pair{60, 20}}) {
        INFO(width << "×" << height);
        ui.layout = width >= 80 ? Layout::full : Layout::compact;
        const std::string text = frame(stopped, shm, ui, width, height);
        INFO(text);
        CHECK(has(text, "stopped after message 3"));
        CHECK(has(text, "Message 6 / 10"));
        CHECK(has(text, "Syscalls " + std::to_string(shm.ledger.at(6).syscalls)));  // the other pane, at message 6
        CHECK(cut_text(text, width).empty());
    }
}

namespace {

// A made-up pipe run of 5 messages (times in ns), writer on the parent's side, reader on the child's:
// message 1's writer wakes its reader (a futex_wake) only after the reader has the message, and the
// writer writes messages 3, 4 and 5 before the reader has message 2.
RunResult made_up_run() {
    RunResult run;
    run.mechanism = "pipe";
    run.ok = true;
    run.workload.messages = 5;
    run.workload.message_size = 64;
    run.messages_delivered = 5;
    run.messages_moved = 5;
    for (int side = 0; side < 2; ++side) {
        run.sides[side].role = side == 0 ? "Writer" : "Reader";
        run.sides[side].pid = 100 + side;
        run.sides[side].finished = true;
    }
    const auto event = [&](Side side, Call call, std::int64_t start, std::int64_t end, std::uint64_t detail = 0) {
        TraceEvent e{};
        e.sequence = run.trace.size();
        e.start_ns = start;
        e.end_ns = end;
        e.pid = side == Side::parent ? 100 : 101;
        e.side = side;
        e.call = call;
        e.fd = call == Call::futex_wake ? -1 : (side == Side::parent ? 4 : 3);
        e.asked = call == Call::futex_wake ? 1 : 64;
        e.result = call == Call::futex_wake ? 0 : 64;
        e.detail = detail;
        run.trace.push_back(e);
    };
    const auto send = [&](std::uint64_t index, std::int64_t at, std::int64_t end) {
        event(Side::parent, Call::write, at + 1, at + 2);
        event(Side::parent, Call::message_sent, at, end, index);
    };
    const auto receive = [&](std::uint64_t index, std::int64_t at, std::int64_t end) {
        event(Side::child, Call::read, at + 1, at + 2);
        event(Side::child, Call::message_received, at, end, index);
    };
    // In time order of their ends, as a ring would hold them.
    event(Side::parent, Call::write, 101, 102);
    receive(0, 150, 200);
    event(Side::parent, Call::futex_wake, 300, 305);  // message 1's, after its reader has it
    event(Side::parent, Call::message_sent, 100, 310, 0);
    send(1, 320, 330);
    send(2, 400, 410);  // messages 3, 4, 5: before the reader has message 2
    send(3, 500, 510);
    send(4, 600, 610);
    receive(1, 700, 1000);
    receive(2, 1100, 1110);
    receive(3, 1200, 1210);
    receive(4, 1300, 1310);
    return run;
}

}  // namespace

TEST_CASE("a call counts at the first message whose step shows it, and only for a message reached", "[view][compare]") {
    const ComparedRun run(ViewModel(*find_mechanism("pipe"), made_up_run(), Calibration{}));
    REQUIRE(run.ledger.messages() == 5);
    // Message 1: its write and its read; not its futex_wake, which starts after the reader has it.
    CHECK(run.ledger.at(1).syscalls == 2);
    CHECK(run.ledger.at(1).kernel_bytes == 128);
    CHECK(run.ledger.at(1).message_syscalls == 2);
    // Message 2: message 1's futex_wake, message 2's write and read; not the writes of messages 3,
    // 4 and 5, made before this step.
    CHECK(run.ledger.at(2).syscalls == 5);
    CHECK(run.ledger.at(2).kernel_bytes == 256);
    CHECK(run.ledger.at(2).message_syscalls == 3);
    // Message 3: its write (waiting since before message 2) and its read.
    CHECK(run.ledger.at(3).syscalls == 7);
    CHECK(run.ledger.at(3).message_syscalls == 2);
    CHECK(run.ledger.at(5).syscalls == 11);
    CHECK(run.ledger.at(5).kernel_bytes == 640);
    for (std::size_t k = 0; k <= 5; ++k) {
        CHECK(run.ledger.at(k).counted);
        CHECK(run.ledger.at(k).message_counted);
    }
}

TEST_CASE("when the trace ring dropped the oldest events, the messages it may have cut are not counted", "[view][compare]") {
    // The same made-up run without its first 4 events (message 1's write and read, its marker on
    // the reader's side, message 1's futex_wake), as a ring too small for it would keep it.
    RunResult run = made_up_run();
    run.trace.erase(run.trace.begin(), run.trace.begin() + 4);
    run.trace_dropped = 4;
    const ComparedRun dropped(ViewModel(*find_mechanism("pipe"), std::move(run), Calibration{}));
    // The reader's first event kept is message 2's read: its calls before it could be lost too.
    // Message 3 on: both sides kept an event from before it.
    CHECK(dropped.ledger.uncounted() == 2);
    CHECK_FALSE(dropped.ledger.at(1).counted);
    CHECK_FALSE(dropped.ledger.at(5).counted);
    CHECK_FALSE(dropped.ledger.at(3).message_counted);  // message 2's late calls would count here
    CHECK(dropped.ledger.at(4).message_counted);
    CHECK(dropped.ledger.at(4).message_syscalls == 2);
    const ComparedRun shm(model_of("shm", 5));
    CompareUi ui;
    ui.message = 4;
    for (const auto& [width, height] : {std::pair{80, 24}, std::pair{60, 20}}) {
        INFO(width << "×" << height);
        ui.layout = width >= 80 ? Layout::full : Layout::compact;
        const std::string text = frame(dropped, shm, ui, width, height);
        INFO(text);
        CHECK(has(text, "Syscalls —"));
        CHECK(std::regex_search(text, std::regex("ring dropped")));
        CHECK(cut_text(text, width).empty());
    }
    const std::string text = comparison_text(dropped, shm, "solutions");
    INFO(text);
    CHECK(has(text, "ring dropped"));
    CHECK_FALSE(std::regex_search(text, std::regex("\\n +1  [0-9]+ syscalls")));
}

TEST_CASE("the comparison renders at 80x24 in two columns and at 60x20 stacked, every message whole", "[view][compare]") {
    const ComparedRun pipe(model_of("pipe", 20));
    const ComparedRun shm(model_of("shm", 20));
    CompareUi ui;
    for (const auto& [width, height] : {std::pair{80, 24}, std::pair{60, 20}, std::pair{100, 30}, std::pair{120, 40},
                                        std::pair{70, 22}}) {
        for (std::size_t k = 0; k <= 20; ++k) {
            ui.message = k;
            const std::string text = frame(pipe, shm, ui, width, height);
            INFO(width << "×" << height << " message " << k << "\n" << text);
            REQUIRE(cut_text(text, width).empty());
            const std::vector<std::string> lines = lines_of(text);
            REQUIRE(static_cast<int>(lines.size()) <= height);
            const bool two_columns = std::regex_search(text, std::regex("╮ ╭"));
            CHECK(two_columns == (width >= 80 && height >= 24));
            CHECK(has(text, "╭─ Pipe ─"));
            CHECK(has(text, "╭─ Shared Memory ─"));
            // The counter once, and each run's figures at message k, from its ledger.
            CHECK(std::regex_search(text, std::regex("(Message|message) ")));
            CHECK(has(text, "Syscalls " + std::to_string(pipe.ledger.at(k).syscalls)));
            CHECK(has(text, "Syscalls " + std::to_string(shm.ledger.at(k).syscalls)));
            if (k > 0 && height >= 24 && width >= 80) {  // two columns have room for the list by message
                for (const ComparedRun* run : {&pipe, &shm}) {
                    const std::uint64_t own = run->ledger.at(k).syscalls - run->ledger.at(k - 1).syscalls;
                    CHECK(std::regex_search(text, std::regex("│ +" + std::to_string(k) + "  " + std::to_string(own) + " syscalls · ")));
                }
            }
            if (k > 0) {
                const std::string headline = comparison_headline(pipe, shm, ui, width - 4);
                CHECK(std::regex_search(headline, std::regex("^Message " + std::to_string(k) + ": [Pp]ipe " +
                                                                 std::to_string(pipe.ledger.at(k).syscalls) + " ")));
                CHECK(has(text, headline));
            }
        }
    }
    // The compact layout asked for keeps the panes stacked at any size.
    ui.layout = Layout::compact;
    CHECK_FALSE(std::regex_search(frame(pipe, shm, ui, 120, 40), std::regex("╮ ╭")));
}

TEST_CASE("predict mode on the comparison: the figures are \"?\" until v or V", "[view][compare]") {
    const ComparedRun pipe(model_of("pipe", 10));
    const ComparedRun shm(model_of("shm", 10));
    CompareUi ui;
    ui.layout = Layout::compact;
    ui.reveal.predict = true;
    ui.message = 3;
    std::string text = frame(pipe, shm, ui, 60, 20);
    INFO(text);
    CHECK(has(text, "Syscalls ? · ? per message"));
    CHECK_FALSE(std::regex_search(text, std::regex("Syscalls [0-9]")));
    CHECK_FALSE(std::regex_search(text, std::regex("Copied [0-9]")));
    CHECK(has(text, "Message 3: Pipe ? "));
    CHECK(has(text, "Predict"));
    ui.reveal.reveal_step(3);
    text = frame(pipe, shm, ui, 60, 20);
    CHECK(has(text, "Syscalls " + std::to_string(pipe.ledger.at(3).syscalls)));
    ui.message = 4;  // the next message is hidden again; the ones before stay revealed
    CHECK(has(frame(pipe, shm, ui, 60, 20), "Syscalls ?"));
    ui.message = 2;
    CHECK_FALSE(has(frame(pipe, shm, ui, 60, 20), "Syscalls ?"));
    ui.reveal.reveal_run();
    ui.message = 10;
    text = frame(pipe, shm, ui, 60, 20);
    CHECK_FALSE(has(text, "Syscalls ?"));
    CHECK_FALSE(has(text, "? B"));
    CHECK_FALSE(has(text, "Pipe ?"));
}

TEST_CASE("without a terminal the comparison is text: a line per message and each run's totals", "[view][compare]") {
    const ComparedRun pipe(model_of("pipe", 12));
    const ComparedRun shm(model_of("shm", 12));
    const std::string text = comparison_text(pipe, shm, "solutions");
    INFO(text);
    CHECK(has(text, "Pipe and Shared Memory side by side"));
    CHECK(has(text, "12 × 64 B one-way, solutions"));
    for (std::size_t k = 1; k <= 10; ++k) {
        CHECK(std::regex_search(text, std::regex("\\n +" + std::to_string(k) + "  " + std::to_string(pipe.ledger.at(k).syscalls) +
                                                  " syscalls")));
    }
    CHECK_FALSE(std::regex_search(text, std::regex("\\n +11  ")));
    CHECK(has(text, "(2 more)"));
    CHECK(has(text, "by message 1–12: " + std::to_string(pipe.ledger.at(12).syscalls) + " syscalls"));
    CHECK(std::regex_search(text, std::regex("Shared Memory +[0-9.]+ syscalls")));
}

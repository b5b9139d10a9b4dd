// Lecture mode's screens (issue 12, points 2 and 3), rendered to text without a terminal: the
// compact layout from 60×20 with no cut text, large digits where there is room, predict then reveal.
#include <catch2/catch.hpp>

#include <regex>
#include <sstream>

#include "../../lib/view/bench_screen.hpp"
#include "../../lib/view/big_digits.hpp"
#include "../../lib/view/compact_screen.hpp"
#include "../../lib/view/keys.hpp"
#include "../../lib/view/screens.hpp"
#include "../../lib/view/texts.hpp"
#include "ipcviz/report.hpp"
#include "frame_rules.hpp"
#include "view_fixture.hpp"

using namespace ipcviz;
using namespace ipcviz::view;
using ipcviz::view::testing::model_of;
using ipcviz::view::testing::cut_text;
using ipcviz::view::testing::lines_of;

namespace {


bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }


std::string compact_frame(const ViewModel& model, std::size_t step, int width, int height, bool predict = false) {
    Canvas canvas(width, height);
    UiState ui;
    ui.step = step;
    ui.layout = Layout::compact;
    ui.reveal.predict = predict;
    render_mechanism(canvas, model, ui);
    return canvas.to_text();
}

}  // namespace

TEST_CASE("auto picks the compact layout below 80x24 and the full one from 80x24", "[view][lecture]") {
    CHECK(layout_for(Layout::automatic, 60, 20) == Layout::compact);
    CHECK(layout_for(Layout::automatic, 79, 24) == Layout::compact);
    CHECK(layout_for(Layout::automatic, 80, 23) == Layout::compact);
    CHECK(layout_for(Layout::automatic, 80, 24) == Layout::full);
    CHECK(layout_for(Layout::compact, 200, 50) == Layout::compact);
    CHECK(layout_for(Layout::full, 80, 24) == Layout::full);
    CHECK(too_small_for(Layout::automatic, 59, 20));
    CHECK(too_small_for(Layout::automatic, 60, 19));
    CHECK_FALSE(too_small_for(Layout::automatic, 60, 20));
    CHECK(too_small_for(Layout::full, 79, 24));
    CHECK_FALSE(too_small_for(Layout::compact, 60, 20));
    CHECK(parse_layout("auto") == Layout::automatic);
    CHECK(parse_layout("compact") == Layout::compact);
    CHECK(parse_layout("full") == Layout::full);
    CHECK_FALSE(parse_layout("big").has_value());
    Canvas small(59, 19);
    render_too_small(small, Layout::automatic);
    CHECK(has(small.to_text(), "ipcviz needs at least 60×20; this terminal is 59×19."));
}

TEST_CASE("the compact layout shows the essentials at 60x20 with no cut text, at every step", "[view][lecture]") {
    for (const char* name : {"shm", "pipe", "unix", "tcp"}) {
        for (const Pattern pattern : {Pattern::one_way, Pattern::round_trip}) {
            const ViewModel model = model_of(name, 10, pattern);
            for (std::size_t step = 0; step < model.steps(); ++step) {
                const std::string text = compact_frame(model, step, 60, 20);
                INFO(name << (pattern == Pattern::one_way ? " one-way" : " round trip") << ", step " << step << "\n" << text);
                REQUIRE(cut_text(text, 60).empty());
                const StepState& state = model.at(step);
                CHECK(has(text, std::string(model.mechanism().title)));
                for (const ProcessView& process : state.processes) CHECK(has(text, process.role + " · pid " + std::to_string(process.pid)));
                CHECK(has(text, std::to_string(state.messages_done) + " / 10 " +
                                    (pattern == Pattern::one_way ? "messages" : "round trips")));
                // The current event, whole: its call with its closing parenthesis, or the marker.
                if (state.event != nullptr) {
                    const std::string role = model.run().side(state.event->side).role;
                    const std::regex event(state.kind == PointKind::marker
                                               ? "Now " + role + " ── message [0-9]+ (sent|received)"
                                               : "Now (" + role + " )?[a-z_]+\\(.*\\)( = .*| …)?$");
                    bool found = false;
                    for (const std::string& line : lines_of(text)) found |= std::regex_search(line, event);
                    CHECK(found);
                }
                // One line of explanation at least, whole.
                CHECK((has(text, one_line_explanation(model)) || has(text, explanation(model).substr(0, 40))));
                CHECK(has(text, "q quit"));
            }
        }
    }
}

TEST_CASE("the compact layout's home screen and keys fit 60x20 with no cut text", "[view][lecture]") {
    Canvas home(60, 20);
    render_home(home, 2);
    INFO(home.to_text());
    CHECK(cut_text(home.to_text(), 60).empty());
    for (const Card& card : cards()) CHECK(has(home.to_text(), std::string(card.title)));
    for (const bool on_home : {true, false}) {
        Canvas help(60, 20);
        render_help(help, on_home);
        INFO(help.to_text());
        CHECK(cut_text(help.to_text(), 60).empty());
        CHECK(has(help.to_text(), "quit"));
        if (!on_home) {
            CHECK(has(help.to_text(), "message on/back"));
            CHECK(has(help.to_text(), "reveal step/all"));
        }
    }
    Canvas full_help(80, 24);
    render_help(full_help, false);
    INFO(full_help.to_text());
    CHECK(has(full_help.to_text(), "go to message k"));
    CHECK(has(full_help.to_text(), "auto-pause at each message received"));
}

TEST_CASE("large digits: the counter and the round trip where there is room, none where there is not", "[view][lecture]") {
    CHECK(big_width("10/10") == 19);
    CHECK(big_width("0.13") == 13);
    CHECK(big_width("") == 0);
    Canvas digits(20, 5);
    CHECK(big_text(digits, 0, 0, "1/2", Style::bold) == big_width("1/2"));
    CHECK(lines_of(digits.to_text())[4] == "███ █   ███");
    const ViewModel model = model_of("pipe");
    UiState ui;
    ui.step = model.steps() - 1;
    Canvas none(40, 5);
    CHECK(draw_big_figures(none, 0, 0, 40, 5, model, ui) == 0);
    CHECK(none.to_text().find("█") == std::string::npos);
    Canvas side_by_side(60, 6);
    CHECK(draw_big_figures(side_by_side, 0, 0, 60, 6, model, ui) == 6);
    CHECK(has(side_by_side.to_text(), "messages"));
    CHECK(has(side_by_side.to_text(), "round trip, µs"));
    // The made-up calibration's median, 25 µs: "25.0" in large digits.
    Canvas expected(60, 6);
    big_text(expected, 60 - std::max(big_width("25.0"), columns("round trip, µs")), 1, "25.0", Style::bold);
    CHECK(lines_of(side_by_side.to_text())[3].substr(lines_of(side_by_side.to_text())[3].size() - 10) ==
          lines_of(expected.to_text())[3].substr(lines_of(expected.to_text())[3].size() - 10));
    // In a large terminal they appear in both layouts, not at the least sizes.
    CHECK(has(compact_frame(model, 5, 60, 30), "round trip, µs"));
    CHECK_FALSE(has(compact_frame(model, 5, 60, 20), "round trip, µs"));
    Canvas large(120, 40);
    render_mechanism(large, model, ui);
    CHECK(has(large.to_text(), "round trip, µs"));
    Canvas normal(80, 24);
    render_mechanism(normal, model, ui);
    CHECK_FALSE(has(normal.to_text(), "round trip, µs"));
}

TEST_CASE("predict mode hides each step's figures and the run's until revealed", "[view][lecture]") {
    Reveal reveal;
    CHECK_FALSE(reveal.step_hidden(3));
    reveal.predict = true;
    CHECK(reveal.step_hidden(0));
    CHECK(reveal.run_hidden());
    reveal.reveal_step(5);
    CHECK_FALSE(reveal.step_hidden(5));
    CHECK_FALSE(reveal.step_hidden(2));  // going back shows what was revealed
    CHECK(reveal.step_hidden(6));
    CHECK(reveal.run_hidden());
    reveal.reveal_run();
    CHECK_FALSE(reveal.step_hidden(100));
    CHECK_FALSE(reveal.run_hidden());
    reveal.hide_all();
    CHECK(reveal.step_hidden(0));
    CHECK(hide_measured("Copies out. Measured: 2.00 copies.") == "Copies out. Measured: ? (V reveals).");

    const ViewModel model = model_of("unix");
    const std::size_t step = model.steps() / 2;
    for (const auto& [width, height] : {std::pair{60, 20}, std::pair{80, 24}}) {
        Canvas canvas(width, height);
        UiState ui;
        ui.step = step;
        ui.reveal.predict = true;
        render_mechanism(canvas, model, ui);
        const std::string hidden = canvas.to_text();
        INFO(width << "x" << height << "\n" << hidden);
        if (width == 60) CHECK(cut_text(hidden, width).empty());
        CHECK_FALSE(has(hidden, "25.0 µs"));  // the round trip
        CHECK_FALSE(has(hidden, "Measured: 2"));
        CHECK(has(hidden, "Predict"));
        CHECK(has(hidden, width == 60 ? "Syscalls ?" : "Syscalls                 ?"));
        const Tally& tally = model.at(step).processes[0].so_far;
        CHECK_FALSE(has(hidden, std::to_string(tally.syscalls) + " · C "));  // "S 12 · C 5"
        ui.reveal.reveal_step(step);
        Canvas step_shown(width, height);
        render_mechanism(step_shown, model, ui);
        CHECK(has(step_shown.to_text(), "S " + std::to_string(tally.syscalls) + " · C "));
        CHECK_FALSE(has(step_shown.to_text(), "25.0 µs"));
        ui.reveal.reveal_run();
        Canvas all(width, height);
        render_mechanism(all, model, ui);
        CHECK(has(all.to_text(), "25.0 µs"));
        CHECK_FALSE(has(all.to_text(), "(V reveals)"));
        CHECK_FALSE(has(all.to_text(), "Predict"));
    }
}

TEST_CASE("the benchmark's table and summary stay hidden in predict mode until revealed", "[view][lecture]") {
    BenchView view;
    bench::BenchReport report;
    const char* names[] = {"shm", "pipe", "unix", "tcp"};
    const double p50[] = {0.25, 26.5, 25.5, 35.5};
    for (int i = 0; i < 4; ++i) {
        bench::MechanismResult result;
        result.name = names[i];
        result.round_trip_p50_us = {p50[i], p50[i], p50[i]};
        result.messages_per_s = {1e6, 1e6, 1e6};
        result.syscalls = i == 0 ? 0 : 2;
        result.kernel_copies = i == 0 ? 0 : 2;
        report.results.push_back(result);
    }
    view.report = report;
    view.hidden = true;
    Canvas hidden(80, 24);
    render_bench(hidden, view);
    INFO(hidden.to_text());
    CHECK_FALSE(has(hidden.to_text(), "26.5 µs"));
    CHECK_FALSE(has(hidden.to_text(), "2.00"));
    CHECK(has(hidden.to_text(), "v shows the table"));
    view.hidden = false;
    Canvas shown(80, 24);
    render_bench(shown, view);
    CHECK(has(shown.to_text(), "26.5 µs"));
    CHECK(has(shown.to_text(), "2.00"));
}

TEST_CASE("the lecture keys: n N : a v V P, each bound to one action", "[view][lecture]") {
    CHECK(mechanism_action('n') == Action::next_message);
    CHECK(mechanism_action('N') == Action::previous_message);
    CHECK(mechanism_action(':') == Action::go_to_message);
    CHECK(mechanism_action('a') == Action::toggle_auto_pause);
    CHECK(mechanism_action('v') == Action::reveal_step);
    CHECK(mechanism_action('V') == Action::reveal_run);
    CHECK(mechanism_action('P') == Action::toggle_predict);
    CHECK(mechanism_action('p') == Action::play_pause);  // P is not p
}

#include "app.hpp"

#include <algorithm>
#include <csignal>
#include <memory>
#include <optional>
#include <utility>

#include "bench_screen.hpp"
#include "comparison_keys.hpp"
#include "comparison_screen.hpp"
#include "keys.hpp"
#include "live_screen.hpp"
#include "message_navigation.hpp"
#include "screens.hpp"
#include "terminal.hpp"
#include "texts.hpp"
#include "text.hpp"
#include "ipcviz/harness.hpp"
#include "ipcviz/trace.hpp"

namespace ipcviz::view {

namespace {

// The mechanisms in the design's order: the order of the home screen's cards and of keys 1–4.
constexpr const char* kOrder[4] = {"shm", "pipe", "unix", "tcp"};

enum class Screen { home, mechanism, compare };

class Viewer {
public:
    Viewer(Session& session, Terminal& terminal, const ViewerOptions& options) : session_(session), terminal_(terminal) {
        ui_.impl = session.options().impl;
        ui_.layout = options.layout;
        ui_.reveal.predict = options.predict;
        ui_.auto_pause = options.auto_pause;
        compare_ui_.impl = ui_.impl;
        compare_ui_.layout = options.layout;
        compare_ui_.reveal.predict = options.predict;
    }

    int loop(const std::string& start, bool live, const std::string& compare_with = {}) {
        if (!start.empty() && !compare_with.empty()) {
            open_compare(start, compare_with);
        } else if (!start.empty()) {
            if (live) {
                open_live(start);
            } else {
                open(start);
            }
        }
        while (!quit_ && !Terminal::stop_requested()) {
            draw();
            const int timeout = playing() ? static_cast<int>(1000 / steps_per_second(ui_.speed)) : 250;
            const int key =
                deferred_key_ != key::none ? std::exchange(deferred_key_, key::none) : terminal_.read_key(timeout);
            if (key == key::none) {
                if (playing()) step_to(ui_.step + 1);
                continue;
            }
            if (key == key::resize) continue;  // the next frame is laid out for the new size
            if (too_small()) {  // refused: only q acts, as the screen says
                if (key == 'q' || key == 'Q') quit_ = true;
                continue;
            }
            handle(key);
        }
        return 0;
    }

private:
    bool playing() const { return screen_ == Screen::mechanism && ui_.playing && !too_small(); }
    bool too_small() const { return too_small_for(ui_.layout, terminal_.width(), terminal_.height()); }

    void draw() {
        Canvas canvas(terminal_.width(), terminal_.height());
        if (too_small_for(ui_.layout, canvas.width(), canvas.height())) {
            render_too_small(canvas, ui_.layout);
        } else if (screen_ == Screen::home) {
            render_home(canvas, selected_);
        } else if (screen_ == Screen::mechanism && model_) {
            render_mechanism(canvas, *model_, ui_);
        } else if (screen_ == Screen::compare && compared_[0] && compared_[1]) {
            render_comparison(canvas, *compared_[0], *compared_[1], compare_ui_);
        } else {
            render_home(canvas, selected_);
        }
        if (help_ && screen_ == Screen::compare) {
            render_comparison_help(canvas);
        } else if (help_) {
            render_help(canvas, screen_ == Screen::home || !model_);
        }
        terminal_.draw(canvas);
    }

    // Moves through the run for a stepping action (one step, ten, to either end); false for any
    // other action. Shared by the keys while a calibration runs and the keys once it is done.
    bool step(Action action) {
        switch (action) {
            case Action::next: step_to(ui_.step + 1); return true;
            case Action::previous: step_to(ui_.step == 0 ? 0 : ui_.step - 1); return true;
            case Action::first: step_to(0); return true;
            case Action::last: step_to(model_->steps() - 1); return true;
            case Action::page_on: step_to(ui_.step + 10); return true;
            case Action::page_back: step_to(ui_.step < 10 ? 0 : ui_.step - 10); return true;
            case Action::next_message: step_to(next_message_step(*model_, ui_.step)); return true;
            case Action::previous_message: step_to(previous_message_step(*model_, ui_.step)); return true;
            default: return false;
        }
    }

    // Leaves a run in progress: the harness ends it and cleans up before this reaches open().
    struct LoadCancelled {
        bool quit;  // q (or a stop signal): quit; otherwise the home screen, or deferred_key_'s action
    };

    // Keys while a run goes on: q and Esc leave. During the calibration the run already on screen
    // can be stepped through, and a key that opens something else (another mechanism, r, the
    // benchmark, home, help) ends the calibration and acts once it has unwound; during the traced
    // run other keys are dropped (they must not act on what comes next).
    void poll_keys(bool calibrating) {
        if (Terminal::stop_requested()) throw LoadCancelled{true};
        for (int key = terminal_.read_key(0); key != key::none; key = terminal_.read_key(0)) {
            if (key == 'q' || key == 'Q') throw LoadCancelled{true};
            if (key == key::resize || too_small()) continue;  // refused: only q acts, as the screen says
            if (key == key::escape) throw LoadCancelled{false};
            if (!calibrating || !model_) continue;
            const Action action = mechanism_action(key);
            if (step(action)) continue;
            switch (action) {
                case Action::none: case Action::play_pause: case Action::faster: case Action::slower: break;
                case Action::toggle_ring: ui_.show_ring = !ui_.show_ring; break;
                case Action::toggle_descriptors: ui_.show_descriptors = !ui_.show_descriptors; break;
                case Action::go_to_message: break;  // the prompt waits for the figures
                case Action::toggle_auto_pause: case Action::reveal_step: case Action::reveal_run:
                case Action::toggle_predict: lecture(action); break;
                default:
                    deferred_key_ = key;
                    throw LoadCancelled{false};
            }
        }
    }

    void open(const std::string& name) {
        const Mechanism* mechanism = find_mechanism(name);
        if (mechanism == nullptr) return;
        ui_.playing = false;
        const std::string title(mechanism->title);
        const std::int64_t started = monotonic_ns();
        const double deadline_s = static_cast<double>(session_.trace_deadline(mechanism->name).count()) / 1000.0 * timeout_scale();
        // Say what is happening while the traced run goes on, and let q and Esc end it.
        const auto running = [&](std::uint64_t delivered) {
            poll_keys(false);
            Canvas canvas(terminal_.width(), terminal_.height());
            render_notice(canvas, title,
                          text::format("Running %s with the %s implementation: a real two-process run, traced. "
                                       "%llu / %zu messages delivered after %.1f s (given up after %.1f s). "
                                       "Esc home, q quit.",
                                       title.c_str(), session_.options().impl.c_str(),
                                       static_cast<unsigned long long>(delivered), session_.options().messages,
                                       static_cast<double>(monotonic_ns() - started) / 1e9, deadline_s));
            terminal_.draw(canvas);
        };
        try {
            running(0);
            model_ = std::make_unique<ViewModel>(session_.trace(*mechanism, running));
            terminal_.discard_pending_keys();  // keys typed during the run must not step through it
            current_ = name;
            screen_ = Screen::mechanism;
            ui_.step = 0;
            ui_.reveal.hide_all();  // a new run: nothing of it revealed yet
            ui_.prompt.clear();
            prompting_ = false;
            for (int i = 0; i < 4; ++i) {
                if (name == kOrder[i]) selected_ = i;
            }
            if (model_->run().ok) {
                // The run is on screen at once; its latency and throughput fill in when measured.
                draw();
                session_.calibrate(*model_, [&](std::uint64_t) {
                    poll_keys(true);
                    draw();
                });
            }
        } catch (const LoadCancelled& cancelled) {
            if (cancelled.quit) quit_ = true;
            if (deferred_key_ == key::none) {
                screen_ = Screen::home;
                model_.reset();
            } else if (!model_->calibration().measured) {  // the run stays on screen and the key acts next
                Calibration stopped;
                stopped.measured = true;
                stopped.failure = "stopped before it finished";
                model_->set_calibration(stopped, std::nullopt);
            }
            terminal_.discard_pending_keys();
        }
        // Keys typed once the run was on screen (during the calibration) are for it: they stay.
    }

    // Live mode (live_screen.cpp): a real run stepped call by call; it ends on the home screen.
    void open_live(const std::string& name) {
        const Mechanism* mechanism = find_mechanism(name);
        if (mechanism == nullptr) return;
        ui_.playing = false;
        quit_ = run_live(terminal_, session_, *mechanism, ui_.layout);
        screen_ = Screen::home;
        model_.reset();
        terminal_.discard_pending_keys();
    }

    // Side by side (issue 12): a traced run of each, one after the other, the same workload (the
    // session's); no calibration: the screen shows counts, not timings. q and Esc end the runs.
    void open_compare(const std::string& first, const std::string& second) {
        const Mechanism* mechanisms[2] = {find_mechanism(first), find_mechanism(second)};
        if (mechanisms[0] == nullptr || mechanisms[1] == nullptr) return;
        ui_.playing = false;
        try {
            std::unique_ptr<ComparedRun> runs[2];
            for (int i = 0; i < 2; ++i) {
                const std::string title(mechanisms[i]->title);
                const std::int64_t started = monotonic_ns();
                const auto running = [&](std::uint64_t delivered) {
                    poll_keys(false);
                    Canvas canvas(terminal_.width(), terminal_.height());
                    render_notice(canvas, "Side by side",
                                  text::format("Running %s (%d of 2) with the %s implementation: a real two-process "
                                               "run, traced. %llu / %zu messages delivered after %.1f s. Esc home, q quit.",
                                               title.c_str(), i + 1, session_.options().impl.c_str(),
                                               static_cast<unsigned long long>(delivered), session_.options().messages,
                                               static_cast<double>(monotonic_ns() - started) / 1e9));
                    terminal_.draw(canvas);
                };
                running(0);
                runs[i] = std::make_unique<ComparedRun>(session_.trace(*mechanisms[i], running));
            }
            compared_[0] = std::move(runs[0]);
            compared_[1] = std::move(runs[1]);
            screen_ = Screen::compare;
            compare_ui_.message = 0;
            compare_ui_.reveal.predict = ui_.reveal.predict;  // P on a run's screen carries over
            compare_ui_.reveal.hide_all();  // new runs: nothing of them revealed yet
            compare_ui_.prompt.clear();
        } catch (const LoadCancelled& cancelled) {
            if (cancelled.quit) quit_ = true;
            screen_ = Screen::home;
        }
        terminal_.discard_pending_keys();  // keys typed during the runs must not step through them
    }

    // The benchmark's screen, with the defaults of `ipcviz bench`; any key comes back here.
    void open_bench() {
        ui_.playing = false;
        try {
            run_bench_on_screen(terminal_, bench::BenchOptions{}, session_.implementation(), ui_.reveal.predict);
        } catch (const BenchStopped&) {
            return;  // the loop sees the stop signal and quits
        } catch (const BenchCancelled&) {
            terminal_.discard_pending_keys();
            return;  // back where b was pressed
        } catch (const std::exception& error) {
            Canvas canvas(terminal_.width(), terminal_.height());
            render_notice(canvas, "Benchmark", std::string("The benchmark failed: ") + error.what());
            terminal_.draw(canvas);
            terminal_.read_key(-1);
        }
    }

    void step_to(std::size_t step) {
        const std::size_t last = model_ ? model_->steps() - 1 : 0;
        ui_.step = std::min(step, last);
        if (ui_.step == last) ui_.playing = false;
        // Auto-pause: playback stops on each message received (the counter going up).
        if (ui_.playing && ui_.auto_pause && model_ && completes_a_message(*model_, ui_.step)) ui_.playing = false;
    }

    // The lecture's keys that change what is shown, not where (issue 12).
    void lecture(Action action) {
        switch (action) {
            case Action::toggle_auto_pause: ui_.auto_pause = !ui_.auto_pause; break;
            case Action::reveal_step: ui_.reveal.reveal_step(ui_.step); break;
            case Action::reveal_run: ui_.reveal.reveal_run(); break;
            case Action::toggle_predict:
                ui_.reveal.predict = !ui_.reveal.predict;
                ui_.reveal.hide_all();
                break;
            default: break;
        }
    }

    // The "go to message" prompt, while it is open: digits, Backspace, Enter goes there, Esc (or
    // any other key) closes it. Returns false when no prompt is open.
    bool prompt_key(int key) {
        if (!prompting_) return false;
        std::string error;
        switch (prompt_edit(typed_, key)) {
            case PromptKey::close:
                prompting_ = false;
                ui_.prompt.clear();
                return true;
            case PromptKey::enter:
                if (const auto step = go_to_message(*model_, typed_, error)) {
                    ui_.playing = false;
                    step_to(*step);
                    prompting_ = false;
                    ui_.prompt.clear();
                    return true;
                }
                typed_.clear();
                break;
            case PromptKey::typing: break;
        }
        ui_.prompt = prompt_line(*model_, typed_, error);
        return true;
    }

    void handle(int key) {
        if (help_) {  // any key closes the help
            help_ = false;
            return;
        }
        if (screen_ == Screen::compare && compared_[0]) {  // both runs go by message (comparison_keys.cpp)
            switch (compare_key(compare_ui_, compared_[0]->ledger.messages(), key)) {
                case CompareOutcome::stay: break;
                case CompareOutcome::home: screen_ = Screen::home; break;
                case CompareOutcome::help: help_ = true; break;
                case CompareOutcome::quit: quit_ = true; break;
            }
            if (ui_.reveal.predict != compare_ui_.reveal.predict) {  // P here holds on a run's screen too
                ui_.reveal.predict = compare_ui_.reveal.predict;
                ui_.reveal.hide_all();
            }
            return;
        }
        if (screen_ == Screen::mechanism && prompt_key(key)) return;
        const Action action = screen_ == Screen::home ? home_action(key) : mechanism_action(key);
        switch (action) {
            case Action::none: break;
            case Action::quit: quit_ = true; break;
            case Action::help: help_ = true; break;
            case Action::home: screen_ = Screen::home; ui_.playing = false; break;
            case Action::show_shm: open("shm"); break;
            case Action::show_pipe: open("pipe"); break;
            case Action::show_unix: open("unix"); break;
            case Action::show_tcp: open("tcp"); break;
            case Action::open_bench: open_bench(); break;
            case Action::next_mechanism:
            case Action::previous_mechanism: {
                int index = 0;
                for (int i = 0; i < 4; ++i) {
                    if (current_ == kOrder[i]) index = i;
                }
                open(kOrder[(index + (action == Action::next_mechanism ? 1 : 3)) % 4]);
                break;
            }
            case Action::rerun: open(current_); break;
            case Action::next: case Action::previous: case Action::first: case Action::last:
            case Action::page_on: case Action::page_back: step(action); break;
            case Action::play_pause:
                if (ui_.step + 1 >= model_->steps()) ui_.step = 0;  // at the end, play starts over
                ui_.playing = !ui_.playing;
                break;
            case Action::faster: ui_.speed = std::min(ui_.speed + 1, 6); break;
            case Action::slower: ui_.speed = std::max(ui_.speed - 1, 1); break;
            case Action::toggle_ring: ui_.show_ring = !ui_.show_ring; break;
            case Action::toggle_descriptors: ui_.show_descriptors = !ui_.show_descriptors; break;
            case Action::next_message: case Action::previous_message: step(action); break;
            case Action::go_to_message:
                prompting_ = true;
                typed_.clear();
                ui_.prompt = prompt_line(*model_, typed_, "");
                break;
            case Action::toggle_auto_pause: case Action::reveal_step: case Action::reveal_run:
            case Action::toggle_predict: lecture(action); break;
            case Action::select_left: selected_ = selected_ % 2 == 1 ? selected_ - 1 : selected_; break;
            case Action::select_right: selected_ = selected_ % 2 == 0 && selected_ + 1 < 5 ? selected_ + 1 : selected_; break;
            case Action::select_up: selected_ = selected_ >= 2 ? selected_ - 2 : selected_; break;
            case Action::select_down: selected_ = selected_ + 2 < 5 ? selected_ + 2 : selected_; break;
            case Action::open_live: open_live(screen_ == Screen::home ? kOrder[selected_ % 4] : current_); break;
            case Action::open_compare: {
                // From home, the chosen card's mechanism (the benchmark's card: the pipe); else this one's.
                const auto pair = compare_pair_for(screen_ == Screen::home ? (selected_ == 4 ? "pipe" : kOrder[selected_]) : current_);
                open_compare(pair[0], pair[1]);
                break;
            }
            case Action::open_selected:
                if (selected_ == 4) {
                    open_bench();
                } else {
                    open(kOrder[selected_]);
                }
                break;
        }
    }

    Session& session_;
    Terminal& terminal_;
    Screen screen_ = Screen::home;
    int selected_ = 0;
    std::string current_ = "shm";
    std::unique_ptr<ViewModel> model_;
    UiState ui_;
    std::unique_ptr<ComparedRun> compared_[2];  // side by side: the two runs (left, right)
    CompareUi compare_ui_;
    bool help_ = false;
    bool quit_ = false;
    int deferred_key_ = key::none;  // a key that ended a calibration, to act on next
    bool prompting_ = false;        // the "go to message" prompt is open
    std::string typed_;             // what was typed into it
};

}  // namespace

int run_viewer(Session& session, const std::string& start, const ViewerOptions& options) {
    int status = 0;
    {
        Terminal terminal;
        Viewer viewer(session, terminal, options);
        status = viewer.loop(start, options.live, options.compare_with);
    }  // the terminal is restored here
    if (const int signal = Terminal::stop_signal(); signal != 0) {
        // End as the signal would have ended us, so the shell sees 128 + signal.
        std::signal(signal, SIG_DFL);
        std::raise(signal);
    }
    return status;
}

}  // namespace ipcviz::view

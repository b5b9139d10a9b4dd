#include "live_screen.hpp"

#include <algorithm>
#include <chrono>

#include "ipcviz/harness.hpp"
#include "keys.hpp"
#include "screens.hpp"
#include "text.hpp"

namespace ipcviz::view {

namespace {

using text::format;

// A live run waits on the lecturer: its deadline is the length of a lecture, not of a run.
constexpr std::chrono::milliseconds kLiveDeadline{2 * 60 * 60 * 1000};

void render_side(Canvas& canvas, int x, int y, int width, int height, const LiveSideView& side, bool selected,
                 bool ended) {
    const std::string title = side.role + " · " + side.duty + (side.pid != 0 ? " · pid " + std::to_string(side.pid) : "");
    canvas.box(x, y, width, height, title, selected ? Style::accent : Style::dim, Style::title);
    const int inner = width - 4;
    const Style state_style = side.state == LiveRun::State::in_call ? Style::kernel
                              : side.state == LiveRun::State::stopped ? Style::highlight
                                                                      : Style::user;
    canvas.wrapped(x + 2, y + 1, inner, 2, live_state_text(side, ended), state_style);
    if (!ended) canvas.wrapped(x + 2, y + 3, inner, 2, live_kernel_text(side.kernel, side.state), Style::normal);
    if (ended && !side.error.empty()) canvas.wrapped(x + 2, y + 3, inner, 2, side.error, Style::warning);
    if (side.close_asked && side.state != LiveRun::State::closed && !ended) {
        canvas.text(x + 2, y + 5, "close asked: before its next message", Style::warning, inner);
    } else {
        canvas.text(x + 2, y + 5, calls_so_far(side.calls), Style::dim, inner);
    }
}

}  // namespace

std::string live_state_text(const LiveSideView& side, bool ended) {
    if (ended && !side.end.empty()) return side.end;
    if (side.killed && (ended || side.kernel.state.empty() || side.kernel.state == "Z")) return "killed (SIGKILL)";
    switch (side.state) {
        case LiveRun::State::stopped: return "⏸ stopped before " + side.call;
        case LiveRun::State::in_call: return "▶ inside " + side.call;
        case LiveRun::State::user: return "▶ in its own code (between calls)";
        case LiveRun::State::closed:
            // The parent side stays only because its death would kill its child (the harness's rule).
            return side.parent ? "✕ closed its end · waits for its child to end"
                               : "✕ closed its end and ended";
        case LiveRun::State::none: break;
    }
    if (ended) return side.call.empty() ? "ended" : "ended inside " + side.call;
    return side.pid == 0 ? "not started yet" : "ended";
}

std::string live_kernel_text(const KernelView& kernel, LiveRun::State state) {
    if (kernel.state.empty()) return "kernel: no such process";
    std::string text = "kernel: " + kernel.state;
    if (kernel.state == "S") text += " asleep";
    if (kernel.state == "R") text += " running";
    if (kernel.state == "Z") text += " ended, not yet reaped";
    if (!kernel.wchan.empty()) text += " in " + kernel.wchan;
    // At the gate the process sleeps in the harness's futex, not in its channel's call (a zombie
    // is at no gate: it was killed there).
    if (state == LiveRun::State::stopped && kernel.state != "Z") return text + " (at the gate)";
    if (!kernel.syscall.empty() && kernel.syscall != "running") text += " · syscall " + kernel.syscall;
    return text;
}

std::string calls_so_far(std::uint64_t calls) {
    return format("%llu call%s so far", static_cast<unsigned long long>(calls), calls == 1 ? "" : "s");
}

void render_live(Canvas& canvas, const LiveFrame& frame) {
    const int width = canvas.width(), height = canvas.height();
    const std::string pace = frame.pacing ? format("pace %g/s", frame.pace_per_s) : "paused";
    canvas.text(1, 0, format("Live · %s · %s · %zu / %zu messages · step %zu · %s", frame.mechanism.c_str(),
                             frame.impl.c_str(), frame.delivered, frame.messages, frame.steps,
                             frame.ended ? "ended" : pace.c_str()),
                Style::title, width - 2);
    const int half = width / 2;
    for (int i = 0; i < 2; ++i) {
        render_side(canvas, i * half, 1, i == 0 ? half : width - half, 7, frame.sides[i],
                    static_cast<int>(frame.selected) == i, frame.ended);
    }
    // The channel: what the kernel holds, or the shared words as last seen.
    canvas.box(0, 8, width, 3, "Channel", Style::dim, Style::title);
    std::string holds;
    if (frame.channel.shared_memory) {
        holds = "no kernel buffer: ";
        if (frame.channel.words.empty()) holds += "no shared word touched yet";
        for (auto word = frame.channel.words.rbegin(); word != frame.channel.words.rend(); ++word) {
            holds += (word == frame.channel.words.rbegin() ? "" : " · ") + *word;
        }
    } else {
        holds = format("in the kernel: %lld bytes written and not yet read", static_cast<long long>(frame.channel.bytes_in_kernel));
    }
    canvas.text(2, 9, holds, Style::normal, width - 4);
    // The latest events, newest at the bottom.
    const int log_top = 11, log_height = height - log_top - 3;
    canvas.box(0, log_top, width, log_height, "Calls so far (newest last)", Style::dim, Style::title);
    const int rows = log_height - 2;
    const std::size_t first = frame.log.size() > static_cast<std::size_t>(rows) ? frame.log.size() - rows : 0;
    for (std::size_t i = first; i < frame.log.size(); ++i) {
        canvas.text(2, log_top + 1 + static_cast<int>(i - first), frame.log[i], Style::normal, width - 4);
    }
    canvas.wrapped(1, height - 3, width - 2, 2, frame.notice, frame.ended && !frame.ok ? Style::warning : Style::bold);
    canvas.text(1, height - 1,
                frame.ended ? "The run is over · q quit · Esc home · ? keys"
                            : "→ next · Tab select · s step it · p pace · k kill · c close · q quit · ? keys",
                Style::dim, width - 2);
}

void render_live_help(Canvas& canvas) {
    using Line = std::pair<const char*, const char*>;
    static const Line kLines[] = {
        {"→ l space", "let the next call go (the side that stopped first)"},
        {"s", "let only the selected process's next call go"},
        {"p", "run at a pace / pause"}, {"+  -", "faster / slower pace"},
        {"Tab", "select the other process (its box is lit)"},
        {"k", "kill the selected process (SIGKILL)"},
        {"c", "close the selected side's end before its next message"},
        {"Esc", "end the run, home screen"}, {"q  Ctrl-C", "end the run and quit"}, {"?", "this help"},
    };
    // The same keys in at most 39 columns: the box of the compact layout's 60 columns.
    static const Line kShort[] = {
        {"→ l space", "next call (first stopped side)"},
        {"s", "next call of the selected side"},
        {"p", "run at a pace / pause"}, {"+  -", "faster / slower pace"},
        {"Tab", "select the other process"},
        {"k", "kill the selected (SIGKILL)"},
        {"c", "close its end before next message"},
        {"Esc", "end the run, home screen"}, {"q  Ctrl-C", "end the run and quit"}, {"?", "this help"},
    };
    const bool narrow = canvas.width() < 76;
    const Line* lines = narrow ? kShort : kLines;
    const int rows = static_cast<int>(std::size(kLines));
    const int width = std::min(canvas.width() - 4, 72);
    const int height = rows + 4;
    const int x = (canvas.width() - width) / 2;
    const int y = std::max(0, (canvas.height() - height) / 2);
    canvas.fill(x, y, width, height, Style::normal);
    canvas.box(x, y, width, height, "Keys · live", Style::accent, Style::title);
    for (int i = 0; i < rows; ++i) {
        canvas.text(x + 2, y + 1 + i, lines[i].first, Style::bold, 12);
        canvas.text(x + 15, y + 1 + i, lines[i].second, Style::normal, width - 17);
    }
    canvas.text(x + 2, y + height - 2, narrow ? "Ending the run kills and reaps both." : "Ending the run kills and reaps both processes.",
                Style::dim, width - 4);
}

bool run_live(Terminal& terminal, const Session& session, const Mechanism& mechanism, Layout layout) {
    LiveSession live(mechanism, session.options().impl, session.options().messages);
    Workload workload = session.workload_for(mechanism);
    workload.live = &live.handle();
    workload.deadline = kLiveDeadline;
    struct Leave {
        bool quit;
    };
    bool help = false;
    std::int64_t next_paced = 0;
    const auto draw = [&](const LiveFrame& frame) {
        Canvas canvas(terminal.width(), terminal.height());
        if (too_small_for(layout, canvas.width(), canvas.height())) {
            render_too_small(canvas, layout);
        } else {
            if (layout_for(layout, canvas.width(), canvas.height()) == Layout::compact) {
                render_live_compact(canvas, frame);
            } else {
                render_live(canvas, frame);
            }
            if (help) render_live_help(canvas);
        }
        terminal.draw(canvas);
    };
    const auto tick = [&](std::uint64_t delivered) {
        if (Terminal::stop_requested()) throw Leave{true};
        for (int key = terminal.read_key(0); key != key::none; key = terminal.read_key(0)) {
            if (key == 'q' || key == 'Q') throw Leave{true};
            if (key == key::escape) throw Leave{false};
            if (help) {  // any key closes the help
                help = false;
                continue;
            }
            switch (key) {
                case key::right: case 'l': case ' ': live.step(true); break;
                case 's': live.step_selected(); break;
                case 'p': live.toggle_pace(); break;
                case '+': case '=': live.faster(); break;
                case '-': live.slower(); break;
                case key::tab: live.select_other(); break;
                case 'k': live.kill_selected(); break;
                case 'c': live.close_selected(); break;
                case '?': help = true; break;
                default: break;
            }
        }
        const std::int64_t now = monotonic_ns();
        if (live.pacing() && now >= next_paced) {
            live.step();
            next_paced = now + static_cast<std::int64_t>(1e9 / live.pace());
        }
        draw(live.refresh(delivered));
    };
    RunResult result;
    try {
        draw(live.frame());  // the first frame, before the run's processes exist
        result = run(mechanism, session.implementation().factory(mechanism.name), workload, tick);
    } catch (const Leave& leave) {
        terminal.discard_pending_keys();
        return leave.quit;
    }
    if (Terminal::stop_requested()) return true;  // Ctrl-C: run() has cleaned up and re-raised it
    live.finish(result);
    for (;;) {
        draw(live.frame());
        const int key = terminal.read_key(250);
        if (Terminal::stop_requested() || key == 'q' || key == 'Q') return true;
        if (key == key::escape) return false;
        if (key != key::none && key != key::resize) help = key == '?' && !help;
    }
}

}  // namespace ipcviz::view

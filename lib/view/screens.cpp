#include "screens.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>
#include <vector>

#include "ipcviz/report.hpp"
#include "big_digits.hpp"
#include "compact_screen.hpp"
#include "descriptor_panel.hpp"
#include "figures.hpp"
#include "panels.hpp"
#include "ring_panel.hpp"
#include "text.hpp"
#include "texts.hpp"

namespace ipcviz::view {

namespace {

using text::format;

// "12.3 µs", "1.20 ms"
std::string duration(double microseconds) {
    return microseconds >= 1000 ? format("%.2f ms", microseconds / 1000) : text::micros(microseconds);
}

}  // namespace

std::string copies_text(double copies) {
    if (copies == static_cast<double>(static_cast<long long>(copies)))
        return format("%lld", static_cast<long long>(copies));
    return copies >= 100 ? format("%.0f", copies) : format("%.2g", copies);
}

std::string per_process(const ViewModel& model, const std::string& parent, const std::string& child) {
    const auto initial = [&](int side) { return model.run().sides[side].role.substr(0, 1); };
    return initial(0) + " " + parent + " · " + initial(1) + " " + child;
}

namespace {

void metrics_box(Canvas& canvas, int x, int y, int width, int height, const ViewModel& model, const StepState& state,
                 const Reveal& reveal) {
    const Metrics& m = model.run().metrics;
    const std::string name(model.mechanism().name);
    // Until the last step, the counts are this run's so far, per process; at the end, the run's
    // measured figures per message (inside the measured window: setup calls are not in them).
    const bool end = model.is_last(state.step) && state.step > 0;
    canvas.box(x, y, width, height, end ? "Metrics · whole run" : "Metrics · so far", Style::dim, Style::title);
    std::vector<std::pair<std::string, std::string>> rows;
    if (end) {
        rows.emplace_back("Copies / msg", format("%.2f", m.kernel_copies));
        if (m.user_copies > 0) rows.emplace_back("User copies / msg", format("%.2f", m.user_copies));
        rows.emplace_back("Syscalls / msg", format("%.2f", m.syscalls));
        rows.emplace_back("Kernel involved", m.kernel_copies > 0 || m.syscalls >= 1 ? "Yes" : "No");
    } else {
        const double size = static_cast<double>(model.run().workload.message_size);
        const Tally& p = state.processes[0].so_far;
        const Tally& c = state.processes[1].so_far;
        const auto copies = [&](std::uint64_t bytes) { return copies_text(static_cast<double>(bytes) / size); };
        rows.emplace_back("Copies", per_process(model, copies(p.bytes_to_kernel + p.bytes_from_kernel),
                                                copies(c.bytes_to_kernel + c.bytes_from_kernel)));
        if (name == "shm") {
            rows.emplace_back("User copies",
                              per_process(model, copies(p.bytes_user_copied), copies(c.bytes_user_copied)));
        }
        rows.emplace_back("Syscalls", per_process(model, std::to_string(p.syscalls), std::to_string(c.syscalls)));
        // At this step: is the kernel in what is happening?
        std::string now = "—";
        if (state.event != nullptr) {
            if (is_syscall(state.event->call)) {
                now = "Yes";
                if (width >= 34) now += " · " + std::string(call_name(state.event->call));
            } else if (state.kind == PointKind::instant) {
                now = width >= 34 ? "No · user space" : "No";
            } else {
                now = state.processes[0].in_kernel || state.processes[1].in_kernel ? "Yes" : "No";
            }
        }
        // "now", not "involved": a pipe's log between two calls shows nobody in the kernel, and
        // "Kernel involved  No" beside a pipe would teach the opposite of the lesson.
        rows.emplace_back("In kernel now", now);
    }
    if (name == "unix") rows.emplace_back("Direction", "Bidirectional");
    if (name == "unix" || name == "tcp") rows.emplace_back("Cross-host", name == "tcp" ? "Yes" : "No");
    const Calibration& calibration = model.calibration();
    const bool measuring = !calibration.measured && model.run().ok;
    // Not measured yet (the run is shown first), measured, or not to be had.
    const auto figure = [&](const std::string& measured) {
        return calibration.ok ? measured : measuring ? std::string("measuring…") : std::string("—");
    };
    // The figures of the calibration's race (the status line says how they were made).
    rows.emplace_back("Round trip", figure(figures::latency(calibration)));
    rows.emplace_back("Throughput", figure(figures::throughput(calibration)));
    if (model.reference()) {
        const std::string reference = ViewModel::reference_for(name);
        rows.emplace_back("vs " + reference, figure(figures::comparison(reference, calibration, *model.reference())));
    }
    const int inner = width - 4;
    // Predict, then reveal: a step's own figures and the run's stand as "?" until revealed.
    for (auto& row : rows) {
        const bool run_figure = row.first == "Round trip" || row.first == "Throughput" || row.first.rfind("vs ", 0) == 0;
        const bool fixed = row.first == "Direction" || row.first == "Cross-host";
        if (!fixed && (run_figure ? reveal.run_hidden() : reveal.step_hidden(state.step))) row.second = kHidden;
    }
    if (!model.run().ok && end) {  // a failed run measured nothing worth showing: the counts would mislead
        for (auto& row : rows) {
            if (row.first != "Direction" && row.first != "Cross-host") row.second = "—";
        }
    }
    for (std::size_t i = 0; i < rows.size() && static_cast<int>(i) < height - 2; ++i) {
        const int row = y + 1 + static_cast<int>(i);
        const int value_width = columns(rows[i].second);
        // A long value (a range too wide to quote) takes the room of its label's long form.
        std::string label = rows[i].first;
        if (columns(label) + 1 + value_width > inner) {
            if (label == "Round trip") label = "RT";
            if (label == "Throughput") label = "Rate";
        }
        canvas.text(x + 2, row, label, Style::dim, inner - value_width - 1);
        canvas.text(x + 2 + inner - value_width, row, rows[i].second, Style::bold, inner);
    }
}

// The two lanes of the log (one column per process): where each is at this step.
const char* lane_glyph(LaneMark mark) {
    switch (mark) {
        case LaneMark::started: return "▼";   // enters the kernel
        case LaneMark::pending: return "│";   // still inside a syscall
        case LaneMark::returned: return "▲";  // comes back from it
        case LaneMark::whole: return "◆";     // in and out, nothing else in between
        case LaneMark::instant: return "•";   // user space: no kernel
        case LaneMark::marker: return "─";
        case LaneMark::none: return " ";
    }
    return " ";
}

Style lane_style(LaneMark mark) {
    switch (mark) {
        case LaneMark::started:
        case LaneMark::pending:
        case LaneMark::returned:
        case LaneMark::whole:
            return Style::kernel;
        case LaneMark::instant: return Style::user;
        default: return Style::dim;
    }
}

void log_box(Canvas& canvas, int x, int y, int width, int height, const ViewModel& model, std::size_t step) {
    const std::size_t points = model.steps() - 1;
    canvas.box(x, y, width, height, format("Event log · %zu / %zu", step, points), Style::dim, Style::title);
    const int rows = height - 2;
    const int inner = width - 4;
    const bool with_time = inner >= 70;  // a column for when each point happened, from the first
    // The lanes' legend on the bottom edge, where there is room.
    const std::string legend = " ▼ syscall ▲ returns ◆ both • user space ";
    if (columns(legend) + 4 <= width) canvas.text(x + width - 2 - columns(legend), y + height - 1, legend, Style::dim);
    // Keep the current step in view, a third of the way down.
    const long current = static_cast<long>(step);
    long first = std::max(1L, current - rows / 3);
    first = std::max(1L, std::min(first, static_cast<long>(points) - rows + 1));
    for (int r = 0; r < rows; ++r) {
        const long index = first + r;
        if (index > static_cast<long>(points)) break;
        const StepState& row = model.at(static_cast<std::size_t>(index));
        const TraceEvent& event = *row.event;
        const bool is_current = index == current;
        const int line_y = y + 1 + r;
        if (is_current) canvas.fill(x + 2, line_y, inner, 1, Style::highlight);
        int at = x + 2;
        for (int side = 0; side < 2; ++side) {
            canvas.text(at, line_y, lane_glyph(row.lanes[side]),
                        is_current ? Style::highlight : lane_style(row.lanes[side]));
            at += 2;
        }
        if (with_time) {
            at += canvas.text(at, line_y,
                              format("%+10.2f µs ", static_cast<double>(row.time_ns - model.origin_ns()) / 1000.0),
                              is_current ? Style::highlight : Style::dim);
        }
        std::string text;
        std::string took;
        // Shared words by their layout names, in the short form where the long one does not fit.
        const RegionLayout* names = &model.run().layout;
        const int who_width = std::max(7, columns(model.run().side(event.side).role));
        const int room = x + 2 + inner - at - who_width - 9;  // after the role, before the duration
        const auto call_text = [&](bool pending) {
            std::string full = pending ? format_pending_call(event, names) : format_call(event, names);
            if (columns(full) <= room) return full;
            return pending ? format_pending_call(event, names, true) : format_call(event, names, true);
        };
        switch (row.kind) {
            case PointKind::started: text = call_text(true); break;
            case PointKind::returned:
            case PointKind::whole:
                text = call_text(false);
                took = duration(static_cast<double>(event.end_ns - event.start_ns) / 1000.0);
                break;
            case PointKind::instant: text = call_text(false); took = "—"; break;  // not timed
            case PointKind::marker:
            case PointKind::none: {
                // Short where the log is narrow: "── message 3 received", then what format_call adds.
                const bool sent = event.call == Call::message_sent;
                text = format("── message %llu %s", static_cast<unsigned long long>(event.detail + 1),
                              sent ? "sent" : "received");
                if (inner >= 60) text = format_call(event);
                break;
            }
        }
        const bool syscall = is_syscall(event.call);
        const Style style =
            is_current ? Style::highlight
                       : (row.kind == PointKind::marker ? Style::dim : (syscall ? Style::kernel : Style::normal));
        const std::string who = format("%-7s", model.run().side(event.side).role.c_str());
        const int right = x + 2 + inner;
        at += canvas.text(at, line_y, who, is_current ? Style::highlight : Style::dim, right - at);
        canvas.text(at, line_y, text, style, right - at - columns(took) - 1);
        canvas.text(right - columns(took), line_y, took, is_current ? Style::highlight : Style::dim);
    }
}

// " · Nagle on · header split": the TCP options the run was made with (none by default), short
// where the title line is narrow.
std::string tcp_modes(const ViewModel& model, int width) {
    const Workload& workload = model.run().workload;
    if (model.mechanism().name != "tcp") return {};
    std::string modes;
    if (!workload.tcp_nodelay) modes += width >= 100 ? " · Nagle on" : " · Nagle";
    if (workload.header_apart) modes += width >= 100 ? " · header split" : " · split";
    return modes;
}

}  // namespace

double steps_per_second(int speed) { return std::pow(2.0, speed - 1); }

void keys_line(Canvas& canvas, int y, const std::vector<std::pair<std::string, std::string>>& keys) {
    int x = 1;
    for (const auto& [key, what] : keys) {
        if (x + columns(key) + columns(what) + 2 > canvas.width()) break;
        x += canvas.text(x, y, key, Style::bold);
        if (!what.empty()) x += canvas.text(x + 1, y, what, Style::dim) + 1;
        x += 2;
    }
}

std::string playback_text(const UiState& ui) {
    return format("%s %.0f/s%s", ui.playing ? "▶" : "‖", steps_per_second(ui.speed), ui.auto_pause ? " · auto-pause" : "");
}

void render_home(Canvas& canvas, int selected) {
    if (canvas.width() < kMinWidth || canvas.height() < kMinHeight) {
        render_home_compact(canvas, selected);
        return;
    }
    canvas.text(2, 0, "IPC Visualizer", Style::title);
    canvas.text(18, 0, "// inter-process communication · visual reference", Style::dim);
    const int columns_count = 2;
    const int gap = 2;
    const int card_width = (canvas.width() - 2 - gap) / columns_count;
    const int card_height = std::max(5, (canvas.height() - 3) / 3);
    for (int i = 0; i < 5; ++i) {
        const Card& card = cards()[i];
        const int x = 1 + (i % columns_count) * (card_width + gap);
        const int y = 2 + (i / columns_count) * card_height;
        const bool chosen = i == selected;
        canvas.box(x, y, card_width, card_height - 1, format("%d  %s", i + 1, std::string(card.title).c_str()),
                   chosen ? Style::accent : Style::dim, chosen ? Style::highlight : Style::title);
        canvas.wrapped(x + 2, y + 1, card_width - 4, card_height - 4, card.description, Style::normal);
        canvas.text(x + 2, y + card_height - 3, card.tags, Style::kernel, card_width - 4);
    }
    keys_line(canvas, canvas.height() - 1,
              {{"←↑↓→", "choose"}, {"Enter", "open"}, {"1-5", "open"}, {"?", "help"}, {"q", "quit"}, {"C", "compare"}});
}

void render_mechanism(Canvas& canvas, const ViewModel& model, const UiState& ui) {
    if (layout_for(ui.layout, canvas.width(), canvas.height()) == Layout::compact) {
        render_compact(canvas, model, ui);
        return;
    }
    const int width = canvas.width();
    const int height = canvas.height();
    const StepState& state = model.at(ui.step);
    const RunResult& run = model.run();
    const Workload& workload = run.workload;

    canvas.text(1, 0, std::string(model.mechanism().title), Style::title);
    canvas.text(2 + columns(model.mechanism().title), 0, "· ipcviz view", Style::dim);
    std::string about = format("%s · %zu × %zu B %s%s · %s", ui.impl.c_str(), workload.messages,
                               workload.message_size,
                               workload.pattern == Pattern::one_way ? "one-way" : "round trip",
                               tcp_modes(model, width).c_str(), playback_text(ui).c_str());
    // The playback (shown paused too: the speed p would play at) before whose code it is.
    if (3 + columns(model.mechanism().title) + 14 + columns(about) > width) about = about.substr(about.find(" · ") + 4);
    canvas.text(width - 1 - columns(about), 0, about, Style::dim);

    const int top_height = height >= 30 ? 7 : 6;
    const int process_width = width >= 110 ? 28 : 24;
    const int channel_x = 1 + process_width + 1;
    const int channel_width = width - 2 * process_width - 4;
    for (int side = 0; side < 2; ++side) {
        const int box_x = side == 0 ? 1 : width - 1 - process_width;
        if (ui.show_descriptors) {
            panels::descriptor_box(canvas, box_x, 1, process_width, top_height, model, ui.step, side);
        } else {
            panels::process_box(canvas, box_x, 1, process_width, top_height, model, state, side);
            if (ui.reveal.step_hidden(ui.step)) {  // its counts so far are a step's figures
                canvas.fill(box_x + 2, 5, process_width - 4, 1, Style::normal);
                canvas.text(box_x + 2, 5, "? syscalls · ? B", Style::dim, process_width - 4);
            }
        }
    }
    panels::channel_panel(canvas, channel_x, 1, channel_width, top_height, model, state);

    const int counter_y = 1 + top_height;
    const std::string counter = format("%zu / %zu %s", state.messages_done, workload.messages,
                                       workload.pattern == Pattern::one_way ? "messages" : "round trips");
    canvas.text(2, counter_y, counter, Style::bold);
    panels::gauge(canvas, 4 + columns(counter), counter_y, std::min(30, width - 10 - columns(counter)),
          static_cast<double>(state.messages_done) / static_cast<double>(workload.messages), Style::ok);
    if (state.event != nullptr) {  // when this step happened, from the run's first call
        const std::string when =
            format("t = %+.2f µs", static_cast<double>(state.time_ns - model.origin_ns()) / 1000.0);
        canvas.text(width - 2 - columns(when), counter_y, when, Style::dim);
    }

    const int explanation_rows = height >= 30 ? 5 : 4;
    const int middle_y = counter_y + 1;
    const int middle_height = height - middle_y - explanation_rows - 2;
    const int metrics_width = width >= 110 ? 36 : 30;
    if (ui.show_ring && model.mechanism().name == "shm") {
        panels::ring_box(canvas, 1, middle_y, metrics_width, middle_height, model, ui.step);
    } else {
        metrics_box(canvas, 1, middle_y, metrics_width, middle_height, model, state, ui.reveal);
        // On a large terminal, the counter and the headline figure in large digits below the rows.
        constexpr int kMetricsRows = 9;  // the most rows metrics_box draws
        draw_big_figures(canvas, 3, middle_y + 1 + kMetricsRows, metrics_width - 4, middle_height - 2 - kMetricsRows,
                         model, ui);
    }
    log_box(canvas, 2 + metrics_width, middle_y, width - metrics_width - 3, middle_height, model, ui.step);

    const int status_y = height - 2;
    if (!run.ok) {
        // What went wrong takes the explanation's place: for a student, it is the lesson now.
        canvas.wrapped(2, middle_y + middle_height, width - 4, explanation_rows, "✗ " + run.failure, Style::error);
        canvas.text(1, status_y,
                    run.trace.empty() ? "The run failed before its first call." : "The log shows what happened up to the failure.",
                    Style::dim, width - 2);
    } else {
        canvas.wrapped(2, middle_y + middle_height, width - 4, explanation_rows,
                       ui.reveal.run_hidden() ? hide_measured(explanation(model)) : explanation(model), Style::normal);
        const Calibration& calibration = model.calibration();
        std::string status = figures::label(calibration, width - 2, figures::not_this_runs_modes(model));
        if (!calibration.measured) {
            status = "Measuring latency and throughput (untraced, as ipcviz bench)… Esc home, q quit";
        } else if (!calibration.ok) {
            status = "Calibration failed (r retries): " + calibration.failure;
        }
        Style style = calibration.measured && !calibration.ok ? Style::warning : Style::dim;
        if (ui.reveal.run_hidden()) status = predict_status(ui.reveal, ui.step);
        if (!ui.prompt.empty()) {
            status = ui.prompt;
            style = Style::accent;
        }
        canvas.text(1, status_y, status, style, width - 2);
    }
    keys_line(canvas, height - 1,
              {{"→␣", "next"}, {"←", "back"}, {"nN", "message"}, {"p", ui.playing ? "pause" : "play"}, {"+-", "speed"},
               {"⇥", "switch"}, {"?", "help"}, {"q", "quit"}, {"C", "compare"}});
}

void render_help(Canvas& canvas, bool home) {
    if (canvas.width() < kMinWidth || canvas.height() < kMinHeight) {
        render_help_compact(canvas, home);
        return;
    }
    using Line = std::pair<const char*, const char*>;
    static const std::vector<Line> kMechanism = {
        {"→ l ␣  ← h", "next / previous event"}, {"Home  End", "first / last event"},
        {"PgUp PgDn", "ten events back / on"}, {"n  N", "next / previous message (received)"},
        {":", "go to message k (type k, Enter)"}, {"p", "play / pause"},     {"+  -", "faster / slower"},
        {"a", "auto-pause at each message received"},
        {"1 2 3 4", "shared memory, pipe, Unix, TCP: a fresh run"},
        {"Tab S-Tab", "next / previous mechanism"}, {"r", "run again (and measure again)"},
        {"b", "the benchmark (race all four)"}, {"m", "shared memory: every slot of the ring(s)"},
        {"d", "descriptors each process holds"}, {"L", "live: this mechanism, stepped call by call"},
        {"C", "side by side with shm (shm: with the pipe)"},
        {"v  V", "reveal this step's figures / all"},
        {"P", "predict: hide the figures until revealed"}, {"Esc", "home screen"}, {"?  q", "this help / quit"},
    };
    static const std::vector<Line> kHome = {
        {"←↑↓→ hjkl", "choose a card"},  {"Enter space", "open it"},
        {"1 2 3 4", "shared memory, pipe, Unix, TCP: a fresh run"},
        {"5  b", "the benchmark (race all four)"}, {"L", "live: the chosen card's run, call by call"},
        {"C", "side by side: card and shm (shm: and pipe)"},
        {"?", "this help"}, {"q  Esc", "quit"},
    };
    const std::vector<Line>& lines = home ? kHome : kMechanism;
    const int rows = static_cast<int>(lines.size());
    const int width = std::min(canvas.width() - 4, 64);
    const int height = rows + 4;
    const int x = (canvas.width() - width) / 2;
    const int y = std::max(0, (canvas.height() - height) / 2);
    canvas.fill(x, y, width, height, Style::normal);
    canvas.box(x, y, width, height, home ? "Keys · home" : "Keys", Style::accent, Style::title);
    for (int i = 0; i < rows; ++i) {
        canvas.text(x + 2, y + 1 + i, lines[static_cast<std::size_t>(i)].first, Style::bold, 12);
        canvas.text(x + 15, y + 1 + i, lines[static_cast<std::size_t>(i)].second, Style::normal, width - 17);
    }
    canvas.text(x + 2, y + height - 2, "Every run is real: two processes, real syscalls.", Style::dim, width - 4);
}

void render_notice(Canvas& canvas, const std::string& title, const std::string& text) {
    const int width = std::min(canvas.width() - 4, 70);
    const int height = 8;
    const int x = (canvas.width() - width) / 2;
    const int y = std::max(0, (canvas.height() - height) / 2);
    canvas.fill(x, y, width, height, Style::normal);
    canvas.box(x, y, width, height, title, Style::accent, Style::title);
    canvas.wrapped(x + 2, y + 2, width - 4, height - 3, text, Style::normal);
}

void render_too_small(Canvas& canvas, Layout layout) {
    int least_width = 0;
    int least_height = 0;
    least_size(layout, least_width, least_height);
    const std::string need = format("ipcviz needs at least %d×%d; this terminal is %d×%d.", least_width, least_height,
                                    canvas.width(), canvas.height());
    canvas.wrapped(1, 0, std::max(1, canvas.width() - 2), canvas.height(),
                   need + " Enlarge it, or press q to quit.", Style::warning);
}

}  // namespace ipcviz::view

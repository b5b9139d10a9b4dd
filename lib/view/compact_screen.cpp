#include "compact_screen.hpp"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "big_digits.hpp"
#include "figures.hpp"
#include "ipcviz/report.hpp"
#include "panels.hpp"
#include "ring_model.hpp"
#include "text.hpp"
#include "texts.hpp"

namespace ipcviz::view {

namespace {

using text::format;

// A process as a box of one line: its state, whether it is in the kernel, and its call (long form,
// strace's short form, or none: never cut).
void process_line(Canvas& canvas, int y, int width, const ViewModel& model, const StepState& state, int side) {
    const ProcessView& process = state.processes[side];
    const SideReport& report = model.run().sides[side];
    const std::string pid = process.pid > 0 ? format("pid %d", process.pid) : std::string("not started");
    const std::string title = first_fitting({process.role + " · " + pid + " · " + report.duty,
                                             process.role + " · " + pid, process.role}, width - 6);
    canvas.box(1, y, width, 3, title, Style::dim, Style::title);
    const int inner = width - 4;
    std::string what = state_name(process.state);
    if (process.in_kernel) what += " · in kernel";
    const int used = canvas.text(3, y + 1, what, process.in_kernel ? Style::kernel : Style::normal, inner);
    const std::string doing = first_fitting({process.doing, brief_call(process.doing)}, inner - used - 2);
    canvas.text(3 + used + 2, y + 1, doing, Style::dim, inner - used - 2);
}

}  // namespace

// The channel between them as one line: what the trace says it holds at this step.
std::string channel_text(const ViewModel& model, const StepState& state, int width, std::string& title) {
    const std::string name(model.mechanism().name);
    const ChannelView& channel = state.channel;
    const auto bytes = [&](int direction) {
        return static_cast<long long>(std::max<std::int64_t>(0, channel.bytes_in_kernel[direction]));
    };
    const RunResult& run = model.run();
    const bool duplex = run.workload.pattern == Pattern::round_trip;
    if (name == "pipe") {
        title = "kernel · pipe buffer";
        if (duplex) return fitting({format("→ child %lld B", bytes(0)), format("← parent %lld B", bytes(1))}, width);
        return fitting({format("→ child %lld B of 64 KiB", bytes(0)),
                        format("%lld message(s) waiting", bytes(0) / static_cast<long long>(run.workload.message_size))},
                       width);
    }
    if (name == "unix") {
        title = "Unix socket · full duplex";
        const auto initial = [&](int side) { return run.sides[side].role.substr(0, 1); };
        return fitting({format("%s→%s %llu sent", initial(0).c_str(), initial(1).c_str(),
                               static_cast<unsigned long long>(channel.messages_sent[0])),
                        format("%s→%s %llu sent", initial(1).c_str(), initial(0).c_str(),
                               static_cast<unsigned long long>(channel.messages_sent[1])),
                        format("kernel → %lld B ← %lld B", bytes(0), bytes(1))},
                       width);
    }
    if (name == "tcp") {
        title = "kernel · network stack";
        const bool lit = channel.flow != ChannelView::Flow::none;
        const std::string flow =
            lit ? run.sides[channel.flow_side].role + (channel.flow == ChannelView::Flow::down ? " sends ↓" : " receives ↑")
                : std::string();
        return fitting({flow, "socket · TCP · IP lo", format("kernel → %lld B ← %lld B", bytes(0), bytes(1))}, width);
    }
    title = "// shared memory";
    const RegionView view = region_at(model, state.step);
    if (view.ring < 0) {
        if (!view.word) return view.rings.empty() ? "no shared word used yet" : "no slot used yet";
        return first_fitting({run.layout.name_of(view.word->region, view.word->offset, false) + " = " +
                                  std::to_string(view.word->value),
                              run.layout.name_of(view.word->region, view.word->offset, true) + " = " +
                                  std::to_string(view.word->value)},
                             width);
    }
    const RingState& ring = view.rings[static_cast<std::size_t>(view.ring)];
    const SlotState& slot = ring.slots[view.slot];
    return fitting({format("%s · slot %u", ring.area->name.c_str(), view.slot), slot.word_text(),
                    slot.message == 0 ? std::string("no message yet") : format("message %llu", static_cast<unsigned long long>(slot.message)),
                    "no kernel copy"},
                   width);
}

namespace {

// The current event as the log would show it, in the longest form that fits: "Parent write(fd 4,
// 64) = 64", "── message 3 received".
std::string event_text(const ViewModel& model, const StepState& state, int width) {
    if (state.event == nullptr) return first_fitting({"Before the first call: → steps, n goes by message", "Before the first call"}, width);
    const TraceEvent& event = *state.event;
    const std::string who = model.run().side(event.side).role + " ";
    const RegionLayout* names = &model.run().layout;
    if (state.kind == PointKind::marker) {
        return first_fitting({who + format_call(event),
                              who + format("── message %llu %s", static_cast<unsigned long long>(event.detail + 1),
                                           event.call == Call::message_sent ? "sent" : "received")},
                             width);
    }
    const bool pending = state.kind == PointKind::started;
    const auto call = [&](bool compact) {
        return pending ? format_pending_call(event, names, compact) : format_call(event, names, compact);
    };
    return first_fitting({who + call(false), who + call(true), who + brief_call(call(true)), brief_call(call(true))}, width);
}

// The counts so far (per process), or at the last step the run's per message; "?" while hidden.
std::string step_figures(const ViewModel& model, const StepState& state, const UiState& ui, int width) {
    const bool hidden = ui.reveal.step_hidden(state.step);
    const Metrics& m = model.run().metrics;
    if (model.is_last(state.step) && state.step > 0) {
        if (hidden) return fitting({"Per message: syscalls ?", "copies ?"}, width);
        return fitting({format("Per message: %.2f syscalls", m.syscalls), format("%.2f copies", m.kernel_copies),
                        m.user_copies > 0 ? format("%.2f user copies", m.user_copies) : std::string()},
                       width);
    }
    if (hidden) return fitting({"Syscalls ?", "Copies ?", "In kernel now ?"}, width);
    const double size = static_cast<double>(model.run().workload.message_size);
    const auto copies = [&](std::uint64_t bytes) { return copies_text(static_cast<double>(bytes) / size); };
    const Tally& p = state.processes[0].so_far;
    const Tally& c = state.processes[1].so_far;
    const bool kernel_now = state.processes[0].in_kernel || state.processes[1].in_kernel;
    return fitting({"Syscalls " + per_process(model, std::to_string(p.syscalls), std::to_string(c.syscalls)),
                    "Copies " + per_process(model, copies(p.bytes_to_kernel + p.bytes_from_kernel),
                                            copies(c.bytes_to_kernel + c.bytes_from_kernel)),
                    std::string("In kernel now ") + (kernel_now ? "Yes" : "No")},
                   width);
}

// The run's figures: round trip, throughput, the comparison; "?" while hidden.
std::string run_figures(const ViewModel& model, const UiState& ui, int width) {
    const Calibration& calibration = model.calibration();
    const std::string reference = ViewModel::reference_for(model.mechanism().name);
    if (ui.reveal.run_hidden()) {
        return fitting({"Round trip ?", "Throughput ?", reference.empty() ? std::string() : "vs " + reference + " ?"}, width);
    }
    if (!model.run().ok) return {};
    if (!calibration.measured) return "Round trip: measuring";
    if (!calibration.ok) return fitting({"Round trip: calibration failed", "r retries"}, width);
    std::vector<std::string> pieces = {"Round trip " + figures::latency(calibration), figures::throughput(calibration)};
    if (!reference.empty() && model.reference())
        pieces.push_back("vs " + reference + " " + figures::comparison(reference, calibration, *model.reference()));
    return fitting(pieces, width);
}

// The headline figure for the large digits: the round trip's median in µs ("?" hidden, "-" not had).
std::string headline_number(const ViewModel& model, const UiState& ui) {
    if (ui.reveal.run_hidden()) return "?";
    const Calibration& calibration = model.calibration();
    if (!calibration.ok) return "-";
    const double us = calibration.round_trip_us.median;
    return us < 1 ? format("%.2f", us) : us < 100 ? format("%.1f", us) : format("%.0f", us);
}

}  // namespace

std::string fitting(const std::vector<std::string>& pieces, int width) {
    std::string line;
    for (const std::string& piece : pieces) {
        if (piece.empty()) continue;
        const std::string next = line.empty() ? piece : line + " · " + piece;
        if (columns(next) > width) break;
        line = next;
    }
    return line;
}

std::string first_fitting(const std::vector<std::string>& forms, int width) {
    for (const std::string& form : forms) {
        if (!form.empty() && columns(form) <= width) return form;
    }
    return {};
}

std::string one_line_explanation(const ViewModel& model) {
    const std::string name(model.mechanism().name);
    const Workload& workload = model.run().workload;
    if (name == "shm") return "One region, mapped by both: no kernel unless one waits.";
    if (name == "pipe") return "write() copies into the kernel, read() copies out.";
    if (name == "unix") return "Like a pipe, but one socket carries both ways.";
    if (!workload.tcp_nodelay && workload.header_apart) return "Nagle: a payload waits for a small segment's ACK.";
    return "The whole network stack runs, even on loopback.";
}

int draw_big_figures(Canvas& canvas, int x, int y, int width, int height, const ViewModel& model, const UiState& ui) {
    const StepState& state = model.at(ui.step);
    const Workload& workload = model.run().workload;
    const std::string counter = format("%zu/%zu", state.messages_done, workload.messages);
    const std::string counter_label = workload.pattern == Pattern::one_way ? "messages" : "round trips";
    const std::string headline = headline_number(model, ui);
    std::string headline_label = "round trip, µs";
    if (!ui.reveal.run_hidden() && model.calibration().ok && figures::too_wide(model.calibration().round_trip_us))
        headline_label += " (wide: see below)";
    const int counter_width = std::max(big_width(counter), columns(counter_label));
    const int headline_width = std::max(big_width(headline), columns(headline_label));
    const int block = kBigHeight + 1;  // a label above the digits
    const auto draw = [&](int at_x, int at_y, const std::string& label, const std::string& number, Style style) {
        canvas.text(at_x, at_y, label, Style::dim);
        big_text(canvas, at_x, at_y + 1, number, style);
    };
    if (counter_width + 4 + headline_width <= width && block <= height) {
        draw(x, y, counter_label, counter, Style::ok);
        draw(x + width - headline_width, y, headline_label, headline, Style::accent);
        return block;
    }
    if (std::max(counter_width, headline_width) <= width && 2 * block + 1 <= height) {
        draw(x, y, counter_label, counter, Style::ok);
        draw(x, y + block + 1, headline_label, headline, Style::accent);
        return 2 * block + 1;
    }
    return 0;
}

void render_compact(Canvas& canvas, const ViewModel& model, const UiState& ui) {
    const int width = canvas.width();
    const int height = canvas.height();
    const StepState& state = model.at(ui.step);
    const RunResult& run = model.run();
    const Workload& workload = run.workload;
    const int inner = width - 4;

    // The title: the mechanism, then what ran and the playback, as much of it as fits.
    const std::string title(model.mechanism().title);
    canvas.text(1, 0, title, Style::title);
    const std::string about = fitting(
        {format("%zu × %zu B %s", workload.messages, workload.message_size,
                workload.pattern == Pattern::one_way ? "one-way" : "round trip"),
         playback_text(ui)},
        width - 4 - columns(title));
    canvas.text(width - 1 - columns(about), 0, about, Style::dim);

    // The two processes with the channel between them, one box of one line each.
    process_line(canvas, 1, width - 2, model, state, 0);
    std::string channel_title;
    const int box_inner = width - 6;  // inside a box from column 1 to the last but one
    const std::string channel = channel_text(model, state, box_inner, channel_title);
    canvas.box(1, 4, width - 2, 3, channel_title, Style::kernel, Style::kernel);
    const int used = canvas.text(3, 5, channel, Style::normal, box_inner);
    if (model.mechanism().name == "pipe" && workload.pattern == Pattern::one_way && box_inner - used - 2 >= 6) {
        panels::gauge(canvas, 3 + used + 2, 5, box_inner - used - 2,
                      static_cast<double>(std::max<std::int64_t>(0, state.channel.bytes_in_kernel[0])) / 65536.0,
                      Style::kernel);
    }
    process_line(canvas, 7, width - 2, model, state, 1);

    // The counter, and when this step happened.
    const std::string counter = format("%zu / %zu %s", state.messages_done, workload.messages,
                                       workload.pattern == Pattern::one_way ? "messages" : "round trips");
    canvas.text(2, 10, counter, Style::bold);
    const std::string when = state.event != nullptr
                                 ? format("t = %+.2f µs", static_cast<double>(state.time_ns - model.origin_ns()) / 1000.0)
                                 : std::string();
    const int gauge_width = std::min(20, width - 8 - columns(counter) - columns(when));
    if (gauge_width >= 5) {
        panels::gauge(canvas, 4 + columns(counter), 10, gauge_width,
                      static_cast<double>(state.messages_done) / static_cast<double>(workload.messages), Style::ok);
    }
    if (columns(counter) + columns(when) + 6 <= width) canvas.text(width - 2 - columns(when), 10, when, Style::dim);

    // The current event, the figures of the step and of the run.
    canvas.text(2, 11, "Now", Style::dim);
    canvas.text(6, 11, event_text(model, state, width - 8), Style::bold);
    canvas.text(2, 12, step_figures(model, state, ui, inner), Style::normal);
    canvas.text(2, 13, run_figures(model, ui, inner), Style::normal);

    // The room left: the large digits where there is room, then the explanation (whole where it
    // fits, else its one line), or what went wrong.
    int y = 14;
    const int status_y = height - 2;
    if (status_y - y >= kBigHeight + 2) {
        y += draw_big_figures(canvas, 2, y, inner, status_y - y - 1, model, ui);
    }
    const int rows = status_y - y;
    if (!run.ok) {
        canvas.wrapped(2, y, inner, rows, "✗ " + run.failure, Style::error);
    } else {
        std::string text = explanation(model);
        if (ui.reveal.run_hidden()) text = hide_measured(text);
        Canvas scratch(inner, 1);
        if (scratch.wrapped(0, 0, inner, 1 << 10, text) <= rows) {
            canvas.wrapped(2, y, inner, rows, text, Style::normal);
        } else {
            canvas.text(2, y, one_line_explanation(model), Style::normal, inner);
        }
    }

    // The status line: the prompt, what predict mode hides, or how the figures were made.
    std::string status;
    Style style = Style::dim;
    if (!ui.prompt.empty()) {
        status = ui.prompt;
        style = Style::accent;
    } else if (ui.reveal.run_hidden()) {
        status = first_fitting({predict_status(ui.reveal, ui.step), "Predict: v reveals this step, V all"}, width - 2);
    } else if (model.calibration().ok) {
        status = first_fitting({figures::label(model.calibration(), width - 2, figures::not_this_runs_modes(model))}, width - 2);
    }
    canvas.text(1, status_y, status, style, width - 2);
    keys_line(canvas, height - 1,
              {{"→", "next"}, {"←", "back"}, {"nN", "message"}, {"p", ui.playing ? "pause" : "play"},
               {"?", "help"}, {"q", "quit"}, {"C", "compare"}});
}

void render_home_compact(Canvas& canvas, int selected) {
    canvas.text(1, 0, "IPC Visualizer", Style::title);
    const int width = canvas.width();
    for (int i = 0; i < 5; ++i) {
        const Card& card = cards()[i];
        const int y = 2 + 3 * i;
        const bool chosen = i == selected;
        canvas.box(1, y, width - 2, 3, format("%d  %s", i + 1, std::string(card.title).c_str()),
                   chosen ? Style::accent : Style::dim, chosen ? Style::highlight : Style::title);
        canvas.text(3, y + 1, std::string(card.tags), Style::kernel, width - 6);
    }
    keys_line(canvas, canvas.height() - 1, {{"↑↓", "choose"}, {"Enter", "open"}, {"1-5", "open"}, {"?", "help"}, {"q", "quit"}, {"C", "compare"}});
}

void render_help_compact(Canvas& canvas, bool home) {
    using Pair = std::pair<const char*, const char*>;
    static const std::vector<Pair> kMechanism = {
        {"→ l ␣", "next step"},      {"← h", "previous step"},    {"Home End", "first / last"},
        {"PgUp PgDn", "ten steps"},  {"n N", "message on/back"}, {":", "go to message"},
        {"p", "play / pause"},       {"+ -", "speed"},            {"a", "auto-pause"},
        {"v V", "reveal step/all"}, {"P", "predict mode"},      {"1-4 Tab", "mechanism"},
        {"r", "run again"},          {"b", "benchmark"},          {"Esc", "home"},
        {"L", "live run"},           {"C", "side by side"},       {"q", "quit"},
    };
    static const std::vector<Pair> kHome = {
        {"↑↓ jk", "choose"}, {"Enter", "open"}, {"1-4", "a mechanism"}, {"5 b", "benchmark"},
        {"L", "live run"},  {"C", "side by side"}, {"?", "this help"},  {"q Esc", "quit"},
    };
    const std::vector<Pair>& pairs = home ? kHome : kMechanism;
    const int columns_count = canvas.width() >= 60 ? 2 : 1;
    const int rows = (static_cast<int>(pairs.size()) + columns_count - 1) / columns_count;
    const int width = std::min(canvas.width() - 2, 60);  // off the frame's edges
    const int height = rows + 3;
    const int x = (canvas.width() - width) / 2;
    const int y = std::max(0, (canvas.height() - height) / 2);
    canvas.fill(x, y, width, height, Style::normal);
    canvas.box(x, y, width, height, home ? "Keys · home" : "Keys", Style::accent, Style::title);
    const int column_width = (width - 4) / columns_count;
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        const int column = static_cast<int>(i) / rows;
        const int row = static_cast<int>(i) % rows;
        const int at = x + 2 + column * column_width;
        canvas.text(at, y + 1 + row, pairs[i].first, Style::bold, 9);
        canvas.text(at + 10, y + 1 + row, pairs[i].second, Style::normal, column_width - 10);
    }
    canvas.text(x + 2, y + height - 2, "Every run is real: two real processes.", Style::dim, width - 4);
}

}  // namespace ipcviz::view

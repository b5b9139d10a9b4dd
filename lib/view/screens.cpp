#include "screens.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ipcviz/report.hpp"
#include "message_pattern.hpp"
#include "text.hpp"
#include "texts.hpp"

namespace ipcviz::view {

namespace {

using text::format;

// "12.3 µs", "1.20 ms"
std::string duration(double microseconds) {
    return microseconds >= 1000 ? format("%.2f ms", microseconds / 1000) : text::micros(microseconds);
}

std::string rate(double per_second) {
    if (per_second >= 1e6) return format("%.2f M msg/s", per_second / 1e6);
    if (per_second >= 1e3) return format("%.1f k msg/s", per_second / 1e3);
    return format("%.0f msg/s", per_second);
}

Style state_style(ProcessState state) {
    switch (state) {
        case ProcessState::writing: return Style::user;
        case ProcessState::reading: return Style::accent;
        case ProcessState::blocked: return Style::kernel;
        case ProcessState::done: return Style::ok;
        case ProcessState::failed: return Style::error;
        case ProcessState::idle: return Style::dim;
    }
    return Style::normal;
}

// "abc…xyz": @p text shortened to @p width columns, keeping both ends.
std::string middle_ellipsis(const std::string& text, int width) {
    if (columns(text) <= width || width < 5) return text;
    const int keep = width - 1;
    const int head = keep / 2;
    return text.substr(0, static_cast<std::size_t>(head)) + "…" + text.substr(text.size() - static_cast<std::size_t>(keep - head));
}

void gauge(Canvas& canvas, int x, int y, int width, double fraction, Style style) {
    const int filled = std::clamp(static_cast<int>(std::lround(fraction * width)), fraction > 0 ? 1 : 0, width);
    for (int i = 0; i < width; ++i) canvas.text(x + i, y, i < filled ? "█" : "░", i < filled ? style : Style::dim);
}

void keys_line(Canvas& canvas, int y, const std::vector<std::pair<std::string, std::string>>& keys) {
    int x = 1;
    for (const auto& [key, what] : keys) {
        if (x + columns(key) + columns(what) + 2 > canvas.width()) break;
        x += canvas.text(x, y, key, Style::bold);
        if (!what.empty()) x += canvas.text(x + 1, y, what, Style::dim) + 1;
        x += 2;
    }
}

void process_box(Canvas& canvas, int x, int y, int width, int height, const ViewModel& model, const StepState& state,
                 int side) {
    const ProcessView& process = state.processes[side];
    const SideReport& report = model.run().sides[side];
    canvas.box(x, y, width, height, process.role, Style::dim, Style::title);
    const int inner = width - 4;
    canvas.text(x + 2, y + 1, process.pid > 0 ? format("pid %d", process.pid) : std::string("not started"), Style::normal,
                inner);
    canvas.text(x + 2, y + 2, state_name(process.state), state_style(process.state), inner);
    if (height > 4) canvas.text(x + 2, y + 3, process.doing, Style::dim, inner);
    if (height > 5) {
        std::string where = report.duty;
        if (model.mechanism().name == "tcp") {
            // Server :port, client 127.0.0.1 — as the design shows them.
            const std::size_t colon = report.endpoint.rfind(':');
            where += side == 0 ? (colon == std::string::npos ? std::string() : " · " + report.endpoint.substr(colon))
                               : std::string(" · 127.0.0.1");
        }
        canvas.text(x + 2, y + 4, where, side == 0 ? Style::dim : Style::dim, inner);
    }
}

void pipe_panel(Canvas& canvas, int x, int y, int width, int height, const ViewModel& model, const StepState& state) {
    canvas.box(x, y, width, height, "kernel · pipe buffer", Style::kernel, Style::kernel);
    const int inner = width - 4;
    constexpr double kCapacity = 65536;
    const bool duplex = model.run().workload.pattern == Pattern::round_trip;
    // Steps follow completion order: a read woken by a write can finish first, so the running sum may
    // dip below zero for a step; the buffer itself never does.
    const std::int64_t forward = std::max<std::int64_t>(0, state.channel.bytes_in_kernel[0]);
    canvas.text(x + 2, y + 1, format("→ child  %lld B of 64 KiB", static_cast<long long>(forward)), Style::normal, inner);
    gauge(canvas, x + 2, y + 2, inner, static_cast<double>(forward) / kCapacity, Style::kernel);
    if (duplex && height > 5) {
        const std::int64_t back = std::max<std::int64_t>(0, state.channel.bytes_in_kernel[1]);
        canvas.text(x + 2, y + 3, format("← parent %lld B (second pipe)", static_cast<long long>(back)), Style::normal, inner);
        gauge(canvas, x + 2, y + 4, inner, static_cast<double>(back) / kCapacity, Style::kernel);
    } else if (height > 4) {
        const std::size_t size = model.run().workload.message_size;
        canvas.text(x + 2, y + 3, format("%lld message(s) waiting", static_cast<long long>(forward / static_cast<std::int64_t>(size))),
                    Style::dim, inner);
    }
}

void unix_panel(Canvas& canvas, int x, int y, int width, int height, const ViewModel& model, const StepState& state) {
    const std::string path = model.run().sides[0].endpoint.empty() ? "(socket file)" : model.run().sides[0].endpoint;
    canvas.box(x, y, width, height, middle_ellipsis(path, width - 8), Style::kernel, Style::accent);
    const int inner = width - 4;
    canvas.text(x + 2, y + 1, "⇄ full duplex", Style::bold, inner);
    canvas.text(x + 2, y + 2,
                format("%s → %s: %llu msgs sent", model.run().sides[0].role.c_str(), model.run().sides[1].role.c_str(),
                       static_cast<unsigned long long>(state.channel.sends[0])),
                state.channel.flow != ChannelView::Flow::none && state.channel.flow_side == 0 ? Style::user : Style::normal,
                inner);
    canvas.text(x + 2, y + 3,
                format("%s → %s: %llu msgs sent", model.run().sides[1].role.c_str(), model.run().sides[0].role.c_str(),
                       static_cast<unsigned long long>(state.channel.sends[1])),
                state.channel.flow != ChannelView::Flow::none && state.channel.flow_side == 1 ? Style::user : Style::normal,
                inner);
    if (height > 5) {
        canvas.text(x + 2, y + 4,
                    format("in the kernel: %lld B →  %lld B ←",
                           static_cast<long long>(std::max<std::int64_t>(0, state.channel.bytes_in_kernel[0])),
                           static_cast<long long>(std::max<std::int64_t>(0, state.channel.bytes_in_kernel[1]))),
                    Style::dim, inner);
    }
}

void tcp_panel(Canvas& canvas, int x, int y, int width, int height, const ViewModel& model, const StepState& state) {
    const int inner = width - 4;
    const bool lit = state.channel.flow != ChannelView::Flow::none;
    const bool down = state.channel.flow == ChannelView::Flow::down;
    // The title says whose stack the message is passing through, and which way.
    const std::string& who = model.run().sides[state.channel.flow_side].role;
    canvas.box(x, y, width, height, lit ? "network stack · " + who + (down ? " sends" : " receives") : "kernel · network stack",
               Style::kernel, Style::kernel);
    static const char* const kLayers[3][2] = {
        {"Socket API", "send/recv"}, {"TCP layer", "seq · checksum"}, {"IP · loopback", "lo interface"}};
    const char* arrow = down ? "↓" : "↑";
    for (int layer = 0; layer < 3 && layer + 1 < height - 1; ++layer) {
        const Style style = lit ? Style::highlight : Style::normal;
        canvas.fill(x + 2, y + 1 + layer, inner, 1, lit ? Style::highlight : Style::normal);
        canvas.text(x + 2, y + 1 + layer, format("%s %-14s %s", lit ? arrow : " ", kLayers[layer][0], kLayers[layer][1]),
                    style, inner);
    }

    if (height > 5) {
        // The kernel's own figures for the run (TCP_INFO of the server's socket): payload bytes sent
        // and acknowledged (relative sequence numbers), segments out and in.
        const TcpCounters& server = model.run().sides[0].tcp;
        canvas.text(x + 2, y + 4,
                    format("TCP_INFO sent %llu acked %llu B · segs %llu out %llu in",
                           static_cast<unsigned long long>(server.bytes_sent),
                           static_cast<unsigned long long>(server.bytes_acked),
                           static_cast<unsigned long long>(server.segments_out),
                           static_cast<unsigned long long>(server.segments_in)),
                    Style::dim, inner);
    }
}

void shm_panel(Canvas& canvas, int x, int y, int width, int height, const ViewModel& model, const StepState& state) {
    canvas.box(x, y, width, height, "// shared memory", Style::user, Style::user);
    const int inner = width - 4;
    const ChannelView& channel = state.channel;
    canvas.text(x + 2, y + 1, "seq", Style::dim);
    canvas.text(x + 9, y + 1, channel.slot_sequence == 0 ? std::string("—") : std::to_string(channel.slot_sequence),
                Style::bold, inner - 7);
    canvas.text(x + 2, y + 2, "data", Style::dim);
    if (channel.slot_sequence > 0) {
        // The harness's messages follow a known pattern: show the bytes of the message in the slot.
        std::vector<std::byte> bytes(std::min<std::size_t>(model.run().workload.message_size, 8));
        detail::fill_message(bytes, channel.slot_sequence - 1);
        std::string hex;
        for (const std::byte b : bytes) hex += format("%02x ", static_cast<unsigned>(b));
        canvas.text(x + 9, y + 2, hex + "…", Style::normal, inner - 7);
    } else {
        canvas.text(x + 9, y + 2, "—", Style::dim);
    }
    canvas.text(x + 2, y + 3, "ready", Style::dim);
    canvas.text(x + 9, y + 3, channel.slot_ready ? "true" : "false", channel.slot_ready ? Style::ok : Style::normal);
    if (height > 5 && channel.slot_offset >= 0) {
        canvas.text(x + 2, y + 4, format("slot word at +0x%03x · user space", channel.slot_offset), Style::dim, inner);
    }
}

void metrics_box(Canvas& canvas, int x, int y, int width, int height, const ViewModel& model) {
    canvas.box(x, y, width, height, "Metrics", Style::dim, Style::title);
    const Metrics& m = model.run().metrics;
    const std::string name(model.mechanism().name);
    std::vector<std::pair<std::string, std::string>> rows;
    rows.emplace_back("Copies / msg", format("%.2f", m.kernel_copies));
    if (m.user_copies > 0) rows.emplace_back("User copies / msg", format("%.2f", m.user_copies));
    rows.emplace_back("Syscalls / msg", format("%.2f", m.syscalls));
    rows.emplace_back("Kernel involved", m.kernel_copies > 0 || m.syscalls >= 1 ? "Yes" : "No");
    if (name == "unix") rows.emplace_back("Direction", "Bidirectional");
    if (name == "unix" || name == "tcp") rows.emplace_back("Cross-host", name == "tcp" ? "Yes" : "No");
    const Calibration& calibration = model.calibration();
    rows.emplace_back("Avg latency", calibration.ok ? duration(calibration.round_trip_us) + " rt" : "—");
    rows.emplace_back("Throughput", calibration.ok ? rate(calibration.messages_per_s) : "—");
    if (model.reference()) {
        const std::string reference = ViewModel::reference_for(name);
        const Calibration& other = *model.reference();
        std::string value = "—";
        if (calibration.ok && other.ok && other.round_trip_us > 0) {
            const double ratio = calibration.round_trip_us / other.round_trip_us;
            if (reference == "pipe" && ratio >= 1 / 1.2 && ratio <= 1.2) {
                value = format("similar (×%.2f)", ratio);
            } else if (ratio < 1) {
                value = format("×%.1f faster", 1 / ratio);
            } else {
                value = format("×%.1f slower", ratio);
            }
        }
        rows.emplace_back("vs " + reference, value);
    }
    const int inner = width - 4;
    if (!model.run().ok) {  // a failed run measured nothing worth showing: the counts would mislead
        for (auto& row : rows) {
            if (row.first != "Direction" && row.first != "Cross-host") row.second = "—";
        }
    }
    for (std::size_t i = 0; i < rows.size() && static_cast<int>(i) < height - 2; ++i) {
        const int row = y + 1 + static_cast<int>(i);
        canvas.text(x + 2, row, rows[i].first, Style::dim, inner);
        canvas.text(x + 2 + inner - columns(rows[i].second), row, rows[i].second, Style::bold, inner);
    }
}

void log_box(Canvas& canvas, int x, int y, int width, int height, const ViewModel& model, std::size_t step) {
    const auto& events = model.events();
    canvas.box(x, y, width, height, format("Event log · %zu / %zu", step, events.size()), Style::dim, Style::title);
    const int rows = height - 2;
    const int inner = width - 4;
    // Keep the current event (step - 1) in view, a third of the way down.
    const long current = static_cast<long>(step) - 1;
    long first = std::max(0L, current - rows / 3);
    first = std::max(0L, std::min(first, static_cast<long>(events.size()) - rows));
    for (int r = 0; r < rows; ++r) {
        const long index = first + r;
        if (index >= static_cast<long>(events.size())) break;
        const TraceEvent& event = events[static_cast<std::size_t>(index)];
        const bool marker = event.call == Call::message_sent || event.call == Call::message_received;
        const bool is_current = index == current;
        const std::string who = model.run().side(event.side).role;
        std::string line = format("%-7s", who.c_str()) + format_call(event);
        const std::string took = marker ? std::string() : duration(static_cast<double>(event.end_ns - event.start_ns) / 1000.0);
        const Style style = is_current ? Style::highlight : (marker ? Style::dim : Style::normal);
        if (is_current) canvas.fill(x + 2, y + 1 + r, inner, 1, Style::highlight);
        canvas.text(x + 2, y + 1 + r, line, style, inner - columns(took) - 1);
        canvas.text(x + 2 + inner - columns(took), y + 1 + r, took, is_current ? Style::highlight : Style::dim);
    }
}

}  // namespace

double steps_per_second(int speed) { return std::pow(2.0, speed - 1); }

void render_home(Canvas& canvas, int selected) {
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
              {{"←↑↓→", "choose"}, {"Enter", "open"}, {"1-5", "open"}, {"?", "help"}, {"q", "quit"}});
}

void render_mechanism(Canvas& canvas, const ViewModel& model, const UiState& ui) {
    const int width = canvas.width();
    const int height = canvas.height();
    const StepState& state = model.at(ui.step);
    const RunResult& run = model.run();
    const Workload& workload = run.workload;

    canvas.text(1, 0, std::string(model.mechanism().title), Style::title);
    canvas.text(2 + columns(model.mechanism().title), 0, "· ipcviz view", Style::dim);
    const std::string about = format("%s · %zu × %zu B %s%s", ui.impl.c_str(), workload.messages, workload.message_size,
                                     workload.pattern == Pattern::one_way ? "one-way" : "round trip",
                                     ui.playing ? format(" · ▶ %.0f/s", steps_per_second(ui.speed)).c_str() : "");
    canvas.text(width - 1 - columns(about), 0, about, Style::dim);

    const int top_height = height >= 30 ? 7 : 6;
    const int process_width = width >= 110 ? 26 : 22;
    const int channel_x = 1 + process_width + 1;
    const int channel_width = width - 2 * process_width - 4;
    process_box(canvas, 1, 1, process_width, top_height, model, state, 0);
    const std::string name(model.mechanism().name);
    if (name == "pipe") pipe_panel(canvas, channel_x, 1, channel_width, top_height, model, state);
    if (name == "unix") unix_panel(canvas, channel_x, 1, channel_width, top_height, model, state);
    if (name == "tcp") tcp_panel(canvas, channel_x, 1, channel_width, top_height, model, state);
    if (name == "shm") shm_panel(canvas, channel_x, 1, channel_width, top_height, model, state);
    process_box(canvas, width - 1 - process_width, 1, process_width, top_height, model, state, 1);

    const int counter_y = 1 + top_height;
    const std::string counter = format("%zu / %zu %s", state.messages_done, workload.messages,
                                       workload.pattern == Pattern::one_way ? "messages" : "round trips");
    canvas.text(2, counter_y, counter, Style::bold);
    gauge(canvas, 4 + columns(counter), counter_y, std::min(30, width - 10 - columns(counter)),
          static_cast<double>(state.messages_done) / static_cast<double>(workload.messages), Style::ok);

    const int explanation_rows = height >= 30 ? 5 : 4;
    const int middle_y = counter_y + 1;
    const int middle_height = height - middle_y - explanation_rows - 2;
    const int metrics_width = width >= 110 ? 36 : 30;
    metrics_box(canvas, 1, middle_y, metrics_width, middle_height, model);
    log_box(canvas, 2 + metrics_width, middle_y, width - metrics_width - 3, middle_height, model, ui.step);

    const int status_y = height - 2;
    if (!run.ok) {
        // What went wrong takes the explanation's place: for a student, it is the lesson now.
        canvas.wrapped(2, middle_y + middle_height, width - 4, explanation_rows, "✗ " + run.failure, Style::error);
        canvas.text(1, status_y,
                    run.trace.empty() ? "The run failed before its first call." : "The log shows what happened up to the failure.",
                    Style::dim, width - 2);
    } else {
        canvas.wrapped(2, middle_y + middle_height, width - 4, explanation_rows, explanation(model), Style::normal);
        const Calibration& calibration = model.calibration();
        std::string source = "Counts from this run; latency and throughput from untraced runs at start";
        if (width >= 110) source += format(" (%zu round trips, %zu messages)", calibration.round_trips, calibration.streamed);
        canvas.text(1, status_y, calibration.ok ? source : "Calibration failed: " + calibration.failure, Style::dim,
                    width - 2);
    }
    keys_line(canvas, height - 1,
              {{"→␣", "next"}, {"←", "back"}, {"p", ui.playing ? "pause" : "play"}, {"+-", "speed"},
               {"1-4 ⇥", "switch"}, {"r", "rerun"}, {"?", "help"}, {"q", "quit"}});
}

void render_help(Canvas& canvas) {
    static const char* const kLines[][2] = {
        {"→  space", "next event"},      {"←", "previous event"},         {"Home  End", "first / last event"},
        {"PgUp PgDn", "ten events back / on"}, {"p", "play / pause"},     {"+  -", "faster / slower"},
        {"1 2 3 4", "shared memory, pipe, Unix, TCP: a fresh run"},
        {"Tab", "next mechanism"},       {"r", "run again"},              {"b", "the benchmark (race all four)"},
        {"h  Esc", "home screen"},
        {"?", "this help"},              {"q", "quit"},
    };
    const int rows = static_cast<int>(sizeof kLines / sizeof kLines[0]);
    const int width = std::min(canvas.width() - 4, 64);
    const int height = rows + 4;
    const int x = (canvas.width() - width) / 2;
    const int y = std::max(0, (canvas.height() - height) / 2);
    canvas.fill(x, y, width, height, Style::normal);
    canvas.box(x, y, width, height, "Keys", Style::accent, Style::title);
    for (int i = 0; i < rows; ++i) {
        canvas.text(x + 2, y + 1 + i, kLines[i][0], Style::bold, 12);
        canvas.text(x + 15, y + 1 + i, kLines[i][1], Style::normal, width - 17);
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

void render_too_small(Canvas& canvas) {
    const std::string need = format("ipcviz needs at least %d×%d; this terminal is %d×%d.", kMinWidth, kMinHeight,
                                    canvas.width(), canvas.height());
    canvas.wrapped(1, 0, std::max(1, canvas.width() - 2), canvas.height(),
                   need + " Enlarge it, or press q to quit.", Style::warning);
}

}  // namespace ipcviz::view

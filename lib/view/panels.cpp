#include "panels.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "ipcviz/report.hpp"
#include "ring_panel.hpp"
#include "text.hpp"

namespace ipcviz::view::panels {

namespace {

using text::format;

Style state_style(ProcessState state) {
    switch (state) {
        case ProcessState::writing: return Style::user;
        case ProcessState::reading: return Style::accent;
        case ProcessState::blocked: return Style::kernel;
        case ProcessState::done: return Style::ok;
        case ProcessState::failed: return Style::error;
        case ProcessState::idle: return Style::dim;
        case ProcessState::running: return Style::normal;
        case ProcessState::user: return Style::normal;
        case ProcessState::returned: return Style::normal;
    }
    return Style::normal;
}

// "abc…xyz": @p text shortened to @p width columns, keeping both ends.
std::string middle_ellipsis(const std::string& text, int width) {
    if (columns(text) <= width || width < 5) return text;
    const int keep = width - 1;
    const int head = keep / 2;
    return text.substr(0, static_cast<std::size_t>(head)) + "…" +
           text.substr(text.size() - static_cast<std::size_t>(keep - head));
}

// "640 B", "12.5 KiB", "3.0 MiB"
std::string bytes_text(std::uint64_t bytes) {
    if (bytes >= (std::uint64_t{10} << 20)) return format("%.1f MiB", static_cast<double>(bytes) / (1 << 20));
    if (bytes >= (std::uint64_t{10} << 10)) return format("%.1f KiB", static_cast<double>(bytes) / (1 << 10));
    return format("%llu B", static_cast<unsigned long long>(bytes));
}

void pipe_panel(Canvas& canvas, int x, int y, int width, int height, const ViewModel& model, const StepState& state) {
    canvas.box(x, y, width, height, "kernel · pipe buffer", Style::kernel, Style::kernel);
    const int inner = width - 4;
    constexpr double kCapacity = 65536;
    const bool duplex = model.run().workload.pattern == Pattern::round_trip;
    // A write's bytes count from its start, a read's are taken at its return: never below zero.
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
                format("%s → %s: %llu sent", model.run().sides[0].role.c_str(), model.run().sides[1].role.c_str(),
                       static_cast<unsigned long long>(state.channel.messages_sent[0])),
                state.channel.flow != ChannelView::Flow::none && state.channel.flow_side == 0 ? Style::user : Style::normal,
                inner);
    canvas.text(x + 2, y + 3,
                format("%s → %s: %llu sent", model.run().sides[1].role.c_str(), model.run().sides[0].role.c_str(),
                       static_cast<unsigned long long>(state.channel.messages_sent[1])),
                state.channel.flow != ChannelView::Flow::none && state.channel.flow_side == 1 ? Style::user : Style::normal,
                inner);
    if (height > 5) {
        canvas.text(x + 2, y + 4,
                    format("kernel: → %lld B  ← %lld B",
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
    std::string title = lit ? who + (down ? " sends" : " receives") : "kernel · network stack";
    if (lit && columns("network stack · " + title) + 6 <= width) title = "network stack · " + title;
    canvas.box(x, y, width, height, title, Style::kernel, Style::kernel);
    static const char* const kLayers[3][2] = {
        {"Socket API", "send/recv"}, {"TCP layer", "seq · checksum"}, {"IP · loopback", "lo interface"}};
    static const char* const kNarrow[3][2] = {
        {"Socket API", "send/recv"}, {"TCP", "seq · checksum"}, {"IP", "loopback, lo"}};
    const char* arrow = down ? "↓" : "↑";
    for (int layer = 0; layer < 3 && layer + 1 < height - 1; ++layer) {
        const Style style = lit ? Style::highlight : Style::normal;
        canvas.fill(x + 2, y + 1 + layer, inner, 1, lit ? Style::highlight : Style::normal);
        // Two columns where they fit (29 wide), else each layer in one phrase.
        const std::string text = inner >= 29
                                     ? format("%s %-14s %s", lit ? arrow : " ", kLayers[layer][0], kLayers[layer][1])
                                     : format("%s %s · %s", lit ? arrow : " ", kNarrow[layer][0], kNarrow[layer][1]);
        canvas.text(x + 2, y + 1 + layer, text, style, inner);
    }

    // Per step, what the trace knows: bytes written into each socket and not yet read by the peer.
    // The segments are TCP_INFO's, read once after the run: a whole-run figure, labelled so, shown
    // below the layers when there is room and otherwise at the last step only.
    const TcpCounters& server = model.run().sides[0].tcp;
    const std::string in_kernel =
        format("kernel: → %lld B  ← %lld B",
               static_cast<long long>(std::max<std::int64_t>(0, state.channel.bytes_in_kernel[0])),
               static_cast<long long>(std::max<std::int64_t>(0, state.channel.bytes_in_kernel[1])));
    const std::string segments =
        inner >= 40 ? format("whole run (TCP_INFO): %llu segs out, %llu in",
                             static_cast<unsigned long long>(server.segments_out),
                             static_cast<unsigned long long>(server.segments_in))
                    : format("whole run: %llu segs out", static_cast<unsigned long long>(server.segments_out));
    if (height > 6) {
        canvas.text(x + 2, y + 4, in_kernel, Style::dim, inner);
        canvas.text(x + 2, y + 5, segments, Style::dim, inner);
    } else if (height > 5) {
        const bool last = model.is_last(state.step);
        canvas.text(x + 2, y + 4, last ? segments : in_kernel, Style::dim, inner);
    }
}

}  // namespace

void gauge(Canvas& canvas, int x, int y, int width, double fraction, Style style) {
    const int filled = std::clamp(static_cast<int>(std::lround(fraction * width)), fraction > 0 ? 1 : 0, width);
    for (int i = 0; i < width; ++i) canvas.text(x + i, y, i < filled ? "█" : "░", i < filled ? style : Style::dim);
}

void process_box(Canvas& canvas, int x, int y, int width, int height, const ViewModel& model, const StepState& state,
                 int side) {
    const ProcessView& process = state.processes[side];
    const SideReport& report = model.run().sides[side];
    canvas.box(x, y, width, height, process.role, Style::dim, Style::title);
    const int inner = width - 4;
    const std::string pid = process.pid > 0 ? format("pid %d", process.pid) : std::string("not started");
    std::string who = pid + " · " + report.duty;
    if (model.mechanism().name == "tcp") {
        // Server :port, client 127.0.0.1 — as the design shows them, where they fit.
        const std::size_t colon = report.endpoint.rfind(':');
        const std::string where = side == 0
                                      ? (colon == std::string::npos ? std::string() : report.endpoint.substr(colon))
                                      : std::string("127.0.0.1");
        if (!where.empty() && columns(pid + " · " + where) <= inner) who = pid + " · " + where;
    }
    if (columns(who) > inner) who = pid;
    canvas.text(x + 2, y + 1, who, Style::normal, inner);
    const int used = canvas.text(x + 2, y + 2, state_name(process.state), state_style(process.state), inner);
    if (process.in_kernel) {
        canvas.text(x + 2 + used, y + 2, used + 12 <= inner ? " · in kernel" : " · kernel", Style::kernel,
                    inner - used);
    }
    if (height > 4) {
        // strace's form where the box is narrow: "sendmsg(4, 68) = 68" for "sendmsg(fd 4, 68) = 68".
        std::string doing = process.doing;
        if (columns(doing) > inner) doing = brief_call(doing);
        if (columns(doing) > inner) {  // a long setup call: visibly cut (the log has it whole)
            const int written = canvas.text(x + 2, y + 3, doing, Style::dim, inner - 1);
            canvas.text(x + 2 + written, y + 3, "…", Style::dim);
        } else {
            canvas.text(x + 2, y + 3, doing, Style::dim, inner);
        }
    }
    if (height > 5) {
        // What this process has done so far (its own trace: setup calls included).
        const Tally& tally = process.so_far;
        const std::uint64_t moved = tally.bytes_to_kernel + tally.bytes_from_kernel + tally.bytes_user_copied;
        canvas.text(x + 2, y + 4,
                    format("%llu syscall%s · %s", static_cast<unsigned long long>(tally.syscalls),
                           tally.syscalls == 1 ? "" : "s", bytes_text(moved).c_str()),
                    Style::dim, inner);
    }
}

void channel_panel(Canvas& canvas, int x, int y, int width, int height, const ViewModel& model,
                   const StepState& state) {
    const std::string name(model.mechanism().name);
    if (name == "pipe") pipe_panel(canvas, x, y, width, height, model, state);
    if (name == "unix") unix_panel(canvas, x, y, width, height, model, state);
    if (name == "tcp") tcp_panel(canvas, x, y, width, height, model, state);
    if (name == "shm") shm_panel(canvas, x, y, width, height, model, state);
}

}  // namespace ipcviz::view::panels

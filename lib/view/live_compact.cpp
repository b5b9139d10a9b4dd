// Live mode in the compact layout (issue 12): the projector's zoomed terminal, from 60×20. The same
// rule as the compact replay (compact_screen.cpp): each line says its piece in the longest form that
// fits, and a piece that fits in no form is left out whole, never cut.
#include "live_screen.hpp"

#include <string>
#include <vector>

#include "compact_screen.hpp"
#include "screens.hpp"
#include "text.hpp"

namespace ipcviz::view {

namespace {

using text::format;

// @p text up to (not including) @p marker, or empty when the marker is not in it.
std::string before(const std::string& text, const std::string& marker) {
    const std::size_t at = text.find(marker);
    return at == std::string::npos || at == 0 ? std::string() : text.substr(0, at);
}

// @p text after the first @p marker, or empty when the marker is not in it.
std::string after(const std::string& text, const std::string& marker) {
    const std::size_t at = text.find(marker);
    return at == std::string::npos ? std::string() : text.substr(at + marker.size());
}

// What the side does, ever shorter: the whole call, the call's name alone, the state alone.
std::vector<std::string> state_forms(const LiveSideView& side, bool ended) {
    const std::string full = live_state_text(side, ended);
    std::vector<std::string> forms = {full};
    const std::string name_only = before(full, "(");
    if (!name_only.empty()) forms.push_back(name_only + "()");
    if (const std::string head = before(full, " inside "); !head.empty()) forms.push_back(head);
    if (const std::string head = before(full, " before "); !head.empty()) forms.push_back(head);
    return forms;
}

// The kernel's view, ever shorter; "(at the gate)" is kept as long as anything is.
std::vector<std::string> kernel_forms(const KernelView& kernel, LiveRun::State state) {
    const std::string full = live_kernel_text(kernel, state);
    if (kernel.state.empty()) return {full};
    const std::string gate = state == LiveRun::State::stopped && kernel.state != "Z" ? " (at the gate)" : "";
    const std::string where = kernel.wchan.empty() ? std::string() : " in " + kernel.wchan;
    return {full, "kernel: " + kernel.state + where + gate, "kernel: " + kernel.state + where, "kernel: " + kernel.state};
}

// A process as a box of two lines: its state, then the kernel's view (or, once ended, its error).
void side_box(Canvas& canvas, int y, int width, const LiveSideView& side, bool selected, bool ended) {
    const std::string mark = selected ? "▸ " : "";
    const std::string pid = side.pid != 0 ? "pid " + std::to_string(side.pid) : std::string();
    const int title_room = width - 6;
    std::string title = first_fitting({mark + side.role + " · " + side.duty + (pid.empty() ? "" : " · " + pid),
                                       mark + side.role + (pid.empty() ? "" : " · " + pid), mark + side.role},
                                      title_room);
    canvas.box(1, y, width, 4, title, selected ? Style::accent : Style::dim, Style::title);
    const int inner = width - 4;
    const Style state_style = side.state == LiveRun::State::in_call ? Style::kernel
                              : side.state == LiveRun::State::stopped ? Style::highlight
                                                                      : Style::user;
    canvas.text(3, y + 1, first_fitting(state_forms(side, ended), inner), state_style);
    if (!ended) {
        canvas.text(3, y + 2, first_fitting(kernel_forms(side.kernel, side.state), inner), Style::normal);
    } else if (!side.error.empty()) {
        canvas.text(3, y + 2, first_fitting({side.error, after(side.error, "threw: ")}, inner), Style::warning);
    }
}

// What the channel holds, as the full layout says it, or shorter.
std::string channel_line(const LiveChannelView& channel, int width) {
    if (channel.shared_memory) {
        std::vector<std::string> pieces = {"no kernel buffer"};
        if (channel.words.empty()) pieces.push_back("no shared word touched yet");
        for (auto word = channel.words.rbegin(); word != channel.words.rend(); ++word) pieces.push_back(*word);
        return fitting(pieces, width);
    }
    const auto bytes = static_cast<long long>(channel.bytes_in_kernel);
    return first_fitting({format("in the kernel: %lld bytes written and not yet read", bytes),
                          format("in the kernel: %lld B unread", bytes)},
                         width);
}

// The rows @p text takes wrapped at @p width (counted on a scratch canvas, as drawn).
int rows_of(const std::string& text, int width) {
    Canvas scratch(width, 1);
    return scratch.wrapped(0, 0, width, 1 << 10, text);
}

}  // namespace

void render_live_compact(Canvas& canvas, const LiveFrame& frame) {
    const int width = canvas.width(), height = canvas.height();
    const int inner = width - 4;
    const std::string pace = frame.ended ? "ended" : frame.pacing ? format("pace %g/s", frame.pace_per_s) : "paused";
    canvas.text(1, 0, fitting({"Live · " + frame.mechanism, pace, frame.impl}, width - 2), Style::title);

    // The two processes, with the channel between them.
    side_box(canvas, 1, width - 2, frame.sides[0], frame.selected == Side::parent, frame.ended);
    canvas.box(1, 5, width - 2, 3, "Channel", Style::kernel, Style::kernel);
    canvas.text(3, 6, channel_line(frame.channel, width - 6), Style::normal);
    side_box(canvas, 8, width - 2, frame.sides[1], frame.selected == Side::child, frame.ended);

    // The counter, the steps, each side's calls so far (by initial, as the replay's figures); then the
    // last call the trace recorded.
    canvas.text(2, 12,
                fitting({format("%zu / %zu messages", frame.delivered, frame.messages), format("step %zu", frame.steps),
                         format("calls %s %llu · %s %llu", frame.sides[0].role.substr(0, 1).c_str(),
                                static_cast<unsigned long long>(frame.sides[0].calls),
                                frame.sides[1].role.substr(0, 1).c_str(),
                                static_cast<unsigned long long>(frame.sides[1].calls))},
                        inner),
                Style::bold);
    const std::string last = frame.log.empty() ? std::string("no call yet: → lets the first one go") : frame.log.back();
    const std::string shown = first_fitting({last, before(last, " = "), before(last, "(") + "()"}, width - 9);
    if (!shown.empty()) {
        canvas.text(2, 13, "Last", Style::dim);
        canvas.text(7, 13, shown, Style::normal);
    }

    // The notice, whole or not at all; below it, earlier calls while there is room.
    int y = 15;
    const int last_row = height - 2;
    if (!frame.notice.empty()) {
        const std::string notice = rows_of(frame.notice, inner) <= last_row - y + 1 ? frame.notice : before(frame.notice, ": ");
        if (!notice.empty() && rows_of(notice, inner) <= last_row - y + 1) {
            y += canvas.wrapped(2, y, inner, last_row - y + 1, notice,
                                frame.ended && !frame.ok ? Style::warning : Style::bold);
            ++y;
        }
    }
    const int room = last_row - y + 1;
    if (room > 0 && frame.log.size() > 1) {
        std::vector<std::string> earlier;  // newest first, only whole lines
        for (auto line = frame.log.rbegin() + 1; line != frame.log.rend() && static_cast<int>(earlier.size()) < room; ++line) {
            if (columns(*line) <= inner) earlier.push_back(*line);
        }
        for (std::size_t i = 0; i < earlier.size(); ++i) {
            canvas.text(2, y + static_cast<int>(earlier.size() - 1 - i), earlier[i], Style::dim);
        }
    }

    if (frame.ended) {
        keys_line(canvas, height - 1, {{"q", "quit"}, {"Esc", "home"}, {"?", "keys"}});
    } else {
        keys_line(canvas, height - 1, {{"→", "next"}, {"Tab", "other"}, {"p", frame.pacing ? "pause" : "pace"},
                                       {"k", "kill"}, {"c", "close"}, {"q", "quit"}, {"?", "keys"}});
    }
}

}  // namespace ipcviz::view

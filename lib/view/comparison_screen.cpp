#include "comparison_screen.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "big_digits.hpp"
#include "compact_screen.hpp"
#include "panels.hpp"
#include "screens.hpp"
#include "text.hpp"

namespace ipcviz::view {

namespace {

using text::format;

std::string count(std::uint64_t value) { return std::to_string(value); }

// A process as one line: its role and pid, its state, whether it is in the kernel, its call; the
// longest form that fits (never cut): the call goes before the pid, the pid before "in kernel".
std::string process_text(const ProcessView& process, int width) {
    const std::string state = state_name(process.state);
    const std::string where = process.in_kernel ? " · in kernel" : "";
    const std::string who = process.pid > 0 ? process.role + " · pid " + std::to_string(process.pid) : process.role;
    const std::string doing = process.doing.empty() ? std::string() : "  " + process.doing;
    const std::string brief = process.doing.empty() ? std::string() : "  " + brief_call(process.doing);
    return first_fitting({who + "  " + state + where + doing, who + "  " + state + where + brief,
                          process.role + "  " + state + where + doing, process.role + "  " + state + where + brief,
                          who + "  " + state + where, process.role + "  " + state + where, process.role + "  " + state},
                         width);
}

// "Pipe", or "Pipe · ✗ stopped after message 3" once the run has stopped short of message k.
std::string pane_title(const ComparedRun& run, const MessageFigures& figures, int width) {
    const std::string title(run.model.mechanism().title);
    if (figures.reached) return title;
    return first_fitting({title + format(" · ✗ stopped after message %zu", figures.delivered),
                          title + format(" · ✗ stopped at %zu", figures.delivered), title + " · ✗"},
                         width);
}

// The figures' two lines: syscalls (so far, per message, this message's) and bytes copied; per
// round trip in a round trip. A figure the trace ring may have cut is "—", never a short number.
std::pair<std::string, std::string> figure_lines(const ComparedRun& run, const MessageFigures& figures, bool hidden,
                                                 int width) {
    const std::string unit = unit_of(run.model.run().workload);
    const auto shown = [&](bool counted, const std::string& value) {
        return hidden ? std::string(kHidden) : counted ? value : std::string(kUncounted);
    };
    const std::string per = shown(figures.counted, per_message_text(figures.syscalls_per_message()));
    const std::string syscalls = shown(figures.counted, count(figures.syscalls));
    const std::string this_one = shown(figures.message_counted, count(figures.message_syscalls));
    const bool started = figures.message > 0;
    std::string first = fitting({"Syscalls " + syscalls, started ? per + " per " + unit : std::string(),
                                 started && figures.reached ? "this " + unit + " " + this_one : std::string()},
                                width);
    const double size = static_cast<double>(run.model.run().workload.message_size);
    const std::size_t k = figures.reached ? figures.message : figures.delivered;
    const auto bytes = [&](std::uint64_t value) { return shown(figures.counted, count(value)); };
    const std::string copies =
        k == 0 ? std::string(kHidden)
               : shown(figures.counted, per_message_text(static_cast<double>(figures.kernel_bytes) / size / static_cast<double>(k)));
    // Shared memory copies in user space: that first, what went through the kernel after it.
    const bool user_first = figures.user_bytes > 0 || run.model.mechanism().name == "shm";
    const std::string kernel = bytes(figures.kernel_bytes) + " B via the kernel";
    const std::string user = bytes(figures.user_bytes) + " B in user space";
    std::string second = fitting({"Copied " + (user_first ? user : kernel), user_first ? kernel : std::string(),
                                  started ? copies + " kernel copies per " + unit : std::string()},
                                 width);
    return {first, second};
}

// One run's pane: a box titled with its mechanism, the two processes with the channel between
// them, the figures, then (where there is room) why it stopped and its syscalls in large digits.
void draw_pane(Canvas& canvas, int x, int y, int width, int height, const ComparedRun& run, const CompareUi& ui) {
    const MessageFigures& figures = run.ledger.at(ui.message);
    const StepState& state = run.model.at(figures.step);
    const bool hidden = ui.reveal.step_hidden(ui.message);
    const int inner = width - 4;
    canvas.box(x, y, width, height, pane_title(run, figures, width - 6), figures.reached ? Style::dim : Style::error,
               figures.reached ? Style::title : Style::error);
    const int left = x + 2;
    int row = y + 1;
    const int bottom = y + height - 1;  // the box's lower edge
    canvas.text(left, row++, process_text(state.processes[0], inner), state.processes[0].in_kernel ? Style::kernel : Style::normal);
    std::string channel_title;
    canvas.text(left, row++, channel_text(run.model, state, inner, channel_title), Style::kernel);
    canvas.text(left, row++, process_text(state.processes[1], inner), state.processes[1].in_kernel ? Style::kernel : Style::normal);
    const auto [first, second] = figure_lines(run, figures, hidden, inner);
    canvas.text(left, row++, first, Style::bold);
    canvas.text(left, row++, second, Style::normal);
    // At the last message, where there is a row for it: the run's figures per message from the
    // harness's own counters (its measured window), beside the trace's count above.
    const RunResult& result = run.model.run();
    // Per message, or per round trip as the figures above (the harness divides by messages moved).
    if (result.ok && figures.reached && ui.message > 0 && ui.message == run.ledger.messages() && row < bottom) {
        const auto figure = [&](double value) { return hidden ? std::string(kHidden) : format("%.2f", per_unit(result, value)); };
        const std::string whole = "Whole run: " + figure(result.metrics.syscalls) + " syscalls";
        const std::string per = result.workload.pattern == Pattern::one_way ? "/msg"
                                : columns(whole + "/round trip") <= inner ? "/round trip" : "/trip";
        canvas.text(left, row++,
                    fitting({whole + per,
                             figure(result.metrics.kernel_copies) + " kernel copies" + per,
                             result.metrics.user_copies > 0 ? figure(result.metrics.user_copies) + " user copies" + per : std::string()},
                            inner),
                    Style::dim);
    }
    // Why a figure is "—", where there is a row for it (the status line says it too).
    if (run.ledger.uncounted() > 0 && ui.message > 0 && row < bottom) {
        canvas.text(left, row++, uncounted_reason(run, inner), Style::dim);
    }
    if (!figures.reached && bottom - row >= 2) {
        const std::string why = run.model.run().failure.empty() ? "the run delivered no more" : run.model.run().failure;
        // Whole words only: wrapped() breaks at spaces; a sentence longer than the room is left out.
        Canvas scratch(inner, 1);
        if (scratch.wrapped(0, 0, inner, 1 << 10, "✗ " + why) <= bottom - row - 1) {
            row += 1 + canvas.wrapped(left, row + 1, inner, bottom - row - 1, "✗ " + why, Style::error);
        }
    }
    // The syscalls so far in large digits: the figure to read from the back of the hall.
    const std::string unit = unit_of(result.workload);
    const std::string label = ui.message == 0 ? "syscalls"
                                              : format("syscalls, %ss 1–%zu", unit.c_str(), figures.reached ? ui.message : figures.delivered);
    const std::string number = hidden ? kHidden : count(figures.syscalls);
    if (figures.counted && bottom - row >= kBigHeight + 2 && big_width(number) <= inner && columns(label) <= inner) {
        canvas.text(left, row + 1, label, Style::dim);
        big_text(canvas, left, row + 2, number, Style::accent);
        row += kBigHeight + 2;
    }
    // The rows left: message by message up to k, the latest last ("2 syscalls" at each, or 0).
    const std::size_t last = figures.reached ? ui.message : figures.delivered;
    const int rows = bottom - row - 1;  // a blank row, then the header and the messages
    if (rows >= 3 && last > 0) {
        canvas.text(left, ++row, "By " + unit, Style::dim);
        const std::size_t listed = std::min<std::size_t>(last, static_cast<std::size_t>(rows - 1));
        for (std::size_t m = last - listed + 1; m <= last; ++m) {
            const MessageFigures& now = run.ledger.at(m);
            const MessageFigures& before = run.ledger.at(m - 1);
            const bool shown = !ui.reveal.step_hidden(m);
            const auto figure = [&](std::uint64_t value) {
                return !shown ? std::string(kHidden) : now.message_counted ? count(value) : std::string(kUncounted);
            };
            // As the copy line: user space first where the run copies there (shared memory).
            const std::string kernel = figure(now.kernel_bytes - before.kernel_bytes) + " B kernel";
            const std::string user = figure(now.user_bytes - before.user_bytes) + " B user";
            const bool user_first = run.model.mechanism().name == "shm" || figures.user_bytes > 0;
            canvas.text(left, ++row,
                        fitting({format("%5zu  %s syscalls", m, figure(now.syscalls - before.syscalls).c_str()),
                                 user_first ? user : kernel, user_first ? kernel : std::string()},
                                inner),
                        m == last ? Style::bold : Style::normal);
        }
    }
}

// "Pipe 6 syscalls (2 per message)", or shorter: one run's part of the headline.
std::vector<std::string> headline_parts(const ComparedRun& run, const CompareUi& ui, bool hidden) {
    const MessageFigures& figures = run.ledger.at(ui.message);
    const std::string title(run.model.mechanism().title);
    const std::string name(run.model.mechanism().name);
    const std::string unit = unit_of(run.model.run().workload);
    if (!figures.reached) {
        return {format("%s stopped after %s %zu", title.c_str(), unit.c_str(), figures.delivered),
                format("%s stopped at %zu", name.c_str(), figures.delivered)};
    }
    const std::string syscalls = hidden ? kHidden : figures.counted ? count(figures.syscalls) : kUncounted;
    const std::string per = hidden ? kHidden : figures.counted ? per_message_text(figures.syscalls_per_message()) : kUncounted;
    const std::string short_unit = unit == "message" ? "msg" : "trip";
    return {title + " " + syscalls + " syscalls (" + per + " per " + unit + ")", title + " " + syscalls + " (" + per + "/" + short_unit + ")",
            name + " " + syscalls + " (" + per + "/" + short_unit + ")", title + " " + syscalls, name + " " + syscalls};
}

}  // namespace

std::string comparison_headline(const ComparedRun& left, const ComparedRun& right, const CompareUi& ui, int width) {
    if (ui.message == 0) {
        return first_fitting({"Before the first message: n (or →) goes to message 1", "Before the first message"}, width);
    }
    const bool hidden = ui.reveal.step_hidden(ui.message);
    const std::vector<std::string> a = headline_parts(left, ui, hidden);
    const std::vector<std::string> b = headline_parts(right, ui, hidden);
    std::vector<std::string> forms;
    const bool round_trips = left.model.run().workload.pattern == Pattern::round_trip;
    const std::string lead = format("%s %zu: ", round_trips ? "Round trip" : "Message", ui.message);
    for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
        forms.push_back(lead + a[std::min(i, a.size() - 1)] + " · " + b[std::min(i, b.size() - 1)]);
    }
    return first_fitting(forms, width);
}

void render_comparison(Canvas& canvas, const ComparedRun& left, const ComparedRun& right, const CompareUi& ui) {
    const int width = canvas.width();
    const int height = canvas.height();
    const Workload& workload = left.model.run().workload;
    const std::size_t messages = left.ledger.messages();
    const bool columns_layout = layout_for(ui.layout, width, height) == Layout::full;

    // The title: what is compared, what ran.
    const std::string title = first_fitting({"Side by side · " + std::string(left.model.mechanism().title) + " and " +
                                                 std::string(right.model.mechanism().title),
                                             "Side by side"},
                                            width / 2);
    canvas.text(1, 0, title, Style::title);
    const std::string about =
        fitting({format("%zu × %zu B %s", workload.messages, workload.message_size,
                        workload.pattern == Pattern::one_way ? "one-way" : "round trip"),
                 ui.impl},
                width - 4 - columns(title));
    canvas.text(width - 1 - columns(about), 0, about, Style::dim);

    // The counter, once for both: in large digits where the terminal is tall enough.
    const std::string unit = unit_of(workload);
    int y = 1;
    const int big_rows = kBigHeight + 1;
    const bool big = height >= (columns_layout ? 32 : 40);
    if (big) {
        canvas.text(2, y, unit, Style::dim);
        big_text(canvas, 2, y + 1, format("%zu/%zu", ui.message, messages), Style::ok);
        y += big_rows;
    } else {
        const std::string counter = format("%s %zu / %zu", unit == "message" ? "Message" : "Round trip", ui.message, messages);
        canvas.text(2, y, counter, Style::bold);
        const int gauge_width = std::min(30, width - 8 - columns(counter));
        if (gauge_width >= 5) {
            panels::gauge(canvas, 4 + columns(counter), y, gauge_width,
                          messages == 0 ? 0.0 : static_cast<double>(ui.message) / static_cast<double>(messages), Style::ok);
        }
        y += 1;
    }

    // The two panes.
    const int panes_bottom = height - 3;  // the headline, the status line, the keys below
    if (columns_layout) {
        const int pane_width = (width - 3) / 2;
        draw_pane(canvas, 1, y, pane_width, panes_bottom - y, left, ui);
        draw_pane(canvas, 2 + pane_width, y, pane_width, panes_bottom - y, right, ui);
    } else {
        const int pane_height = (panes_bottom - y) / 2;
        draw_pane(canvas, 1, y, width - 2, pane_height, left, ui);
        draw_pane(canvas, 1, y + pane_height, width - 2, pane_height, right, ui);
    }

    canvas.text(2, height - 3, comparison_headline(left, right, ui, width - 4), Style::bold);
    std::string status;
    Style style = Style::dim;
    if (!ui.prompt.empty()) {
        status = ui.prompt;
        style = Style::accent;
    } else if (ui.reveal.step_hidden(ui.message)) {
        status = first_fitting({"Predict, then reveal: v this " + unit + "'s figures · V all", "Predict: v reveals, V all"},
                               width - 2);
    } else if (ui.message > 0 && (left.ledger.uncounted() > 0 || right.ledger.uncounted() > 0)) {
        status = uncounted_reason(left.ledger.uncounted() > 0 ? left : right, width - 2);
    } else {
        status = first_fitting({"Each run's own figures, from its trace: the calls inside the sends and receives of " +
                                    unit + "s 1 to k",
                                "Each run's own figures, from its trace", "From each run's trace"},
                               width - 2);
    }
    canvas.text(1, height - 2, status, style);
    keys_line(canvas, height - 1,
              {{"→n", "next"}, {"←N", "back"}, {":", "go to"}, {"Esc", "home"}, {"?", "help"}, {"q", "quit"}});
}

void render_comparison_help(Canvas& canvas) {
    using Pair = std::pair<const char*, const char*>;
    static const std::vector<Pair> kKeys = {
        {"→ n ␣ l", "next message"},   {"← N h", "previous message"}, {"Home End", "first / last"},
        {":", "go to message k"},      {"v V", "reveal msg / all"},   {"P", "predict mode"},
        {"Esc", "home"},               {"?", "this help"},            {"q", "quit"},
    };
    const int width = std::min(canvas.width() - 2, 60);
    const int rows = static_cast<int>(kKeys.size());
    const int height = rows + 3;
    const int x = (canvas.width() - width) / 2;
    const int y = std::max(0, (canvas.height() - height) / 2);
    canvas.fill(x, y, width, height, Style::normal);
    canvas.box(x, y, width, height, "Keys · side by side", Style::accent, Style::title);
    for (int i = 0; i < rows; ++i) {
        canvas.text(x + 2, y + 1 + i, kKeys[static_cast<std::size_t>(i)].first, Style::bold, 10);
        canvas.text(x + 13, y + 1 + i, kKeys[static_cast<std::size_t>(i)].second, Style::normal, width - 15);
    }
    canvas.text(x + 2, y + height - 2, "Two real runs, the same workload.", Style::dim, width - 4);
}

}  // namespace ipcviz::view

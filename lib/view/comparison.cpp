#include "comparison.hpp"

#include <algorithm>

#include "ipcviz/call.hpp"
#include "compact_screen.hpp"
#include "message_navigation.hpp"
#include "text.hpp"

namespace ipcviz::view {

namespace {

using text::format;

// What one call adds to a message's figures.
struct Work {
    std::uint64_t syscalls = 0, kernel_bytes = 0, user_bytes = 0;
    void add(const Work& other) {
        syscalls += other.syscalls;
        kernel_bytes += other.kernel_bytes;
        user_bytes += other.user_bytes;
    }
};

// Counted as the model counts a process's tally (model.cpp): bytes a call moved, a copy's length.
Work work_of(const TraceEvent& event) {
    Work work;
    if (is_syscall(event.call)) {
        work.syscalls = 1;
        if ((sends_data(event.call) || receives_data(event.call)) && event.result > 0)
            work.kernel_bytes = static_cast<std::uint64_t>(event.result);
    } else if (event.call == Call::user_copy && event.asked > 0) {
        work.user_bytes = static_cast<std::uint64_t>(event.asked);
    }
    return work;
}

struct Span {
    std::int64_t start, end;
    std::size_t message;  // 1-based
};

}  // namespace

std::optional<std::vector<std::string>> parse_mechanism_list(std::string_view list) {
    std::vector<std::string> names;
    std::size_t from = 0;
    while (true) {
        const std::size_t comma = list.find(',', from);
        const std::string_view piece = list.substr(from, comma == std::string_view::npos ? std::string_view::npos : comma - from);
        if (piece.empty() || find_mechanism(piece) == nullptr) return std::nullopt;
        if (std::find(names.begin(), names.end(), piece) != names.end()) return std::nullopt;
        names.emplace_back(piece);
        if (comma == std::string_view::npos) break;
        from = comma + 1;
    }
    if (names.size() > 2) return std::nullopt;
    return names;
}

std::vector<std::string> compare_pair_for(std::string_view mechanism) {
    if (mechanism == "shm") return {"shm", "pipe"};
    return {std::string(mechanism), "shm"};
}

double MessageFigures::syscalls_per_message() const {
    const std::size_t k = reached ? message : delivered;
    return k == 0 ? 0.0 : static_cast<double>(syscalls) / static_cast<double>(k);
}

MessageLedger::MessageLedger(const ViewModel& model) {
    const std::vector<TraceEvent>& events = model.events();
    const std::size_t messages = model.run().workload.messages;
    // Each side's marker spans, in the order they started (a process makes one call at a time, so
    // the spans of one side do not overlap).
    std::vector<Span> spans[2];
    for (const TraceEvent& event : events) {
        if (event.call == Call::message_sent || event.call == Call::message_received)
            spans[static_cast<int>(event.side)].push_back({event.start_ns, event.end_ns, event.detail + 1});
    }
    for (auto& side : spans) {
        std::sort(side.begin(), side.end(), [](const Span& a, const Span& b) { return a.start < b.start; });
    }
    // The step at which each event first shows (its start, or its only point).
    std::vector<std::size_t> first_step(events.size(), 0);
    for (std::size_t step = model.steps(); step-- > 1;) {
        const TraceEvent* event = model.at(step).event;
        if (event != nullptr) first_step[static_cast<std::size_t>(event - events.data())] = step;
    }
    // The calls that belong to a message: (step, message, work), in step order.
    struct Counted {
        std::size_t step, message;
        Work work;
    };
    std::vector<Counted> counted;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const TraceEvent& event = events[i];
        if (event.call == Call::message_sent || event.call == Call::message_received) continue;
        const Work work = work_of(event);
        if (work.syscalls == 0 && work.kernel_bytes == 0 && work.user_bytes == 0) continue;
        const auto& side = spans[static_cast<int>(event.side)];
        auto after = std::upper_bound(side.begin(), side.end(), event.start_ns,
                                      [](std::int64_t time, const Span& span) { return time < span.start; });
        if (after == side.begin()) continue;  // before the first message: setting up
        const Span& span = *std::prev(after);
        if (event.start_ns > span.end || span.message > messages) continue;  // between messages, or after them
        counted.push_back({first_step[i], span.message, work});
    }
    std::stable_sort(counted.begin(), counted.end(), [](const Counted& a, const Counted& b) { return a.step < b.step; });

    // Messages whose calls the trace may have lost: when the ring dropped its oldest events, a
    // message is whole only if, on each side, an event the ring kept started before that side's
    // first span of the message (a process appends its events in the order it makes them, so all
    // it did after a kept event was kept). The ring drops a prefix: the messages before the first
    // whole one are the ones not counted.
    if (model.run().trace_dropped > 0) {
        std::optional<std::int64_t> first_kept[2];
        for (const TraceEvent& event : events) {
            auto& kept = first_kept[static_cast<int>(event.side)];
            if (!kept) kept = event.start_ns;
        }
        const auto whole = [&](std::size_t m) {
            for (int side = 0; side < 2; ++side) {
                const auto span = std::find_if(spans[side].begin(), spans[side].end(), [m](const Span& s) { return s.message == m; });
                if (span == spans[side].end() || !first_kept[side] || *first_kept[side] >= span->start) return false;
            }
            return true;
        };
        std::size_t first_whole = 1;
        while (first_whole <= messages && !whole(first_whole)) ++first_whole;
        uncounted_ = first_whole - 1;
    }

    // The step of each message: where the counter reaches it (message_navigation's rule).
    const std::size_t last = model.steps() - 1;
    const std::vector<std::size_t> reached = message_steps(model);

    figures_.resize(messages + 1);
    std::vector<Work> waiting(messages + 2);  // shown already, for a message not yet reached
    Work total;
    std::size_t taken = 0;
    for (std::size_t k = 0; k <= messages; ++k) {
        MessageFigures& figures = figures_[k];
        if (k > 0 && k >= reached.size()) {
            // The run stopped before message k: the figures stay those of the last message it
            // delivered (the calls it made for the messages after it completed none of them).
            figures = figures_[k - 1];
            figures.message = k;
            figures.step = last;
            figures.reached = false;
            figures.message_syscalls = 0;
            continue;
        }
        figures.message = k;
        figures.step = reached[k];
        figures.delivered = model.at(figures.step).messages_done;
        const std::uint64_t before = total.syscalls;
        total.add(waiting[k]);
        for (; taken < counted.size() && counted[taken].step <= figures.step; ++taken) {
            if (counted[taken].message <= k) {
                total.add(counted[taken].work);
            } else {
                waiting[counted[taken].message].add(counted[taken].work);
            }
        }
        figures.counted = k == 0 || uncounted_ == 0;
        figures.message_counted = k == 0 || uncounted_ == 0 || k > uncounted_ + 1;
        figures.syscalls = total.syscalls;
        figures.kernel_bytes = total.kernel_bytes;
        figures.user_bytes = total.user_bytes;
        figures.message_syscalls = total.syscalls - before;
    }
}

const MessageFigures& MessageLedger::at(std::size_t k) const { return figures_[std::min(k, figures_.size() - 1)]; }

std::string unit_of(const Workload& workload) { return workload.pattern == Pattern::one_way ? "message" : "round trip"; }

double per_unit(const RunResult& run, double per_moved) {
    if (run.workload.messages == 0) return per_moved;
    return per_moved * static_cast<double>(run.messages_moved) / static_cast<double>(run.workload.messages);
}

std::string uncounted_reason(const ComparedRun& run, int width) {
    const std::string title(run.model.mechanism().title);
    const std::size_t last = run.ledger.uncounted();
    const std::string units = unit_of(run.model.run().workload) + "s";
    const std::string which = last == 1 ? units.substr(0, units.size() - 1) + " 1" : format("%s 1–%zu", units.c_str(), last);
    const unsigned long long dropped = run.model.run().trace_dropped;
    return first_fitting({format("%s %s: the trace ring dropped its oldest %llu events, %s uncounted", kUncounted,
                                 title.c_str(), dropped, which.c_str()),
                          format("%s %s: trace ring dropped %llu events, %s uncounted", kUncounted, title.c_str(), dropped,
                                 which.c_str()),
                          format("%s %s: ring dropped %s", kUncounted, title.c_str(), which.c_str()),
                          format("%s ring dropped %s", kUncounted, which.c_str())},
                         width);
}

std::string per_message_text(double value) {
    const double rounded = static_cast<double>(static_cast<long long>(value + 0.5));
    if (value - rounded < 0.005 && rounded - value < 0.005) return format("%lld", static_cast<long long>(rounded));
    return format("%.2f", value);
}

namespace {

// "2 syscalls · 128 B kernel": one run's figures at a message, for the text report's columns.
std::string figures_cell(const ComparedRun& run, std::size_t k) {
    const MessageFigures& figures = run.ledger.at(k);
    if (!figures.reached) return format("stopped after %s %zu", unit_of(run.model.run().workload).c_str(), figures.delivered);
    if (!figures.counted) return std::string(kUncounted) + " (the trace ring dropped)";
    std::string cell = format("%llu syscalls", static_cast<unsigned long long>(figures.syscalls));
    if (figures.kernel_bytes > 0 || figures.user_bytes == 0)
        cell += format(" · %llu B kernel", static_cast<unsigned long long>(figures.kernel_bytes));
    if (figures.user_bytes > 0) cell += format(" · %llu B user", static_cast<unsigned long long>(figures.user_bytes));
    return cell;
}

std::string totals(const ComparedRun& run) {
    const RunResult& result = run.model.run();
    const std::string title(run.model.mechanism().title);
    const std::string unit = unit_of(result.workload);
    if (!result.ok) return format("  %-14s FAILED after %zu %ss: %s\n", title.c_str(), result.messages_delivered, unit.c_str(), result.failure.c_str());
    const Metrics& m = result.metrics;
    const MessageFigures& end = run.ledger.at(run.ledger.messages());
    const std::string by_message =
        end.counted ? format("%llu syscalls", static_cast<unsigned long long>(end.syscalls)) : uncounted_reason(run, 1 << 10);
    return format("  %-14s %.2f syscalls, %.2f kernel copies, %.2f user copies per %s "
                  "(measured window); by %s 1–%zu: %s\n",
                  title.c_str(), per_unit(result, m.syscalls), per_unit(result, m.kernel_copies), per_unit(result, m.user_copies),
                  unit.c_str(), unit.c_str(), run.ledger.messages(), by_message.c_str());
}

}  // namespace

std::string comparison_text(const ComparedRun& left, const ComparedRun& right, const std::string& impl,
                            std::size_t lines) {
    const Workload& workload = left.model.run().workload;
    const std::string a(left.model.mechanism().title);
    const std::string b(right.model.mechanism().title);
    std::string text = format("%s and %s side by side — two real two-process runs, one after the other, of the same "
                              "workload: %zu × %zu B %s, %s\n\n",
                              a.c_str(), b.c_str(), workload.messages, workload.message_size,
                              workload.pattern == Pattern::one_way ? "one-way" : "round trip", impl.c_str());
    const std::string unit = unit_of(workload);
    text += format("At %s k: the syscalls and payload bytes copied by the sends and receives of %ss 1..k,\n"
                   "both processes, from each run's own trace.\n\n",
                   unit.c_str(), unit.c_str());
    text += format("%10s  %-40s %s\n", unit.c_str(), a.c_str(), b.c_str());
    const std::size_t shown = std::min(lines, left.ledger.messages());
    for (std::size_t k = 1; k <= shown; ++k) {
        text += format("%10zu  %-40s %s\n", k, figures_cell(left, k).c_str(), figures_cell(right, k).c_str());
    }
    if (shown < left.ledger.messages()) text += format("%10s  (%zu more)\n", "…", left.ledger.messages() - shown);
    text += "\nTotals\n" + totals(left) + totals(right);
    return text;
}

}  // namespace ipcviz::view

#include "ipcviz/report.hpp"

#include "text.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <vector>

namespace ipcviz {

namespace {

// The columns @p text takes: its UTF-8 characters ("←" is one column).
std::size_t columns_of(const std::string& text) {
    std::size_t columns = 0;
    for (const char c : text) columns += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
    return columns;
}

// Pads @p text to @p width columns, counting UTF-8 characters, not bytes ("←" is one column).
std::string pad(std::string text, std::size_t width) {
    std::size_t columns = 0;
    for (const char c : text) columns += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
    if (columns < width) text.append(width - columns, ' ');
    return text;
}

// The names to use: the run's, or none (plain mapping offsets).
const RegionLayout& names(const RegionLayout* layout) {
    static const RegionLayout kNone;
    return layout != nullptr ? *layout : kNone;
}

std::string word_name(const TraceEvent& event, const RegionLayout* layout, bool compact) {
    return names(layout).name_of(event.region, static_cast<std::uint32_t>(event.fd), compact);
}

}  // namespace

std::string format_call(const TraceEvent& event, const RegionLayout* layout, bool compact) {
    const std::string name(call_name(event.call));
    const auto word = [&] { return word_name(event, layout, compact); };
    std::string what;
    switch (event.call) {
        case Call::message_sent:
        case Call::message_received:
            return text::format("── message %llu %s (%lld bytes)", static_cast<unsigned long long>(event.detail + 1),
                                 event.call == Call::message_sent ? "sent" : "received and checked",
                                 static_cast<long long>(event.asked));
        case Call::store_release:
            what = text::format("store_release(%s ← %llu)", word().c_str(), static_cast<unsigned long long>(event.detail));
            break;
        case Call::load_acquire:
            what = text::format("load_acquire(%s) = %llu", word().c_str(), static_cast<unsigned long long>(event.detail));
            break;
        case Call::exchange:
            what = text::format("exchange(%s ← %llu) = %lld", word().c_str(), static_cast<unsigned long long>(event.detail),
                                static_cast<long long>(event.result));
            break;
        case Call::compare_exchange:
            what = text::format("compare_exchange(%s, %lld → %llu)", word().c_str(), static_cast<long long>(event.result),
                                static_cast<unsigned long long>(event.detail));
            break;
        case Call::user_copy: {
            // Where from and where to: a copy into a slot is the writer's, out of it the reader's.
            const auto place = [&](std::uint16_t region, std::uint64_t offset) {
                return region == 0 ? std::string(compact ? "own" : "own memory")
                                   : names(layout).name_of(region, offset, compact);
            };
            const std::string to = place(event.region, static_cast<std::uint32_t>(event.fd));
            const std::string from = event.result < 0 ? place(0, 0)
                                                      : place(static_cast<std::uint16_t>(event.result >> 32),
                                                              static_cast<std::uint64_t>(event.result) & 0xffffffffu);
            what = text::format("memcpy(%s ← %s, %lld)", to.c_str(), from.c_str(), static_cast<long long>(event.asked));
            break;
        }
        case Call::futex_wait:
            what = text::format("futex_wait(%s, %lld)", word().c_str(), static_cast<long long>(event.asked));
            if (event.error == 0) what += text::format(" = %lld", static_cast<long long>(event.result));
            break;
        case Call::futex_wake:
            what = text::format("futex_wake(%s, %lld)", word().c_str(), static_cast<long long>(event.asked));
            if (event.error == 0) what += text::format(" = %lld", static_cast<long long>(event.result));
            break;
        case Call::mmap:
            what = event.fd >= 0 ? text::format("mmap(fd %d, %lld)", event.fd, static_cast<long long>(event.asked))
                                 : text::format("mmap(%lld)", static_cast<long long>(event.asked));
            if (event.error == 0) {
                what += event.detail != 0 ? text::format(" = map %llu", static_cast<unsigned long long>(event.detail))
                                          : std::string(" = 0");
            }
            break;
        case Call::pipe:
            what = event.error != 0 ? "pipe()" : text::format("pipe() = [read fd %u, write fd %u]",
                                                               static_cast<unsigned>(event.detail >> 32),
                                                               static_cast<unsigned>(event.detail & 0xffffffffu));
            break;
        case Call::shm_open:
            what = text::format("shm_open(flags 0x%llx)", static_cast<unsigned long long>(event.asked));
            if (event.error == 0) what += text::format(" = %lld", static_cast<long long>(event.result));
            break;
        case Call::shm_unlink:
        case Call::mkdtemp:
        case Call::unlink:
        case Call::rmdir:
            what = name + "()" + (event.error == 0 ? " = 0" : "");
            break;
        case Call::close:
            what = text::format("close(fd %d)%s", event.fd, event.error == 0 ? " = 0" : "");
            break;
        default:
            if (event.fd >= 0) {
                what = text::format("%s(fd %d, %lld)", name.c_str(), event.fd, static_cast<long long>(event.asked));
            } else {
                what = text::format("%s(%lld)", name.c_str(), static_cast<long long>(event.asked));
            }
            if (event.error == 0) what += text::format(" = %lld", static_cast<long long>(event.result));
    }
    if (event.error != 0) what += text::format(" = -1 %s", strerrorname_np(event.error));
    return what;
}

std::string format_event(const RunResult& result, const TraceEvent& event) {
    const SideReport& side = result.side(event.side);
    const std::string who = text::format("%-7s %-6d", side.role.c_str(), event.pid);
    const std::string call = format_call(event, &result.layout);
    if (event.call == Call::message_sent || event.call == Call::message_received) return who + "  " + call;
    // mem:: operations are not timed (one stamp): no duration rather than a made-up 0.00.
    if (!is_syscall(event.call)) return who + "  " + pad(call, 50) + "         —";
    return who + "  " + pad(call, 50) +
           text::format(" %9.2f µs", static_cast<double>(event.end_ns - event.start_ns) / 1000.0);
}

std::string format_event_log(const RunResult& result, std::size_t last) {
    std::string log;
    const std::size_t first = last == 0 || result.trace.size() <= last ? 0 : result.trace.size() - last;
    for (std::size_t i = first; i < result.trace.size(); ++i) log += format_event(result, result.trace[i]) + "\n";
    return log;
}

std::string format_timeline(const RunResult& result) {
    std::vector<const TraceEvent*> events;
    events.reserve(result.trace.size());
    for (const TraceEvent& event : result.trace) events.push_back(&event);
    // A call is listed when it started; "message k received" when the receive() it reports returned
    // (its start would list it before the message was sent).
    const auto when = [](const TraceEvent* event) {
        return event->call == Call::message_received ? event->end_ns : event->start_ns;
    };
    std::stable_sort(events.begin(), events.end(),
                     [&](const TraceEvent* a, const TraceEvent* b) { return when(a) < when(b); });
    std::int64_t origin = 0;
    for (const TraceEvent* event : events) origin = origin == 0 ? event->start_ns : std::min(origin, event->start_ns);
    const auto micros_from_origin = [&](std::int64_t ns) { return static_cast<double>(ns - origin) / 1000.0; };
    // The times line up after the longest call (names of shared words can be long).
    std::vector<std::string> calls;
    calls.reserve(events.size());
    std::size_t width = 62;
    for (const TraceEvent* event : events) {
        calls.push_back(text::format("%-7s %-6d  %s", result.side(event->side).role.c_str(), event->pid,
                                     format_call(*event, &result.layout).c_str()));
        width = std::max(width, columns_of(calls.back()) + 1);
    }
    std::string log = pad("who     pid     call", width) + "   start µs     end µs       took\n";
    for (std::size_t i = 0; i < events.size(); ++i) {
        const TraceEvent* event = events[i];
        std::string line = pad(calls[i], width);
        if (is_syscall(event->call) || event->start_ns != event->end_ns) {
            line += text::format(" %10.2f %10.2f %10.2f µs", micros_from_origin(event->start_ns),
                                 micros_from_origin(event->end_ns),
                                 static_cast<double>(event->end_ns - event->start_ns) / 1000.0);
        } else {
            line += text::format(" %10.2f %10s %10s", micros_from_origin(event->start_ns), "", "—");  // not timed
        }
        log += line + "\n";
    }
    return log;
}

std::string format_metrics(const RunResult& result) {
    const Workload& workload = result.workload;
    std::string text = text::format("%s: %zu %s of %zu bytes — %s\n", result.mechanism.c_str(), workload.messages,
                                     workload.pattern == Pattern::one_way ? "messages one-way" : "round trips",
                                     workload.message_size, result.ok ? "all delivered whole and in order" : "FAILED");
    for (const SideReport& side : result.sides) {
        if (side.pid > 0) {
            text += text::format("  %-7s pid %-6d (%s)\n", side.role.c_str(), side.pid, side.duty.c_str());
        } else {
            text += text::format("  %-7s (%s) never started\n", side.role.c_str(), side.duty.c_str());
        }
    }
    if (!result.ok) return text + "  " + result.failure + "\n";
    const Metrics& m = result.metrics;
    text += text::format("  syscalls / message        %8.2f", m.syscalls);
    bool first = true;
    for (std::size_t call = 0; call < kCallKinds; ++call) {
        std::uint64_t count = 0;
        for (const SideReport& side : result.sides) count += side.counters.calls[call];
        if (count == 0 || !is_syscall(static_cast<Call>(call))) continue;
        text += text::format("%s%s %.2f", first ? "   (" : ", ", std::string(call_name(static_cast<Call>(call))).c_str(),
                              static_cast<double>(count) / static_cast<double>(result.messages_moved));
        first = false;
    }
    text += first ? "\n" : ")\n";
    text += text::format("  kernel copies / message   %8.2f   (payload bytes across the user/kernel boundary)\n",
                          m.kernel_copies);
    text += text::format("  user copies / message     %8.2f\n", m.user_copies);
    text += text::format("  context switches / msg    %8.2f   (getrusage, both processes)\n", m.context_switches);
    if (m.tcp_segments > 0) {
        text += text::format("  TCP segments / message    %8.2f   (TCP_INFO segments out, both sides)\n", m.tcp_segments);
    }
    text += text::format("  latency mean / p50 / p99  %s / %s / %s   (%s)\n", text::micros(m.latency_mean_ns / 1000).c_str(),
                          text::micros(m.latency_p50_ns / 1000).c_str(), text::micros(m.latency_p99_ns / 1000).c_str(),
                          workload.pattern == Pattern::one_way ? "send start → receive end" : "round trip");
    text += text::format("  throughput                %8.0f msg/s, %.2f MB/s%s\n", m.messages_per_s, m.megabytes_per_s,
                          workload.trace ? "   (traced run: tracing adds to every call)" : "");
    return text;
}

}  // namespace ipcviz

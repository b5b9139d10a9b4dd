// The per-message cost checks of the graded tests: what the kernel audit counted in the window.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cstdio>
#include <map>

#include "grading.hpp"

namespace ipcviz::grading {

namespace {

std::string two_decimals(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", value);
    return text;
}

// "1.00 per message", or for a rare call "2 in 2000 messages (1 per 1000)": a call made once
// every 1000 messages must not read as "0.00 per message".
std::string rate(std::uint64_t count, std::uint64_t messages, const std::string& unit) {
    if (count * 100 >= messages) {
        return two_decimals(static_cast<double>(count) / static_cast<double>(messages)) + " per " + unit;
    }
    return std::to_string(count) + " in " + std::to_string(messages) + " " + unit + "s (1 per " +
           std::to_string((messages + count / 2) / count) + ")";
}

// "write(fd 4) 2000, write(fd 2) 2", and the total.
std::uint64_t list(const std::map<std::string, std::uint64_t>& calls, std::string& names) {
    std::uint64_t total = 0;
    for (const auto& [key, count] : calls) {
        if (count == 0) continue;
        names += (names.empty() ? "" : ", ") + key + " " + std::to_string(count);
        total += count;
    }
    return total;
}

// The name part of a data call's key: "write" of "write(fd 4)".
std::string call_of(const std::string& key) { return key.substr(0, key.find('(')); }

// Every syscall in the window that is not a data call, by name.
std::map<std::string, std::uint64_t> other_calls(const AuditCounts& audit) {
    std::map<std::string, std::uint64_t> others = audit.calls;
    for (const auto* data : {&audit.sends, &audit.receives, &audit.transfers}) {
        for (const auto& [key, count] : *data) others[call_of(key)] -= count;
    }
    std::erase_if(others, [](const auto& entry) { return entry.second == 0; });
    return others;
}

// What a side did per message, every call: "write 1.00, poll 1.00 per message".
std::string every_call(const AuditCounts& audit, std::uint64_t messages, const std::string& unit) {
    std::string text;
    for (const auto& [name, count] : audit.calls) {
        text += (text.empty() ? "" : ", ") + name + ": " + rate(count, messages, unit);
    }
    return text.empty() ? "no syscall" : text;
}

// The same run with the trace on and the audit off, for a failure message: audited runs are made
// untraced (see audited_run), and the last events of the channel's sys:: calls teach.
RunResult traced_again(const RunResult& audited) {
    Workload workload = audited.workload;
    workload.audit = false;
    workload.trace = true;
    RunResult traced = run_lab(audited.mechanism, workload);
    return traced.ok ? traced : audited;
}

}  // namespace

DataCalls kernel_data_calls(const AuditCounts& audit) {
    DataCalls calls;
    calls.sends = list(audit.sends, calls.send_names);
    calls.receives = list(audit.receives, calls.receive_names);
    calls.transfers = list(audit.transfers, calls.transfer_names);
    return calls;
}

DataCalls wrapper_data_calls(const Counters& counters) {
    DataCalls calls;
    calls.sends = counters[Call::write] + counters[Call::send] + counters[Call::sendmsg];
    calls.receives = counters[Call::read] + counters[Call::recv] + counters[Call::recvmsg];
    return calls;
}

// Every syscall between the window's markers is counted as the channel's, so the harness must make
// none there, by construction rather than by a list of names to forgive (a list a student's extra
// call could hide in). In the window the harness runs only the channel's send() and receive(), the
// message checks and, if the workload asks, per-message clock reads and trace events, a pacing
// sleep and an interrupting timer. Clock reads are never counted (the audit leaves them out: the
// vDSO serves them on most machines, so counting them would grade the machine); audited runs are
// still untraced and take no per-message times, and pacing and interrupts are refused. What is
// left in the window is the channel's code alone.
RunResult audited_run(std::string_view mechanism, Workload workload) {
    RunResult result = audited_run_undelivered(mechanism, std::move(workload));
    require_delivered(result, "");
    return result;
}

RunResult audited_run_undelivered(std::string_view mechanism, Workload workload) {
    REQUIRE(workload.send_interval.count() == 0);
    REQUIRE(workload.receive_interval.count() == 0);
    REQUIRE(!workload.interrupt_writes);
    workload.audit = true;
    workload.trace = false;
    workload.per_message_times = false;
    return run_lab(mechanism, workload);
}

void check_one_call_per_message(const RunResult& result, const std::string& send_hint,
                                const std::string& receive_hint) {
    const Workload& w = result.workload;
    const bool trips = w.pattern == Pattern::round_trip;
    const std::string unit = trips ? "round trip" : "message";
    const std::string message = std::to_string(w.message_size) + "-byte message";
    for (const SideReport& side : result.sides) {
        const bool is_parent = &side == &result.sides[0];
        const std::uint64_t should_send = is_parent || trips ? w.messages : 0;
        const std::uint64_t should_receive = !is_parent || trips ? w.messages : 0;
        const AuditCounts& audit = *side.audit;
        const DataCalls kernel = kernel_data_calls(audit);
        const DataCalls wrappers = wrapper_data_calls(side.counters);
        const std::string who = side.role + " (" + side.duty + ")";
        const std::string seen = "every syscall of " + who + " in the window: " + every_call(audit, w.messages, unit);
        if (kernel.sends != wrappers.sends || kernel.receives != wrappers.receives || kernel.transfers != 0) {
            std::string data = kernel.send_names;
            for (const std::string* more : {&kernel.receive_names, &kernel.transfer_names}) {
                if (!more->empty()) data += (data.empty() ? "" : ", ") + *more;
            }
            FAIL(teach(traced_again(result), "every data transfer of " + who + " made through ipcviz::sys",
                       "the kernel saw these data calls: " + (data.empty() ? std::string("none") : data) +
                           " (for " + count_of(w.messages, unit) + "); ipcviz::sys counted " +
                           std::to_string(wrappers.sends) + " sends and " + std::to_string(wrappers.receives) +
                           " receives",
                       "your code moves data with the kernel directly (::write, ::writev, ::send, vmsplice, "
                       "splice, stdio, iostreams, …): use the sys:: wrappers, which the trace and the counts "
                       "see, and print nothing while messages move (a debug line is a write() too)."));
        }
        if (kernel.sends != should_send) {
            FAIL(teach(traced_again(result),
                       std::to_string(should_send / w.messages) + " send call per " + message + " by " + who,
                       "your send() made " + rate(kernel.sends, w.messages, message) + " (" +
                           (kernel.send_names.empty() ? std::string("no send call") : kernel.send_names) + ")",
                       send_hint));
        }
        if (kernel.receives != should_receive) {
            FAIL(teach(traced_again(result),
                       std::to_string(should_receive / w.messages) + " receive call per " + message + " by " + who,
                       "your receive() made " + rate(kernel.receives, w.messages, message) + " (" +
                           (kernel.receive_names.empty() ? std::string("no receive call") : kernel.receive_names) +
                           ")",
                       receive_hint));
        }
        const std::map<std::string, std::uint64_t> others = other_calls(audit);
        if (!others.empty()) {
            std::string extras;
            for (const auto& [name, count] : others) {
                extras += (extras.empty() ? "" : "; ") + name + ": " + rate(count, w.messages, unit);
            }
            FAIL(teach(traced_again(result),
                       "no syscall by " + who + " between its first and last message other than its data calls",
                       extras + " (" + seen + ")",
                       "every syscall is a trip into the kernel that each message pays for: poll/select before "
                       "a blocking call, setsockopt or fcntl per message, a debug print or a sleep. Set options "
                       "once in open(), block in the data call itself, and print nothing while messages move."));
        }
    }
}

namespace {

// How many of its own calls the harness makes inside one side's window of @p workload, taken off that
// side's counts by construction (the workload says how many), never by a name a student's call could
// hide behind: the pacing pauses (run_sides.cpp's pause(), a nanosleep the kernel sees as
// clock_nanosleep) of the side the workload slows, one before each paced send or receive, each
// restarted only if a signal interrupted it (a paced workload has none).
std::uint64_t harness_pauses(const Workload& workload, bool is_parent) {
    if (is_parent) return workload.send_interval.count() > 0 ? workload.messages : 0;
    if (workload.receive_interval.count() == 0) return 0;
    return workload.paced_receives == 0 ? workload.messages : std::min(workload.paced_receives, workload.messages);
}

}  // namespace

void check_only_futex_calls(const RunResult& result) {
    const Workload& w = result.workload;
    // A failure shows the channel's last sys:: calls: a traced run has them, an untraced one is made again.
    const auto shown = [&result] { return result.workload.trace ? result : traced_again(result); };
    const std::string unit = w.pattern == Pattern::round_trip ? "round trip" : "message";
    for (const SideReport& side : result.sides) {
        const bool is_parent = &side == &result.sides[0];
        const AuditCounts& audit = *side.audit;
        const std::string who = side.role + " (" + side.duty + ")";
        std::map<std::string, std::uint64_t> others = audit.calls;
        others.erase("futex");
        // The harness's own calls in this window, known from the workload: its pacing pauses. (Clock
        // reads, the harness's or the channel's, are never counted: the audit leaves them out, as the
        // vDSO does on most machines.)
        std::uint64_t pauses = harness_pauses(w, is_parent);
        for (const char* sleep : {"clock_nanosleep", "nanosleep"}) {
            const auto found = others.find(sleep);
            if (found == others.end()) continue;
            const std::uint64_t taken = std::min(pauses, found->second);
            found->second -= taken;
            pauses -= taken;
        }
        // A data call is named by its descriptor ("write(fd 2)"), as in Labs 01–03: a debug line to stderr reads as one.
        for (const auto* data : {&audit.sends, &audit.receives, &audit.transfers}) {
            for (const auto& [key, count] : *data) {
                others[call_of(key)] -= std::min(others[call_of(key)], count);
                others[key] += count;
            }
        }
        std::erase_if(others, [](const auto& entry) { return entry.second == 0; });
        if (!others.empty()) {
            std::string extras;
            for (const auto& [name, count] : others) {
                extras += (extras.empty() ? "" : "; ") + name + ": " + rate(count, w.messages, unit);
            }
            const std::uint64_t paced = harness_pauses(w, is_parent);
            FAIL(teach(shown(),
                       "no syscall by " + who + " between its first and last message other than futex (its "
                           "sleeps and wake-ups)",
                       extras + " (every syscall of " + who + " in the window: " + every_call(audit, w.messages, unit) +
                           (paced > 0 ? "; " + std::to_string(paced) + " of its clock_nanosleep calls are the "
                                                                        "harness's pauses, not counted"
                                      : std::string()) +
                           ")",
                       "shared memory needs the kernel only to sleep and to wake: no print, log, sched_yield or "
                       "nanosleep while messages move, however rare (a debug line every 1000 "
                       "messages is a write() too). Wait by spinning, then by sys::futex_wait."));
        }
        // The sys:: counters live in the channel's own process, which could write them: this grades
        // the lab's API rule (every syscall through ipcviz::sys, so the trace and the viewer show it),
        // not a cost — the cost is the kernel's count above.
        const std::uint64_t wrapped = side.counters[Call::futex_wait] + side.counters[Call::futex_wake];
        if (audit.count("futex") != wrapped) {
            FAIL(teach(shown(), "every futex call of " + who + " made through ipcviz::sys",
                       "the kernel saw " + count_of(audit.count("futex"), "futex call") + " by " + who +
                           " in the window (for " + count_of(w.messages, unit) + "); ipcviz::sys counted " +
                           std::to_string(wrapped) + " (futex_wait " + std::to_string(side.counters[Call::futex_wait]) +
                           " + futex_wake " + std::to_string(side.counters[Call::futex_wake]) + ")",
                       "use sys::futex_wait and sys::futex_wake, not a raw syscall(SYS_futex, ...) copied from the "
                       "man page: the wrappers are what the trace, the viewer and the counts see."));
        }
    }
    // Every data call is one of the calls above; the bytes are counted too, as Labs 01–03 count them.
    std::uint64_t kernel_bytes = 0;
    for (const SideReport& side : result.sides) {
        kernel_bytes += side.audit->bytes_to_kernel + side.audit->bytes_from_kernel + side.audit->bytes_within_kernel;
    }
    if (kernel_bytes != 0) {
        FAIL(teach(shown(), "no payload byte through the kernel",
                   std::to_string(kernel_bytes) + " bytes went through read/write-family syscalls (for " +
                       count_of(w.messages, unit) + ")",
                   "shared memory moves data with plain (mem::copy) copies into the mapped region."));
    }
}

void check_two_kernel_copies(const RunResult& result, std::size_t framing_bytes, const std::string& hint) {
    std::uint64_t bytes = 0;
    std::string names;
    for (const SideReport& side : result.sides) {
        const AuditCounts& audit = *side.audit;
        bytes += audit.bytes_to_kernel + audit.bytes_from_kernel + audit.bytes_within_kernel;
        const DataCalls calls = kernel_data_calls(audit);
        for (const std::string* part : {&calls.send_names, &calls.receive_names, &calls.transfer_names}) {
            if (!part->empty()) names += (names.empty() ? "" : ", ") + *part;
        }
    }
    const std::uint64_t moved = result.messages_moved;
    const std::uint64_t size = result.workload.message_size;
    const std::uint64_t least = 2 * moved * size;
    const std::uint64_t most = 2 * moved * (size + framing_bytes);
    if (bytes >= least && bytes <= most) return;
    const double copies = static_cast<double>(bytes) / static_cast<double>(moved * size);
    // A few stray bytes (a debug line every 1000 messages) round to "2.000 copies": say how many.
    const std::uint64_t off = bytes > most ? bytes - most : least - bytes;
    char actual[240];
    std::snprintf(actual, sizeof actual, "%.3f copies per message (%llu bytes moved by the data calls for %llu "
                  "messages of %llu bytes: %llu %s", copies, static_cast<unsigned long long>(bytes),
                  static_cast<unsigned long long>(moved), static_cast<unsigned long long>(size),
                  static_cast<unsigned long long>(off), bytes > most ? "more than the most allowed" : "too few");
    FAIL(teach(traced_again(result),
               "2 copies per message: the send copies it into the kernel, the receive copies it out" +
                   std::string(framing_bytes ? " (plus a length prefix of at most " + std::to_string(framing_bytes) +
                                                   " bytes)"
                                             : ""),
               std::string(actual) + "; the data calls: " + (names.empty() ? "none" : names) + ")", hint));
}

namespace {

// check_nothing_left() for one side: its descriptors and shared-memory mappings after close().
void check_side_holds_nothing(const RunResult& result, const SideReport& side, const std::string& hint) {
    // Audited: what the kernel listed once close() had returned (the harness's after-close marker).
    const bool kernel_view = side.audit && side.audit->after_close_seen;
    if (side.audit && !kernel_view) {
        // The side's own list lives in memory its code can write: in an audited run only the
        // kernel's list counts, and a side that never got there has none to show.
        FAIL(teach(result, "after close(), " + side.role + " reaches the harness's census of its descriptors",
                   side.role + " (" + side.duty + ") never got there", hint));
    }
    if (kernel_view && !side.audit->mappings_after_close.empty()) {
        std::string list;
        for (const std::string& mapping : side.audit->mappings_after_close) list += (list.empty() ? "" : ", ") + mapping;
        FAIL(teach(result, "after close(), " + side.role + " maps no shared-memory object",
                   side.role + " (" + side.duty + ") still maps " + list + " (read by the harness from /proc/" +
                       std::to_string(side.pid) + "/maps after close() returned)",
                   hint));
    }
    const std::vector<std::string>& left = kernel_view ? side.audit->fds_after_close : side.leaked_fds;
    if (left.empty()) return;
    std::string list;
    for (const std::string& fd : left) list += (list.empty() ? "" : ", ") + std::string("fd ") + fd;
    FAIL(teach(result, "after close(), " + side.role + " holds no descriptor it did not have before setup()",
               side.role + " (" + side.duty + ") still holds " + count_of(left.size(), "descriptor") +
                   (kernel_view ? ": " + list + " (read by the harness from /proc/" + std::to_string(side.pid) +
                                      "/fd after close() returned)"
                                : std::string()),
               hint));
}

void check_no_object_left(const RunResult& result, const std::string& hint) {
    if (result.leftovers.empty()) return;
    std::string left;
    for (const std::string& path : result.leftovers) left += (left.empty() ? "" : ", ") + path;
    FAIL(teach(result, "no socket file, directory or shared-memory object left after the run",
               "the harness found and removed: " + left, hint));
}

}  // namespace

void check_nothing_left(const RunResult& result, const std::string& hint) {
    for (const SideReport& side : result.sides) check_side_holds_nothing(result, side, hint);
    check_no_object_left(result, hint);
}

void check_close_unopened(std::string_view mechanism, const std::string& hint) {
    Workload workload = one_way(1, 64);
    workload.close_unopened = true;
    workload.audit = true;  // the descriptors left, as the kernel lists them after close() returned
    workload.trace = false;
    workload.deadline = std::chrono::milliseconds(4000);
    const RunResult result = run_lab(mechanism, workload);
    if (!result.ok) {
        FAIL(teach(result,
                   "close() right after setup() and fork(), with no open() before it (as after an open() that "
                   "failed at its first call), returns without throwing",
                   result.failure, hint));
    }
    // The child side ended without running any of the channel: only the parent's close() is graded.
    check_side_holds_nothing(result, result.side(Side::parent), hint);
    check_no_object_left(result, hint);
}

}  // namespace ipcviz::grading

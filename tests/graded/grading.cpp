#include "grading.hpp"

#include <catch2/catch.hpp>

#include "ipcviz/names.hpp"
#include "ipcviz/report.hpp"

namespace ipcviz::grading {

std::string count_of(std::size_t count, const std::string& noun) {
    return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

RunResult run_lab(std::string_view mechanism_name, const Workload& workload) {
    const Mechanism* mechanism = find_mechanism(mechanism_name);
    REQUIRE(mechanism != nullptr);
    static const Implementation linked(&ipcviz_new_channel);
    return run(*mechanism, linked.factory(mechanism_name), workload);
}

std::string teach(const RunResult& result, const std::string& expected, const std::string& actual,
                  const std::string& hint) {
    // A stub's "not implemented: ..." is the whole story.
    const std::size_t stub = result.failure.find("not implemented: ");
    if (stub != std::string::npos) return result.failure.substr(stub);
    // So is a lab that does not compile: its stand-in (lib/impl/uncompiled_lab.hpp) carries the errors.
    const std::size_t broken = result.failure.find(", so none of its tests can run.");
    if (broken != std::string::npos) {
        const std::size_t lab = result.failure.rfind("labs/", broken);
        return result.failure.substr(lab == std::string::npos ? 0 : lab);
    }
    std::string text = "expected: " + expected + "\n";
    text += "actual:   " + actual + "\n";
    for (const SideReport& side : result.sides) {
        if (!side.leaked_fds.empty()) {
            text += side.role + " (" + side.duty + ") still had open after close():";
            for (const std::string& fd : side.leaked_fds) text += " [fd " + fd + "]";
            text += "\n";
        }
    }
    if (!result.trace.empty()) text += "last trace events:\n" + format_event_log(result, 8);
    if (!hint.empty()) text += "hint: " + hint;
    while (!text.empty() && text.back() == '\n') text.pop_back();
    return text;
}

std::string teach(const std::string& expected, const std::string& actual, const std::string& hint) {
    return "expected: " + expected + "\nactual:   " + actual + (hint.empty() ? "" : "\nhint: " + hint);
}

void require_delivered(const RunResult& result, const std::string& hint) {
    if (result.ok) return;
    const Workload& w = result.workload;
    const std::string expected = count_of(w.messages, w.pattern == Pattern::round_trip ? "round trip" : "message") +
                                 " of " + count_of(w.message_size, "byte") + ", each whole and in order";
    FAIL(teach(result, expected, result.failure, hint));
}

Workload one_way(std::size_t messages, std::size_t size) {
    Workload workload;
    workload.messages = messages;
    workload.message_size = size;
    workload.deadline = std::chrono::milliseconds(8000);
    return workload;
}

Workload round_trip(std::size_t messages, std::size_t size) {
    Workload workload = one_way(messages, size);
    workload.pattern = Pattern::round_trip;
    return workload;
}

}  // namespace ipcviz::grading

namespace ipcviz::grading {

namespace {
std::string two_decimals(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", value);
    return text;
}

void note_most_used(std::string& name, std::uint64_t& best, const std::string& candidate, std::uint64_t count) {
    if (count > best) {
        best = count;
        name = candidate;
    }
}
}  // namespace

DataCalls kernel_data_calls(const AuditCounts& audit) {
    DataCalls calls;
    std::uint64_t best_send = 0, best_receive = 0;
    for (const char* name : {"write", "writev", "pwrite64", "pwritev", "sendto", "sendmsg", "sendmmsg"}) {
        calls.sends += audit.count(name);
        note_most_used(calls.send_name, best_send, name, audit.count(name));
    }
    for (const char* name : {"read", "readv", "pread64", "preadv", "recvfrom", "recvmsg", "recvmmsg"}) {
        calls.receives += audit.count(name);
        note_most_used(calls.receive_name, best_receive, name, audit.count(name));
    }
    // send() and recv() are sendto() and recvfrom() to the kernel.
    if (calls.send_name == "sendto") calls.send_name = "send";
    if (calls.receive_name == "recvfrom") calls.receive_name = "recv";
    return calls;
}

DataCalls wrapper_data_calls(const Counters& counters) {
    DataCalls calls;
    calls.sends = counters[Call::write] + counters[Call::send] + counters[Call::sendmsg];
    calls.receives = counters[Call::read] + counters[Call::recv] + counters[Call::recvmsg];
    return calls;
}

RunResult audited_run(std::string_view mechanism, Workload workload) {
    workload.audit = true;
    RunResult result = run_lab(mechanism, workload);
    require_delivered(result, "");
    return result;
}

void check_one_call_per_message(const RunResult& result, const std::string& send_hint,
                                const std::string& receive_hint) {
    const Workload& w = result.workload;
    const std::string message = std::to_string(w.message_size) + "-byte message";
    for (const SideReport& side : result.sides) {
        const bool is_parent = &side == &result.sides[0];
        const std::uint64_t should_send = is_parent || w.pattern == Pattern::round_trip ? w.messages : 0;
        const std::uint64_t should_receive = !is_parent || w.pattern == Pattern::round_trip ? w.messages : 0;
        const DataCalls kernel = kernel_data_calls(*side.audit);
        const DataCalls wrappers = wrapper_data_calls(side.counters);
        const std::string who = side.role + " (" + side.duty + ")";
        if (kernel.sends != wrappers.sends || kernel.receives != wrappers.receives) {
            FAIL(teach(result, "every data transfer of " + who + " made through ipcviz::sys",
                       "the kernel saw " + std::to_string(kernel.sends) + " send/write and " +
                           std::to_string(kernel.receives) + " receive/read calls, ipcviz::sys counted " +
                           std::to_string(wrappers.sends) + " and " + std::to_string(wrappers.receives),
                       "your code calls the kernel directly (::write, ::send, stdio, iostreams): use the "
                       "sys:: wrappers so the trace and the counts see every call."));
        }
        if (kernel.sends != should_send) {
            FAIL(teach(result, std::to_string(should_send / w.messages) + " send call per " + message + " by " + who,
                       "your send() made " + two_decimals(static_cast<double>(kernel.sends) / w.messages) + " " +
                           kernel.send_name + "() calls per " + message + " (" + std::to_string(kernel.sends) +
                           " for " + std::to_string(w.messages) + ")",
                       send_hint));
        }
        if (kernel.receives != should_receive) {
            FAIL(teach(result,
                       std::to_string(should_receive / w.messages) + " receive call per " + message + " by " + who,
                       "your receive() made " + two_decimals(static_cast<double>(kernel.receives) / w.messages) + " " +
                           kernel.receive_name + "() calls per " + message + " (" +
                           std::to_string(kernel.receives) + " for " + std::to_string(w.messages) + ")",
                       receive_hint));
        }
    }
}

void check_two_kernel_copies(const RunResult& result, std::size_t framing_bytes, const std::string& hint) {
    std::uint64_t bytes = 0;
    for (const SideReport& side : result.sides) bytes += side.audit->bytes_to_kernel + side.audit->bytes_from_kernel;
    const std::uint64_t moved = result.messages_moved;
    const std::uint64_t size = result.workload.message_size;
    const std::uint64_t least = 2 * moved * size;
    const std::uint64_t most = 2 * moved * (size + framing_bytes);
    if (bytes >= least && bytes <= most) return;
    const double copies = static_cast<double>(bytes) / static_cast<double>(moved * size);
    char actual[200];
    std::snprintf(actual, sizeof actual, "%.3f copies per message (%llu bytes moved by the data calls for %llu "
                  "messages of %llu bytes)", copies, static_cast<unsigned long long>(bytes),
                  static_cast<unsigned long long>(moved), static_cast<unsigned long long>(size));
    FAIL(teach(result,
               "2 copies per message: the send copies it into the kernel, the receive copies it out" +
                   std::string(framing_bytes ? " (plus a length prefix of at most " + std::to_string(framing_bytes) +
                                                   " bytes)"
                                             : ""),
               actual, hint));
}

void check_nothing_left(const RunResult& result, const std::string& hint) {
    for (const SideReport& side : result.sides) {
        if (side.leaked_fds.empty()) continue;
        FAIL(teach(result, "after close(), " + side.role + " holds no descriptor it did not have before setup()",
                   side.role + " (" + side.duty + ") still holds " + count_of(side.leaked_fds.size(), "descriptor"),
                   hint));
    }
    if (!result.leftovers.empty()) {
        std::string left;
        for (const std::string& path : result.leftovers) left += (left.empty() ? "" : ", ") + path;
        FAIL(teach(result, "no socket file, directory or shared-memory object left after the run",
                   "the harness found and removed: " + left, hint));
    }
}

}  // namespace ipcviz::grading

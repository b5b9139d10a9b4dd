#include "grading.hpp"

#include <unistd.h>

#include <fstream>

#include <catch2/catch.hpp>

#include "../../lib/grade/grade_book.hpp"
#include "../../lib/grade/graded_impl.hpp"
#include "ipcviz/names.hpp"
#include "ipcviz/report.hpp"

namespace ipcviz::grading {

std::string count_of(std::size_t count, const std::string& noun) {
    return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

std::string machine_load() {
    std::ifstream loadavg("/proc/loadavg");
    std::string one_minute;
    loadavg >> one_minute;
    const long online = ::sysconf(_SC_NPROCESSORS_ONLN);
    return "load average " + (one_minute.empty() ? std::string("unknown") : one_minute) + " on " +
           count_of(online > 0 ? static_cast<std::size_t>(online) : 0, "CPU") + " online";
}

RunResult run_lab(std::string_view mechanism_name, const Workload& workload) {
    const Mechanism* mechanism = find_mechanism(mechanism_name);
    REQUIRE(mechanism != nullptr);
    // What of the machine this run needs: on a machine that lacks it, the test fails as the
    // machine's, in one line (GradeBook::add), not with a message that blames the code.
    if (workload.audit) {
        grade::relies_on(Premise::ptrace);
        grade::relies_on(Premise::syscall_info);
    }
    if (mechanism_name == "shm") grade::relies_on(Premise::shared_memory);
    RunResult result = run(*mechanism, grade::graded_implementation().factory(mechanism_name), workload);
    // An audited run is graded on what the audit saw; a channel that meddled with the audit (made the
    // harness's marker calls itself, hid its /proc files) has no such figures to grade.
    for (const SideReport& side : result.sides) {
        if (!side.audit || side.audit->tampering.empty()) continue;
        std::string what;
        for (const std::string& line : side.audit->tampering) what += (what.empty() ? "" : "; ") + line;
        FAIL(teach(result, "a channel that leaves the grader's audit alone",
                   side.role + " (" + side.duty + ") did: " + what,
                   "the harness marks the measured window and the census points itself; a channel makes "
                   "only the calls its messages need."));
    }
    return result;
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
    // A run killed at its deadline: what each process was blocked in says more than the test's own
    // hint, which assumes the failure it usually sees.
    const std::string stalled = stall_hint(result);
    if (!stalled.empty()) {
        text += "hint: " + stalled;
    } else if (!hint.empty()) {
        text += "hint: " + hint;
    }
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

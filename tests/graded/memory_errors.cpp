// Labs 01–04: no memory error. Each lab's correctness workloads run once more with the student's code
// built under AddressSanitizer and UBSan (make check builds build/san/), by the sanitized runner
// (lib/sanitizer/), started as a child process: the grader runs no sanitizer and no graded code.
// A write one byte past a buffer usually passes every other test (the byte was unused); here it fails
// with the sanitizer's first report, trimmed to the student's own frames (lib/grade/sanitizer_pass.hpp).
#include <sys/wait.h>

#include <catch2/catch.hpp>

#include "../../lib/grade/grade_book.hpp"
#include "../../lib/grade/sanitizer_pass.hpp"
#include "grading.hpp"
#include "ipcviz/mechanism.hpp"

using namespace ipcviz;
using namespace ipcviz::grading;

namespace {

// What the kinds of report mean, for the hint.
std::string hint_for(const std::string& report) {
    const auto has = [&](const char* word) { return report.find(word) != std::string::npos; };
    if (has("buffer-overflow")) {
        return "an access past the end (or before the start) of a buffer. A buffer of n bytes has indices 0 to n - 1: "
               "a loop with <= , a length of n + 1 (room for a C string's terminator) or a copy of the wrong size goes "
               "one too far. The other tests passed because the byte beyond happened to be unused: that is luck, "
               "not correct code — the compiler and the next allocation owe it nothing.";
    }
    if (has("use-after-free") || has("use-after-return") || has("use-after-scope")) {
        return "memory used after it was freed or went out of scope: a pointer, span or reference into a vector that "
               "was resized or destroyed, or into a local of a function that has returned.";
    }
    if (has("runtime error")) {
        return "undefined behaviour (signed overflow, a misaligned or null pointer, a shift or an index out of range): "
               "the compiler may assume it never happens, so the program may do anything once it does.";
    }
    if (has("SEGV") || has("double-free") || has("bad-free")) {
        return "an invalid pointer: dereferenced, or freed twice or that was never allocated.";
    }
    return "the sanitizer's report above names the access and where your code made it.";
}

// A failure that says everything by itself: the stub's "not implemented: ..." or the compiler's errors
// for a lab that does not compile (as teach() shows them).
std::string whole_story(const std::string& failure) {
    const std::size_t stub = failure.find("not implemented: ");
    if (stub != std::string::npos) return failure.substr(stub);
    if (failure.find(", so none of its tests can run.") != std::string::npos) {
        const std::size_t lab = failure.find("labs/");
        return failure.substr(lab == std::string::npos ? 0 : lab);
    }
    return {};
}

void require_no_memory_error(std::string_view mechanism_name) {
    const Mechanism* mechanism = find_mechanism(mechanism_name);
    REQUIRE(mechanism != nullptr);
    const std::string lab(mechanism->lab);
    const std::string number = lab.substr(0, 2);
    const std::string expected = "no memory error and no undefined behaviour while Lab " + number +
                                 "'s correctness runs use your code built with -fsanitize=address,undefined";
    const grade::SanitizerPass pass = grade::run_sanitizer_pass(mechanism_name);
    if (!pass.problem.empty()) {
        const bool build_missing = pass.problem.find(" is missing (") != std::string::npos;
        // The machine's premise (sanitizer_pass.cpp): running again does not help, its administrator does.
        const bool cannot_start = pass.problem.starts_with("AddressSanitizer could not start");
        FAIL(teach(expected, "the sanitizer pass could not run: " + pass.problem,
                   build_missing ? "make check builds the sanitized variant in build/san/ before grading: run make check "
                                   "(not build/.../graded-tests alone), and look above its score for errors of that "
                                   "build (build/grade/sanitized-build.log)."
                   : cannot_start ? "this is about the grading machine, not your code: show this message to your course "
                                    "staff; the same code passes this test on a machine that sets vm.mmap_rnd_bits=28."
                                  : "this is about the grading machine or the kit, not your code: run make check again, "
                                    "and if it says the same, show this message to your course staff."));
    }
    // Runs the grader had to stop: what they left is the grader's doing, removed; the runs made still count.
    std::string stopped_note;
    if (!pass.stopped.empty()) {
        std::string removed;
        for (const std::string& path : pass.leftovers) removed += (removed.empty() ? "" : ", ") + path;
        const std::string of_planned = pass.planned_runs > 0 ? " of " + std::to_string(pass.planned_runs) : "";
        stopped_note = " (" + pass.stopped + ", when " + std::to_string(pass.runs.size()) + of_planned +
                       (pass.runs.size() == 1 && of_planned.empty() ? " run" : " runs") + " had ended" +
                       (removed.empty() ? std::string() : "; it removed what the run it stopped left: " + removed) + ")";
        WARN("the sanitizer pass was cut short" + stopped_note);
    }
    // The run the report came from, and its process.
    const grade::SanitizedRun* reporting = nullptr;
    int side = -1;
    for (const grade::SanitizedRun& run : pass.runs) {
        for (int s = 0; s < 2; ++s) {
            if ((pass.report_pid != 0 && run.pids[s] == pass.report_pid) ||
                (pass.report_pid == 0 && run.side_ended_by_sanitizer() == s)) {
                reporting = &run;
                side = s;
            }
        }
        if (reporting != nullptr) break;
    }
    const auto who = [&](int s) {
        const std::string role(mechanism->roles[s]), duty(mechanism->duties[s]);
        return role == "Reader" || role == "Writer" ? role : role + " (" + duty + ")";
    };
    if (!pass.report.empty()) {
        std::string where = reporting != nullptr ? " in the " + who(side) + ", run \"" + reporting->label + "\"" : "";
        FAIL(teach(expected, "the sanitizers stopped your code" + where + ":\n" + grade::trim_report(pass.report, lab),
                   hint_for(pass.report)));
    }
    for (const grade::SanitizedRun& run : pass.runs) {
        if (const int ended = run.side_ended_by_sanitizer(); ended != -1) {
            FAIL(teach(expected,
                       "the " + who(ended) + " of the run \"" + run.label + "\" ended with the sanitizers' exit status " +
                           "but no report was found (did the code redirect or close stderr?)",
                       "run make check again; a report goes to the standard error the run's processes inherit."));
        }
    }
    // Nothing ran to the end: the pass has not seen the lab's code at work, and cannot vouch for it.
    bool any_ok = false;
    for (const grade::SanitizedRun& run : pass.runs) any_ok = any_ok || run.ok;
    if (!any_ok) {
        const std::string first = pass.runs.empty() ? "no run ended" : pass.runs.front().failure;
        const std::string story = whole_story(first);
        if (!story.empty()) FAIL(story);
        FAIL(teach(expected, "not one of the sanitized runs delivered its messages, so none showed your code at work; "
                             "the first: " + (pass.runs.empty() ? first : "\"" + pass.runs.front().label + "\": " + first) +
                                 stopped_note,
                   "make the lab's first tests pass (one message, ten messages): this test grades the code they run."));
    }
}

}  // namespace

TEST_CASE("the pipe channel runs with no memory error under AddressSanitizer and UBSan", "[lab01][pts:10]") {
    require_no_memory_error("pipe");
}

TEST_CASE("the Unix socket channel runs with no memory error under AddressSanitizer and UBSan", "[lab02][pts:10]") {
    require_no_memory_error("unix");
}

TEST_CASE("the TCP channel runs with no memory error under AddressSanitizer and UBSan", "[lab03][pts:10]") {
    require_no_memory_error("tcp");
}

TEST_CASE("the shared-memory channel runs with no memory error under AddressSanitizer and UBSan", "[lab04][pts:10]") {
    grade::relies_on(Premise::shared_memory);
    require_no_memory_error("shm");
}

// The graded test runner (`make check`): Catch2 with the "grade" reporter, plus
//   --results-json PATH     write Gradescope's results.json
//   --expect-failures FILE  grader self-test: succeed only if exactly these tests fail
#define CATCH_CONFIG_RUNNER
#include <sys/prctl.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>

#include "grade_book.hpp"
#include "ipcviz/cpus.hpp"
#include "ipcviz/names.hpp"
#include "reaper.hpp"

namespace {

// A subreaper from before the first static initialiser of the labs' code (priority 101 runs
// before those without one): any process the labs' code starts, at load time or in a run, and
// however it forks, stays below this process until it is reaped, so that the sweep at exit finds it.
__attribute__((constructor(101))) void become_subreaper() { ::prctl(PR_SET_CHILD_SUBREAPER, 1); }

// Every run ends its own processes; this catches anything started outside a run, so that nothing
// the graded code started outlives the grader (and, say, rewrites results.json once it has gone).
void end_every_descendant() {
    for (const std::string& process : ipcviz::detail::kill_descendants({})) {
        std::cerr << "graded-tests: killed a process the graded code left running: " << process << "\n";
    }
}

// What of this machine changes how the tests run, for whoever reads the score.
void note_the_machine(ipcviz::grade::GradeBook& book) {
    const ipcviz::CpuBudget budget = ipcviz::cpu_budget();
    book.add_note("graded with " + budget.describe() +
                  (budget.usable() < 2 ? "; tests whose premise needs two CPUs used their one-CPU expectation (see "
                                         "their notes)"
                                       : ""));
    const char* tmpdir = std::getenv("TMPDIR");
    if (tmpdir != nullptr && *tmpdir != '\0' && ipcviz::temp_directory() != tmpdir) {
        book.add_note("TMPDIR is " + std::to_string(std::strlen(tmpdir)) + " characters long, too long for a Unix "
                      "socket path inside it (sun_path holds 108 bytes): temporary directories went to " +
                      ipcviz::temp_directory());
    }
}

}  // namespace

int main(int argc, char** argv) {
    // The kit starts no process before main(): any process there is, the labs' static initialisers
    // started (to outlive the grader, say); it ends now, before a test runs.
    end_every_descendant();
    Catch::Session session;
    std::string results_json;
    std::string expected_failures;
    using Catch::clara::Opt;
    session.cli(session.cli() |
                Opt(results_json, "path")["--results-json"]("write Gradescope's results.json here") |
                Opt(expected_failures, "file")["--expect-failures"]("succeed only if exactly these tests fail"));
    session.configData().reporterName = "grade";
    if (const int error = session.applyCommandLine(argc, argv); error != 0) {
        end_every_descendant();
        return 2;
    }
    const auto started = std::chrono::steady_clock::now();
    ipcviz::grade::GradeBook& book = ipcviz::grade::grade_book();
    note_the_machine(book);  // before the run: the reporter prints the notes with the score
    session.run();
    end_every_descendant();  // before results.json is written: nothing the labs started can touch it
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;

    if (!results_json.empty()) {
        std::ofstream out(results_json);
        out << book.results_json(took.count());
        if (!out) std::cerr << "graded-tests: cannot write " << results_json << "\n";
    }
    if (!expected_failures.empty()) {
        const std::string problems = book.compare_with_expected(expected_failures);
        if (!problems.empty()) {
            std::cout << "grader self-test FAILED against " << expected_failures << ":\n" << problems;
            return 1;
        }
        std::cout << "grader self-test ok: exactly the expected tests failed (" << expected_failures << ")\n";
        return 0;
    }
    return book.tests().empty() || book.score() < book.max_score() ? 1 : 0;
}

// The graded test runner (`make check`): Catch2 with the "grade" reporter, plus
//   --results-json PATH     write Gradescope's results.json
//   --expect-failures FILE  grader self-test: succeed only if exactly these tests fail
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>

#include "grade_book.hpp"
#include "ipcviz/cpus.hpp"
#include "ipcviz/names.hpp"

namespace {

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
    Catch::Session session;
    std::string results_json;
    std::string expected_failures;
    using Catch::clara::Opt;
    session.cli(session.cli() |
                Opt(results_json, "path")["--results-json"]("write Gradescope's results.json here") |
                Opt(expected_failures, "file")["--expect-failures"]("succeed only if exactly these tests fail"));
    session.configData().reporterName = "grade";
    if (const int error = session.applyCommandLine(argc, argv); error != 0) return 2;
    const auto started = std::chrono::steady_clock::now();
    ipcviz::grade::GradeBook& book = ipcviz::grade::grade_book();
    note_the_machine(book);  // before the run: the reporter prints the notes with the score
    session.run();
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

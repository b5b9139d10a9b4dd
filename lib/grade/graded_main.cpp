// The graded test runner (`make check`): Catch2 with the "grade" reporter, plus
//   --results-json PATH     write Gradescope's results.json
//   --expect-failures FILE  grader self-test: succeed only if exactly these tests fail
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <fstream>
#include <iostream>

#include "grade_book.hpp"

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
    session.run();

    const ipcviz::grade::GradeBook& book = ipcviz::grade::grade_book();
    if (!results_json.empty()) {
        std::ofstream out(results_json);
        out << book.results_json();
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

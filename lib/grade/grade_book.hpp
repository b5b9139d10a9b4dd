#pragma once
// The grader's record of one `make check`: every graded test with its lab, points and output;
// printed as a per-lab score and written as Gradescope's results.json.
#include <cstddef>
#include <string>
#include <vector>

namespace ipcviz::grade {

struct GradedTest {
    std::string lab;     // "01"
    std::string name;    // the test's sentence
    int max_points = 0;  // from its [pts:N] tag
    bool passed = false;
    std::string output;  // the failure's teaching message; empty when passed
    double seconds = 0;
};

class GradeBook {
public:
    void add(GradedTest test) { tests_.push_back(std::move(test)); }
    const std::vector<GradedTest>& tests() const { return tests_; }
    int score() const;
    int max_score() const;

    // "Lab 01  35/60" lines and the total.
    std::string summary() const;
    // Gradescope's autograder format: score, max_score, tests[] (name, score, max_score, status, output).
    std::string results_json() const;

    // Grader self-test: the tests that failed must be exactly those named in @p expected_file
    // (one name per line; "*" alone: every test must fail; "~ name": may fail, for a failure that
    // depends on timing). Returns "" when they are, else why not.
    std::string compare_with_expected(const std::string& expected_file) const;

private:
    std::vector<GradedTest> tests_;
};

// The one grade book of this process, filled by the "grade" Catch2 reporter.
GradeBook& grade_book();

}  // namespace ipcviz::grade

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
    // How the test adapted to this machine (e.g. graded for one usable CPU), from its WARN()s:
    // shown under the test's line and in its results.json output, passed or not.
    std::string note;
    std::vector<std::string> tags;  // its Catch2 tags but the points: "lab04", ...
};

class GradeBook {
public:
    void add(GradedTest test) { tests_.push_back(std::move(test)); }
    const std::vector<GradedTest>& tests() const { return tests_; }
    int score() const;
    int max_score() const;

    // A fact about the whole run that the reader of the score must know (the CPUs the grader could
    // use, a directory it chose instead of $TMPDIR): printed with the score and in results.json.
    void add_note(std::string note) { notes_.push_back(std::move(note)); }
    const std::vector<std::string>& notes() const { return notes_; }

    // "Lab 01  35/60" lines, the total, then the run's notes.
    std::string summary() const;
    // Gradescope's autograder format (https://gradescope-autograders.readthedocs.io/en/latest/specs/):
    // score, max_score, execution_time, output (the score table), output formats, visibilities and
    // tests[] (name, number "lab.n", tags, score, max_score, status, output). Outputs are Markdown
    // holding one fenced code block, so the fixed-width trace excerpts stay aligned. Valid UTF-8
    // JSON whatever bytes a test's output holds (those that are not UTF-8 become U+FFFD).
    std::string results_json(double execution_seconds) const;

    // Grader self-test: the tests that failed must be exactly those named in @p expected_file
    // (one name per line; "*" alone: every test must fail; "~ name": may fail, for a failure that
    // depends on timing; "one-cpu: name": must fail where the grader has one usable CPU and the
    // test uses its one-CPU expectation, must pass elsewhere; "two-cpu: name": the reverse). Returns ""
    // when they are, else why not.
    std::string compare_with_expected(const std::string& expected_file) const;

private:
    std::vector<GradedTest> tests_;
    std::vector<std::string> notes_;
};

// The one grade book of this process, filled by the "grade" Catch2 reporter.
GradeBook& grade_book();

}  // namespace ipcviz::grade

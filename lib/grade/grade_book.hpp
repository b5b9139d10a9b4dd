#pragma once
// The grader's record of one `make check`: every graded test with its lab, points and output;
// printed as a per-lab score and written as Gradescope's results.json.
#include <cstddef>
#include <string>
#include <vector>

#include "ipcviz/premises.hpp"

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
    // The premise this machine lacks that the test relied on ("ptrace"): then it failed as the
    // machine's, not the code's, whatever its checks said; empty for a test graded as usual.
    std::string machine_lacks{};
};

class GradeBook {
public:
    // Records @p test. A test that relied on a premise this machine lacks (relies_on) fails, its
    // output one line naming the premise (the machine's line in summary() says the rest), whatever
    // its checks said: a test that could not run must not pass. @return the test as recorded.
    const GradedTest& add(GradedTest test);
    const std::vector<GradedTest>& tests() const { return tests_; }
    int score() const;
    int max_score() const;

    // A fact about the whole run that the reader of the score must know (the CPUs the grader could
    // use, a directory it chose instead of $TMPDIR): printed with the score and in results.json.
    void add_note(std::string note) { notes_.push_back(std::move(note)); }
    const std::vector<std::string>& notes() const { return notes_; }

    // The premises the probe before any test found missing (ipcviz::probe_premises()).
    void set_missing_premises(std::vector<MissingPremise> missing) { missing_ = std::move(missing); }
    const std::vector<MissingPremise>& missing_premises() const { return missing_; }
    // The test now running relies on @p premise (called where a graded test uses it: an audited
    // run, a shared-memory run); add() judges the test by it.
    void relies_on(Premise premise) { relied_on_.push_back(premise); }
    // One line for a missing premise: what failed, which tests cannot be graded here, the fix;
    // after the run, how many tests and points that took. E.g. "this machine cannot grade with
    // ptrace: kernel.yama.ptrace_scope is 3 (…): ptrace(PTRACE_TRACEME) failed: Operation not
    // permitted; the tests that audit syscalls … fail as the machine's; fix: …".
    std::string premise_line(const MissingPremise& missing) const;

    // "Lab 01  35/60" lines, the total, a line per missing premise, then the run's notes.
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
    std::vector<MissingPremise> missing_;
    std::vector<Premise> relied_on_;  // by the test now running
};

// grade_book().relies_on(@p premise), for the graded tests' helpers.
void relies_on(Premise premise);

// The one grade book of this process, filled by the "grade" Catch2 reporter.
GradeBook& grade_book();

}  // namespace ipcviz::grade

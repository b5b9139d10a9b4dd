// The "grade" Catch2 reporter: one line per graded test (PASS/FAIL, points, name), the failure's
// teaching message under it (and, passed or not, a note when the test adapted to this machine:
// its WARN()s), and the per-lab score at the end. Records every test in grade_book().
#include <unistd.h>

#define CATCH_CONFIG_EXTERNAL_INTERFACES  // the reporter base classes
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "grade_book.hpp"
#include "answers.hpp"
#include "next_step.hpp"

namespace ipcviz::grade {

namespace {

struct TestTags {
    std::string lab = "??";
    int points = 0;
    std::vector<std::string> names;  // every tag but the points
};

TestTags read_tags(const Catch::TestCaseInfo& info) {
    TestTags tags;
    for (const std::string& tag : info.tags) {
        if (tag.rfind("lab", 0) == 0 && tag.size() == 5) tags.lab = tag.substr(3);
        if (tag.rfind("pts:", 0) == 0) tags.points = std::atoi(tag.c_str() + 4);
        else tags.names.push_back(tag);
    }
    return tags;
}

std::string indent(const std::string& text, const std::string& prefix) {
    std::string out = prefix;
    for (std::size_t i = 0; i < text.size(); ++i) {
        out += text[i];
        if (text[i] == '\n' && i + 1 < text.size()) out += prefix;
    }
    if (!text.empty() && text.back() != '\n') out += '\n';
    return out;
}

bool use_colour() {
    static const bool colour = ::isatty(1) && std::getenv("NO_COLOR") == nullptr;
    return colour;
}
const char* green() { return use_colour() ? "\033[32m" : ""; }
const char* red() { return use_colour() ? "\033[31m" : ""; }
const char* bold() { return use_colour() ? "\033[1m" : ""; }
const char* plain() { return use_colour() ? "\033[0m" : ""; }

}  // namespace

class GradeReporter : public Catch::StreamingReporterBase<GradeReporter> {
public:
    using StreamingReporterBase::StreamingReporterBase;
    static std::string getDescription() { return "ipcviz grader: points per test, teaching failure messages"; }

    void testCaseStarting(const Catch::TestCaseInfo& info) override {
        StreamingReporterBase::testCaseStarting(info);
        output_.clear();
        note_.clear();
        started_ = std::chrono::steady_clock::now();
    }

    void assertionStarting(const Catch::AssertionInfo&) override {}

    bool assertionEnded(const Catch::AssertionStats& stats) override {
        const Catch::AssertionResult& result = stats.assertionResult;
        if (result.getResultType() == Catch::ResultWas::Warning) {  // WARN(): how the test adapted
            note_ += result.getMessage() + "\n";
            return true;
        }
        if (result.isOk()) return true;
        std::string text;
        // infoMessages holds the INFO()s in scope and, last, the assertion's own message (FAIL's text).
        for (const Catch::MessageInfo& info : stats.infoMessages) text += info.message + "\n";
        if (result.hasExpression() && result.getResultType() != Catch::ResultWas::ExplicitFailure) {
            text += "check failed: " + result.getExpression() + " — with " + result.getExpandedExpression() + "\n";
        }
        if (result.getResultType() == Catch::ResultWas::ThrewException) {
            text = "the test itself threw an exception: " + result.getMessage() + "\n";
        }
        output_ += text;
        return true;
    }

    void testCaseEnded(const Catch::TestCaseStats& stats) override {
        const TestTags tags = read_tags(stats.testInfo);
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started_;
        GradedTest graded{tags.lab, stats.testInfo.name, tags.points, stats.totals.assertions.allOk(), output_,
                          took.count(), note_, tags.names};
        if (!graded.note.empty()) graded.note.pop_back();  // its last newline
        if (!graded.note.empty()) graded.tags.push_back("adapted-to-this-machine");
        if (!graded.passed && graded.output.empty()) graded.output = "failed (no message)\n";
        // Judged by the machine's premises too: one line instead of the paragraph a test that could
        // not run would print.
        const GradedTest& test = grade_book().add(std::move(graded));
        char line[512];
        std::snprintf(line, sizeof line, "%s%s%s %2d/%-2d  Lab %s  %s\n", test.passed ? green() : red(),
                      test.passed ? "PASS" : "FAIL", plain(), test.passed ? test.max_points : 0, test.max_points,
                      test.lab.c_str(), test.name.c_str());
        stream << line;
        if (!test.note.empty()) stream << indent("note: " + test.note, "             │ ");
        if (!test.passed) stream << indent(test.output, "             │ ");
        stream.flush();
        StreamingReporterBase::testCaseEnded(stats);
    }

    // First, what this machine lacks: before the tests' lines, which it explains.
    void testRunStarting(const Catch::TestRunInfo& info) override {
        StreamingReporterBase::testRunStarting(info);
        for (const MissingPremise& missing : grade_book().missing_premises()) {
            stream << bold() << red() << "Machine:" << plain() << " " << grade_book().premise_line(missing) << "\n";
        }
        if (!grade_book().missing_premises().empty()) stream << "\n";
        stream.flush();
    }

    void testRunEnded(const Catch::TestRunStats& stats) override {
        stream << "\n" << bold() << "Score" << plain() << "\n" << grade_book().summary() << "\n";
        // Only when make check grades the student's own labs (it names their folder): the
        // references and the mutants have no answers to write.
        if (const char* labs = std::getenv("IPCVIZ_ANSWERS_IN"); labs != nullptr && *labs != '\0') {
            stream << answers_status(grade_book(), labs);
        }
        if (grade_book().score() < grade_book().max_score()) stream << bold() << next_step(grade_book()) << plain();
        StreamingReporterBase::testRunEnded(stats);
    }

    void noMatchingTestCases(const std::string& spec) override {
        stream << "no graded test matches " << spec << " (labs are numbered 01, 02, ...)\n";
    }

private:
    std::string output_;
    std::string note_;
    std::chrono::steady_clock::time_point started_;
};

}  // namespace ipcviz::grade

using GradeReporter = ipcviz::grade::GradeReporter;  // the macro pastes the name into an identifier
CATCH_REGISTER_REPORTER("grade", GradeReporter)

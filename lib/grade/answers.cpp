#include "answers.hpp"

#include <filesystem>
#include <fstream>
#include <set>
#include <system_error>

namespace ipcviz::grade {

namespace fs = std::filesystem;

namespace {

// True when @p handout has a "## Questions" heading: the labs whose handouts ask for answers.
bool asks_questions(const fs::path& handout) {
    std::ifstream in(handout);
    for (std::string line; std::getline(in, line);) {
        if (line == "## Questions" || line.rfind("## Questions ", 0) == 0) return true;
    }
    return false;
}

// Written means more than white space: an empty or blank file is "empty".
bool has_text(const fs::path& file) {
    std::ifstream in(file);
    for (char c; in.get(c);) {
        if (c != ' ' && c != '\n' && c != '\t' && c != '\r') return true;
    }
    return false;
}

}  // namespace

std::string answers_status(const GradeBook& book, const std::string& labs_dir) {
    std::set<std::string> labs;
    for (const GradedTest& test : book.tests()) labs.insert(test.lab);
    std::string line;
    std::error_code error;
    for (const std::string& lab : labs) {
        for (const fs::directory_entry& entry : fs::directory_iterator(labs_dir, error)) {
            const std::string name = entry.path().filename().string();
            if (name.rfind(lab + "-", 0) != 0 || !asks_questions(entry.path() / "README.md")) continue;
            const fs::path answers = entry.path() / "ANSWERS.md";
            const char* state = !fs::exists(answers, error) ? "missing" : has_text(answers) ? "written" : "empty";
            line += (line.empty() ? "" : " · ") + answers.string() + " " + state;
        }
    }
    return line.empty() ? "" : "Answers (not graded; the questions end each handout): " + line + "\n";
}

}  // namespace ipcviz::grade

#include "next_step.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <vector>

#include "ipcviz/mechanism.hpp"

namespace ipcviz::grade {

namespace fs = std::filesystem;

namespace {

// The lab's folder under @p labs_dir ("labs/01-pipe"), or "" when there is none.
std::string lab_folder(const std::string& labs_dir, const std::string& lab) {
    std::error_code error;
    for (const fs::directory_entry& entry : fs::directory_iterator(labs_dir, error)) {
        const std::string name = entry.path().filename().string();
        if (entry.is_directory(error) && name.rfind(lab + "-", 0) == 0) return entry.path().string();
    }
    return "";
}

// The files a student edits in @p folder: its .cpp files, in name order.
std::vector<std::string> files_to_edit(const std::string& folder) {
    std::vector<std::string> files;
    std::error_code error;
    for (const fs::directory_entry& entry : fs::directory_iterator(folder, error)) {
        if (entry.path().extension() == ".cpp") files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
    return files;
}

bool has_channel(const std::string& lab) {
    return std::any_of(mechanisms().begin(), mechanisms().end(),
                       [&](const Mechanism& m) { return m.lab.substr(0, lab.size() + 1) == lab + "-"; });
}

}  // namespace

std::string next_step(const GradeBook& book, const std::string& labs_dir) {
    const auto failed = std::find_if(book.tests().begin(), book.tests().end(),
                                     [](const GradedTest& test) { return !test.passed && test.machine_lacks.empty(); });
    if (failed == book.tests().end()) {
        if (book.score() == book.max_score()) return "";
        return "next: make this machine able to grade (the Machine lines above say how), then grade again\n";
    }
    const std::string& lab = failed->lab;
    std::string line = "next: Lab " + lab;
    const std::string folder = lab_folder(labs_dir, lab);
    if (!folder.empty()) {
        if (fs::exists(folder + "/README.md")) line += " (" + folder + "/README.md)";
        const std::vector<std::string> files = files_to_edit(folder);
        for (std::size_t i = 0; i < files.size(); ++i) line += (i == 0 ? ": edit " : ", ") + files[i];
    }
    line += has_channel(lab) ? "; see your run: make view LAB=" + lab : "; see the race: build/ipcviz bench --impl labs";
    return line + "; grade it again: make check LAB=" + lab + "\n";
}

}  // namespace ipcviz::grade

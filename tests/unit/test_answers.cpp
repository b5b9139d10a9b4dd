// make check's line about the written answers: missing, empty or written, for each graded lab whose
// handout asks questions — on a real labs folder made for the test.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "../../lib/grade/answers.hpp"

using namespace ipcviz::grade;
namespace fs = std::filesystem;

namespace {

struct LabsFolder {
    fs::path root = fs::temp_directory_path() / ("ipcviz-answers-test-" + std::to_string(::getpid()));
    LabsFolder() {
        for (const char* lab : {"01-pipe", "02-unix-socket", "05-benchmark"}) fs::create_directories(root / lab);
        write("01-pipe/README.md", "# Lab 01\n\n## Questions\n\n1. Why?\n");
        write("02-unix-socket/README.md", "# Lab 02\n\n## Questions\n\n1. Why?\n");
        write("05-benchmark/README.md", "# Lab 05\n\n## Measured\n");
    }
    ~LabsFolder() { fs::remove_all(root); }
    void write(const std::string& file, const std::string& text) const { std::ofstream(root / file) << text; }
};

GradeBook graded(std::initializer_list<const char*> labs) {
    GradeBook book;
    for (const char* lab : labs) book.add(GradedTest{lab, "a test", 5, true, "", 0, "", {}});
    return book;
}

}  // namespace

TEST_CASE("make check says which labs' answers are missing, empty or written", "[grade]") {
    const LabsFolder labs;
    const std::string dir = labs.root.string();
    CHECK(answers_status(graded({"01", "02"}), dir) ==
          "Answers (not graded; the questions end each handout): " + dir + "/01-pipe/ANSWERS.md missing · " + dir +
              "/02-unix-socket/ANSWERS.md missing\n");
    labs.write("01-pipe/ANSWERS.md", " \n\t\n");
    labs.write("02-unix-socket/ANSWERS.md", "1. The prefix crosses twice.\n");
    const std::string status = answers_status(graded({"01", "02"}), dir);
    CHECK(status.find("01-pipe/ANSWERS.md empty") != std::string::npos);
    CHECK(status.find("02-unix-socket/ANSWERS.md written") != std::string::npos);
}

TEST_CASE("labs whose handouts ask nothing, and labs not graded, are not mentioned", "[grade]") {
    const LabsFolder labs;
    CHECK(answers_status(graded({"05"}), labs.root.string()).empty());
    CHECK(answers_status(graded({"02"}), labs.root.string()).find("01-pipe") == std::string::npos);
}

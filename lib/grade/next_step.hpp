#pragma once
// The closing line of `make check` when not everything passed: where the student goes next.
#include <string>

#include "grade_book.hpp"

namespace ipcviz::grade {

// "next: Lab 01 (labs/01-pipe/README.md): edit labs/01-pipe/pipe_channel.cpp; see your run: make view
// LAB=01; grade it again: make check LAB=01" for the first lab with a failed test, its files found
// under @p labs_dir, skipping tests this machine could not grade (GradedTest::machine_lacks: when only
// those failed, it says to fix the machine); "" when every test passed or none ran.
std::string next_step(const GradeBook& book, const std::string& labs_dir = "labs");

}  // namespace ipcviz::grade

#pragma once
// The closing line of `make check` when not everything passed: where the student goes next.
#include <string>

#include "grade_book.hpp"

namespace ipcviz::grade {

// "next: Lab 01 (labs/01-pipe/README.md): edit labs/01-pipe/pipe_channel.cpp; see your run: make view
// LAB=01; grade it again: make check LAB=01" for the first lab with a failed test, its files found
// under @p labs_dir; "" when every test passed or none ran.
std::string next_step(const GradeBook& book, const std::string& labs_dir = "labs");

}  // namespace ipcviz::grade

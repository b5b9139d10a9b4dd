#pragma once
// The written answers a handout asks for: `make check` says whether each graded lab's ANSWERS.md is
// there. Nothing reads what it says (course staff may); its presence is reported, never scored.
#include <string>

#include "grade_book.hpp"

namespace ipcviz::grade {

// "Answers (not graded): labs/01-pipe/ANSWERS.md written · labs/04-shared-memory/ANSWERS.md missing"
// for each lab graded in @p book whose handout under @p labs_dir has a "## Questions" section;
// "" when none has.
std::string answers_status(const GradeBook& book, const std::string& labs_dir = "labs");

}  // namespace ipcviz::grade

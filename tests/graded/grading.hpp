#pragma once
// Helpers of the graded tests: run a lab's mechanism with the implementation linked into this
// grader (the student's labs/, the references or a mutant) and fail with a message that teaches.
#include <string>
#include <string_view>

#include "ipcviz/harness.hpp"

namespace ipcviz::grading {

// One real run of @p mechanism ("pipe", ...) with the linked implementation.
RunResult run_lab(std::string_view mechanism, const Workload& workload);

// The teaching failure message: expected, what happened, the last trace events, a hint.
std::string teach(const RunResult& result, const std::string& expected, const std::string& actual,
                  const std::string& hint);

// Fails the current test unless every message arrived whole and in order and both sides finished.
void require_delivered(const RunResult& result, const std::string& hint);

// "1 message", "10 messages".
std::string count_of(std::size_t count, const std::string& noun);

// Workload shortcuts.
Workload one_way(std::size_t messages, std::size_t size);
Workload round_trip(std::size_t messages, std::size_t size);

}  // namespace ipcviz::grading

#pragma once
// Helpers of the graded tests: run a lab's mechanism with the implementation linked into this
// grader (the student's labs/, the references or a mutant) and fail with a message that teaches.
#include <cstdint>
#include <string>
#include <string_view>

#include "ipcviz/harness.hpp"

namespace ipcviz::grading {

// One real run of @p mechanism ("pipe", ...) with the linked implementation.
RunResult run_lab(std::string_view mechanism, const Workload& workload);

// The teaching failure message: expected, what happened, the last trace events, a hint.
std::string teach(const RunResult& result, const std::string& expected, const std::string& actual,
                  const std::string& hint);

// The same message for a check that spans several runs (no single trace to show).
std::string teach(const std::string& expected, const std::string& actual, const std::string& hint);

// Fails the current test unless every message arrived whole and in order and both sides finished.
void require_delivered(const RunResult& result, const std::string& hint);

// "1 message", "10 messages".
std::string count_of(std::size_t count, const std::string& noun);

// Workload shortcuts.
Workload one_way(std::size_t messages, std::size_t size);
Workload round_trip(std::size_t messages, std::size_t size);


// Calls that move data into the kernel (send family) and out of it (receive family).
struct DataCalls {
    std::uint64_t sends = 0;
    std::uint64_t receives = 0;
    std::string send_name;     // the family member used most, e.g. "write" or "sendmsg"
    std::string receive_name;  // e.g. "read" or "recvmsg"
};
DataCalls kernel_data_calls(const AuditCounts& audit);
DataCalls wrapper_data_calls(const Counters& counters);

// An audited run (ptrace counts the window's syscalls); fails the test unless it delivered.
RunResult audited_run(std::string_view mechanism, Workload workload);

// Each side made exactly one send-family call per message it sent and one receive-family call per
// message it received — as seen by the kernel audit and by the wrappers alike.
void check_one_call_per_message(const RunResult& result, const std::string& send_hint,
                                const std::string& receive_hint);

// Payload bytes that crossed the user/kernel boundary: exactly 2 × message size per message, plus
// up to @p framing_bytes per crossing for a length prefix.
void check_two_kernel_copies(const RunResult& result, std::size_t framing_bytes, const std::string& hint);

// After close(): no descriptor left open in either process, no IPC object left for the harness.
void check_nothing_left(const RunResult& result, const std::string& hint);

}  // namespace ipcviz::grading

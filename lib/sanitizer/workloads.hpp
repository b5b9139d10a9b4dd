#pragma once
// The runs of the sanitizer pass: each lab's correctness workloads — one-way and round trip, short
// and long messages, short reads and writes, end of stream, the error paths the harness can make —
// and none of the cost tests (the audited runs count syscalls, and the sanitizers' runtime makes
// some of its own).
#include <string>
#include <string_view>
#include <vector>

#include "ipcviz/run_result.hpp"

namespace ipcviz::sanitizer {

/** One run of the pass, with the words that name it in a failure message. */
struct LabeledWorkload {
    std::string label;  ///< "one-way, 200 messages of 4096 bytes"
    Workload workload;  ///< untraced runs are not enough: traced, as the graded runs are
};

/**
 * @param mechanism a mechanism's name ("pipe", "unix", "tcp", "shm")
 * @return the runs of its lab's sanitizer pass, in the order they run (small ones first, so that a
 *         report comes from the simplest run that shows it); empty for an unknown mechanism
 */
std::vector<LabeledWorkload> sanitizer_workloads(std::string_view mechanism);

}  // namespace ipcviz::sanitizer

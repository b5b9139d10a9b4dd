// The error paths of the graded tests: runs in which the harness, not the student's code, tears a
// message, makes a peer vanish or reset the connection, or starts one side late.
#include <catch2/catch.hpp>

#include "grading.hpp"

namespace ipcviz::grading {

Workload faulted(Fault fault) {
    Workload workload = one_way(10, 64);
    workload.fault = fault;
    // A receive() that hangs instead of throwing is the usual failure: do not wait long for it.
    workload.deadline = std::chrono::milliseconds(4000);
    return workload;
}

void require_fault_handled(const RunResult& result, const std::string& expected, const std::string& hint) {
    if (result.ok) return;
    FAIL(teach(result, expected, result.failure, hint));
}

void require_either_start_order(std::string_view mechanism, const std::string& hint) {
    for (const int late : {0, 1}) {
        Workload workload = one_way(10, 64);
        workload.open_delay[late] = late == 0 ? kLateServer : kLateClient;
        workload.deadline = std::chrono::milliseconds(4000);
        const RunResult result = run_lab(mechanism, workload);
        if (result.ok) continue;
        const SideReport& slow = result.sides[late];
        FAIL(teach(result,
                   "10 messages delivered although the " + slow.role + " (" + slow.duty + ") called open() " +
                       std::to_string(workload.open_delay[late].count()) + " ms after the other side",
                   result.failure, hint));
    }
}

}  // namespace ipcviz::grading

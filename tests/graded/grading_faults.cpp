// The error paths of the graded tests: runs in which the harness, not the student's code, tears a
// message, makes a peer vanish or reset the connection, or starts one side late.
#include <catch2/catch.hpp>
#include <cstring>

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

namespace {
// Whether a call inside open() that failed with @p error shows a side that waited for its peer. Only
// failures the peer's absence explains count: a connect() aimed at the peer that failed (a server not
// listening yet: ECONNREFUSED, or its socket file not there: ENOENT; waits_for_peer() leaves out a
// connect() aimed elsewhere), an shm_open() before the writer made the object (ENOENT), a timed wait
// that ran out (ETIMEDOUT). Not any other ENOENT: a side that removes a name its peer has already
// removed (an unlink() or rmdir() the handouts allow to fail so) waited for nobody. Not a non-blocking
// connect()'s EINPROGRESS, nor a call the kernel restarts after a signal (ERESTARTSYS and its kin, 512
// and up, which have no errno name).
bool failure_waits(const std::string& call, const std::string& error) {
    if (error.rfind("errno ", 0) == 0) return false;
    if (call == "connect") return error != "EINPROGRESS";
    return (call == "shm_open" && error == "ENOENT") || error == "ETIMEDOUT";
}
bool is_sleep(const std::string& call) { return call == "nanosleep" || call == "clock_nanosleep"; }

// "Connection refused" for "ECONNREFUSED" (the audit keeps errno by name).
std::string errno_text(const std::string& name) {
    for (int error = 1; error < 4096; ++error) {
        const char* found = ::strerrorname_np(error);
        if (found != nullptr && name == found) return std::strerror(error);
    }
    return "unknown errno";
}

void add(std::string& list, const std::string& line) { list += (list.empty() ? "" : "; ") + line; }

// What a side's open() did, as the kernel audit saw it: in `waited`, what only a side waiting for its
// peer does ("connect(127.0.0.1:40123): 31 calls, 30 failed with ECONNREFUSED; clock_nanosleep: 30
// calls, each a sleep"); in `elsewhere`, the connect() calls that failed but were aimed at something
// else than the peer ("connect(unix /var/run/nscd/socket): 2 calls, 2 failed with ENOENT"), which
// fail whenever the peer starts and so are no wait.
struct OpenReport {
    std::string waited;
    std::string elsewhere;
};
OpenReport waits_for_peer(const AuditCounts::OpenCalls& open, const std::vector<std::string>& peer_objects) {
    OpenReport report;
    std::string slept;
    for (const auto& [target, outcomes] : open.connects) {
        std::uint64_t calls = 0;
        std::string why;
        for (const auto& [outcome, times] : outcomes) {
            calls += times;
            if (outcome == "ok" || !failure_waits("connect", outcome)) continue;
            why += ", " + std::to_string(times) + " failed with " + outcome + " (" + errno_text(outcome) + ")";
        }
        const std::string line = "connect(" + target + "): " + count_of(calls, "call");
        if (!aimed_at_peer(target, peer_objects)) {
            if (!why.empty()) add(report.elsewhere, line + why);
            continue;
        }
        if (calls > 1 && why.empty()) why = ", the same setup call made again";
        if (!why.empty()) add(report.waited, line + why);
    }
    for (const auto& [call, count] : open.calls) {
        if (call == "connect") continue;  // by address, above
        std::string why;
        for (const auto& [key, times] : open.failures) {
            const std::size_t space = key.find(' ');
            const std::string error = key.substr(space + 1);
            if (key.substr(0, space) != call || !failure_waits(call, error)) continue;
            why += ", " + std::to_string(times) + " failed with " + error + " (" + errno_text(error) + ")";
        }
        if (const auto timed_out = open.timeouts.find(call); timed_out != open.timeouts.end()) {
            why += ", " + std::to_string(timed_out->second) + " timed out (returned 0: nothing ready)";
        }
        if (call == "shm_open" && count > 1 && why.empty()) why = ", the same setup call made again";
        if (!why.empty()) add(report.waited, call + ": " + count_of(count, "call") + why);
        if (is_sleep(call)) add(slept, call + ": " + count_of(count, "call") + (count == 1 ? ", a sleep" : ", each a sleep"));
    }
    if (!slept.empty()) add(report.waited, slept);
    return report;
}
}  // namespace

void require_either_start_order(std::string_view mechanism, const std::string& hint) {
    for (const int late : {0, 1}) {
        Workload workload = one_way(10, 64);
        workload.open_delay[late] = late == 0 ? kLateServer : kLateClient;
        workload.deadline = std::chrono::milliseconds(4000);
        // The kernel audit watches each side's open() (a side that waits for its peer by retrying
        // delivers in the end, and only the calls it made show it). The run times nothing.
        workload.audit = true;
        const RunResult result = run_lab(mechanism, workload);
        std::string waited;
        std::string elsewhere;
        for (int which : {0, 1}) {
            const SideReport& side = result.sides[which];
            const SideReport& peer = result.sides[1 - which];
            const std::string who = side.role + " (" + side.duty + ")";
            if (!side.audit) {
                add(waited, "the kernel audit has no record of the " + who);
                continue;
            }
            // Where the peer listens, from the bind() calls the audit saw it make; none known: every
            // connect() may be aimed at it.
            const OpenReport report = waits_for_peer(side.audit->open, peer.audit ? peer.audit->objects
                                                                                  : std::vector<std::string>());
            if (!report.waited.empty()) add(waited, "the " + who + "'s open() made " + report.waited);
            if (!report.elsewhere.empty()) add(elsewhere, "the " + who + "'s open() made " + report.elsewhere);
            if (result.ok && !side.audit->open.ended) {
                add(waited, "the kernel audit did not see the " + who + "'s open() end");
            }
        }
        if (result.ok && waited.empty()) continue;
        // Failed connect() calls aimed elsewhere are no wait, but worth naming when the test fails anyway.
        if (!elsewhere.empty()) {
            add(waited, "not counted as waiting, because not aimed at the peer's address: " + elsewhere +
                            " (a name lookup such as getaddrinfo(\"localhost\") makes such calls: connect to "
                            "the peer's address directly)");
        }
        const SideReport& slow = result.sides[late];
        FAIL(teach(result,
                   "10 messages delivered although the " + slow.role + " (" + slow.duty + ") called open() " +
                       std::to_string(workload.open_delay[late].count()) +
                       " ms after the other side, and neither side's open() waiting for the other (no connect() to "
                       "the peer refused, no name not there yet, no sleep or timed-out wait, no setup call made twice)",
                   result.ok ? waited : result.failure + (waited.empty() ? "" : "; " + waited), hint));
    }
}

}  // namespace ipcviz::grading

#pragma once
// Helpers of the graded tests: run a lab's mechanism with the implementation being graded (the
// student's labs/, the references or a mutant; loaded only in each run's processes, see
// lib/grade/graded_main.cpp) and fail with a message that teaches.
#include <cstdint>
#include <string>
#include <string_view>

#include "ipcviz/harness.hpp"

namespace ipcviz::grading {

// One real run of @p mechanism ("pipe", ...) with the graded implementation.
RunResult run_lab(std::string_view mechanism, const Workload& workload);

// The teaching failure message: expected, what happened, the last trace events, a hint.
// When the run was killed at its deadline (a deadlock), the message says what each process was
// blocked in and gives the hint for that cause (stall_hint) instead of @p hint.
std::string teach(const RunResult& result, const std::string& expected, const std::string& actual,
                  const std::string& hint);

// The same message for a check that spans several runs (no single trace to show).
std::string teach(const std::string& expected, const std::string& actual, const std::string& hint);

// Fails the current test unless every message arrived whole and in order and both sides finished.
void require_delivered(const RunResult& result, const std::string& hint);

// When @p result was killed at its deadline: the cause that what each process was blocked in points
// to, as a hint ("a reader asleep in futex_wait that nobody woke: ..."); empty otherwise.
std::string stall_hint(const RunResult& result);

// "1 message", "10 messages".
std::string count_of(std::size_t count, const std::string& noun);

// "load average 11.32 on 2 CPUs online" (/proc/loadavg), for a failure the machine may have caused.
std::string machine_load();

// Workload shortcuts.
Workload one_way(std::size_t messages, std::size_t size);
Workload round_trip(std::size_t messages, std::size_t size);

// The data calls one side made, as the kernel saw them (AuditCounts::sends/receives/transfers) or
// as the sys:: wrappers counted them.
struct DataCalls {
    std::uint64_t sends = 0;      // out of the process's memory: write, sendmsg, writev, vmsplice, ...
    std::uint64_t receives = 0;   // into it: read, recvmsg, readv, ...
    std::uint64_t transfers = 0;  // descriptor to descriptor: splice, tee, sendfile, copy_file_range
    std::string send_names;       // "write(fd 4) 2000, write(fd 2) 2" (kernel side only)
    std::string receive_names;
    std::string transfer_names;
};
DataCalls kernel_data_calls(const AuditCounts& audit);
DataCalls wrapper_data_calls(const Counters& counters);

// An audited run (ptrace counts every syscall in the window); fails the test unless it delivered.
// The run is made untraced and without per-message clock reads, so that every syscall between
// the window's markers is the channel's own (see the comment in the definition).
RunResult audited_run(std::string_view mechanism, Workload workload);

// The same run, not required to deliver: for a run shared by several tests, each of which requires
// what it grades (a census at the first message needs no message to have arrived right).
RunResult audited_run_undelivered(std::string_view mechanism, Workload workload);

// How many messages an audited run of a per-message-cost test moves: enough that a call made once
// every 1000 messages shows at least twice in every run, whatever its phase.
inline constexpr std::size_t kAuditedMessages = 2000;

// Each side made exactly one send-family call per message it sent, one receive-family call per
// message it received, and no other syscall at all between its first and last message — as seen by
// the kernel audit; and its data calls went through the sys:: wrappers. A failure names every call
// and its rate per message ("poll: 1.00 per message").
void check_one_call_per_message(const RunResult& result, const std::string& send_hint,
                                const std::string& receive_hint);

// Shared memory's per-message cost, as the kernel audit saw @p result (an audited run of any
// pattern): no payload byte through the kernel, no syscall by either side in its window other than
// futex — however rare: a failure names each call and its rate ("write: 2 in 2000 round trips (1 per
// 1000)") — and every futex call made through the sys:: wrappers (the kernel's count equals
// futex_wait + futex_wake as the side counted them). The harness's own calls in a window are taken
// off by what the workload asks for: the paced side's pauses, and clock reads in a traced run.
void check_only_futex_calls(const RunResult& result);

// Payload bytes moved by every data call (across the user/kernel boundary, or between two
// descriptors): exactly 2 × message size per message, plus up to @p framing_bytes per crossing
// for a length prefix.
void check_two_kernel_copies(const RunResult& result, std::size_t framing_bytes, const std::string& hint);

// After close(): no descriptor left open in either process, no IPC object left for the harness.
// In an audited run the descriptors are the ones the harness's caller read from /proc/PID/fd when
// ptrace stopped the process after its close() returned, not the side's own census.
void check_nothing_left(const RunResult& result, const std::string& hint);

// close() in the parent side with no open() before it (Workload::close_unopened, audited), as
// after an open() that failed at its first call: it returns without throwing, the parent holds
// no descriptor setup() made (the kernel's list after close()), and no IPC object is left.
void check_close_unopened(std::string_view mechanism, const std::string& hint);

// At the first message (an audited run): each process holds exactly @p parent_needs / @p child_needs
// descriptors the channel made, all of @p kind ("pipe:", "socket:"), as the harness read them from
// /proc/PID/fd with the process stopped at its first message.
void check_descriptors_at_first_message(const RunResult& result, const std::string& kind, std::size_t parent_needs,
                                        std::size_t child_needs, const std::string& hint);

// At the first message (an audited run): no name either side created (a /dev/shm object, a socket
// file, its directory) still exists; @p expected says which rule.
void check_names_gone_at_first_message(const RunResult& result, const std::string& expected, const std::string& hint);

// The error paths (grading_faults.cpp). A one-way run of 10 messages of 64 bytes after which the
// harness makes @p fault happen (see ipcviz::Fault).
Workload faulted(Fault fault);

// Fails unless the run ended as @p fault's contract says; @p expected says it in words.
void require_fault_handled(const RunResult& result, const std::string& expected, const std::string& hint);

// How late the side that starts late opens (Workload::open_delay): the server (parent) by
// kLateServer, the client (child) by kLateClient — well beyond any short retry a client might make.
inline constexpr std::chrono::milliseconds kLateServer{300};
inline constexpr std::chrono::milliseconds kLateClient{100};

// Two audited runs of @p mechanism, the parent side opening late in one and the child side in the
// other; fails unless both deliver every message and, as the kernel audit saw each side's open(),
// neither open() waited for its peer: no connect() that failed (ECONNREFUSED, ENOENT, ...), no call
// that failed ENOENT (an shm_open() before the object was made), no sleep (nanosleep,
// clock_nanosleep), no timed wait that ran out (poll, select, epoll_wait returning 0; ETIMEDOUT), no
// connect() or shm_open() made twice. The failure names each such call, its count and errno.
void require_either_start_order(std::string_view mechanism, const std::string& hint);

}  // namespace ipcviz::grading

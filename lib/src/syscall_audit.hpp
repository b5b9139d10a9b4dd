#pragma once
// The kernel-side audit: turns ptrace syscall stops into per-process counts inside the window
// that the harness marks with close(kWindowOpenMarker) ... close(kWindowCloseMarker), and inside
// the side's open(), marked with close(kOpenBeginMarker) ... close(kOpenEndMarker).
#include <sys/types.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "proc_view.hpp"
#include "quiet_meter.hpp"
#include "tcp_probe.hpp"

#include "ipcviz/audit.hpp"

namespace ipcviz::detail {

// Which way a data call moves bytes: out of the process's memory, into it, or between two descriptors.
enum class DataFlow { none, to_kernel, from_kernel, within_kernel };

class SyscallAudit {
public:
    // A syscall-entry stop of @p pid: @p number with its six arguments.
    void on_entry(pid_t pid, long number, const std::uint64_t (&arguments)[6]);
    // The matching syscall-exit stop: the kernel's return value.
    void on_exit(pid_t pid, std::int64_t value, bool is_error);
    // @p parent made the new task @p child (a fork, vfork or clone event). A thread counts as part
    // of its process, from whenever it was made; a process forked while @p parent's window is open
    // works for that side too and is counted with it. A process forked outside a window (the
    // harness's own child side) is counted on its own.
    void on_new_task(pid_t parent, pid_t child);
    // What was counted for @p pid (empty counts when it made no call in a window).
    AuditCounts counts(pid_t pid) const;
    // The run's parent side, stopped before any channel code: its descriptors are the baseline
    // that the censuses at the first message and at exit leave out.
    void on_run_start(pid_t pid);
    // Where the run's receiving side counts the messages it got (in the caller's mapping of the
    // run's shared region), read at each counted call to place it among the messages. The channel's
    // process can write that count: the QuietMeter's times are what back a placement up.
    void watch_progress(const std::uint64_t* delivered) { delivered_ = delivered; }

private:
    // One process (or a side, with what it spawned): where its window is, and what was counted.
    struct Process {
        bool in_window = false;
        bool in_open = false;  // inside the side's open()
        // The harness's markers acted on, in their order: 1 before open(), 2 after it, 3 the window
        // opens, 4 it closes, 5 after close().
        int markers_seen = 0;
        ProcSample window_start;
        TcpProbe tcp_start;
        AuditCounts counts;
        // The type (SOCK_STREAM, SOCK_DGRAM, ...) of each descriptor a socket() it was seen make
        // returned, until closed: a connect()'s address names a UDP port or a TCP one by it.
        std::map<int, int> socket_types;
    };
    // One task between its syscall-entry and -exit stops.
    struct Task {
        bool counting_current = false;   // the call between entry and exit is counted
        DataFlow flow = DataFlow::none;  // the current call's direction
        std::uint64_t mmsg_vector = 0;   // sendmmsg/recvmmsg: where the kernel writes each msg_len
        int futex = 0;                   // 1: a FUTEX_WAIT, 2: a FUTEX_WAKE, 0: neither
        std::int64_t futex_entered_ns = 0;  // when the FUTEX_WAIT in progress began (the tracer's clock)
        bool in_call = false;            // inside a call for the QuietMeter until its exit stop
        std::string open_call;           // the current call inside open() (AuditCounts::OpenCalls), or empty
        std::string connect_target;      // that call's address, when it is a connect()
        int new_socket_type = 0;         // the current call is a socket() making this type
    };
    pid_t owner(pid_t task) const;
    // Whether the marker call @p marker (its place in the order, see markers_seen) by task @p pid is the
    // harness's: the next in order, from the side's own process. One that is not is recorded as
    // tampering and ignored, so code in the side cannot close the window early or re-take a census.
    bool harness_marker(pid_t pid, Process& process, int marker, long argument);
    void open_window(pid_t pid, Process& process);
    void close_window(pid_t pid, Process& process);
    // A call made inside open() (AuditCounts::OpenCalls): counted at its entry, judged at its exit.
    void open_call_entered(pid_t pid, Process& process, Task& task, long number, const std::uint64_t (&arguments)[6]);
    void open_call_left(pid_t pid, Task& task, std::int64_t value, bool is_error);
    // Keeps Process::socket_types up to date with the call @p number entered by @p task.
    void track_socket_types(Process& process, Task& task, long number, const std::uint64_t (&arguments)[6]);
    // The type of @p process's descriptor @p fd, 0 when no socket() the audit saw made it.
    int socket_type(const Process& process, std::uint64_t fd) const;
    // @p pid's descriptors that the run's parent side did not hold before setup().
    std::vector<std::string> new_descriptors(pid_t pid) const;

    std::map<pid_t, Process> processes_;
    std::map<pid_t, Task> tasks_;
    std::map<pid_t, pid_t> owners_;  // task -> the process it is counted with (absent: itself)
    std::map<int, std::string> baseline_;
    QuietMeter quiet_;
    const std::uint64_t* delivered_ = nullptr;
};

}  // namespace ipcviz::detail

#pragma once
// How long both sides of a run ran with neither inside a syscall, measured by the tracer at its own
// ptrace stops and never read from either process's memory (AuditCounts::QuietTime).
//
// Each side's "quiet periods" run from the exit stop of its last call to the entry stop of its next
// one; the side is stopped at both ends, so its CPU clock, read there, is exact (a running process's
// CPU clock, read from another process, is only brought up to date at ticks and switches). Where a
// period of one side overlaps one of the other, neither made a syscall, and a message could move
// only while both ran: that overlap is weighed by the lesser of the two periods' CPU times. A side
// that spins while its peer is preempted, or two sides that take turns on one CPU, gather CPU time
// in only one of the two periods and weigh little.
#include <sys/types.h>
#include <time.h>

#include <cstdint>
#include <vector>

#include "ipcviz/audit.hpp"

namespace ipcviz::detail {

class QuietMeter {
public:
    // @p side's window opened, or closed (the harness's marker, accepted, the side stopped at it):
    // the first two are the run's sides. Each side's periods run from its opening to its closing;
    // only where both sides' periods overlap does time count.
    void window_opened(pid_t side);
    void window_closed(pid_t side);
    // A task of @p side is stopped at the entry of a counted call, or at its exit.
    void call_entered(pid_t side);
    void call_left(pid_t side);
    // What was measured (zeros until both windows closed); for either side.
    const AuditCounts::QuietTime& time() const { return time_; }
    bool measures(pid_t pid) const { return opened_ == 2 && (pid == sides_[0].pid || pid == sides_[1].pid); }

private:
    struct Period {
        std::int64_t from_ns, to_ns, cpu_ns;
    };
    struct Side {
        pid_t pid = 0;
        clockid_t clock{};
        bool clock_ok = false;
        int in_call = 0;       // its tasks now between a counted call's entry and exit stops
        bool open = false;     // its window is open
        bool quiet = false;    // a period is open
        std::int64_t from_ns = 0, from_cpu_ns = 0;
        std::vector<Period> periods;
    };
    Side* side_of(pid_t pid);
    void begin(Side& side);
    void end(Side& side);
    std::int64_t cpu_of(const Side& side) const;
    void weigh();

    Side sides_[2];
    int opened_ = 0, closed_ = 0;
    std::int64_t started_ns_ = 0;
    AuditCounts::QuietTime time_;
};

}  // namespace ipcviz::detail

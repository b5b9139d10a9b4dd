#include "quiet_meter.hpp"

#include <algorithm>

namespace ipcviz::detail {

namespace {
std::int64_t clock_ns(clockid_t clock) {
    timespec now{};
    if (::clock_gettime(clock, &now) != 0) return 0;
    return static_cast<std::int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}
}  // namespace

QuietMeter::Side* QuietMeter::side_of(pid_t pid) {
    for (int i = 0; i < opened_; ++i) {
        if (sides_[i].pid == pid) return &sides_[i];
    }
    return nullptr;
}

std::int64_t QuietMeter::cpu_of(const Side& side) const {
    // A clock that cannot be read gives every period 0 CPU: the run then shows no quiet time.
    return side.clock_ok ? clock_ns(side.clock) : 0;
}

void QuietMeter::begin(Side& side) {
    side.quiet = true;
    side.from_ns = clock_ns(CLOCK_MONOTONIC);
    side.from_cpu_ns = cpu_of(side);
}

void QuietMeter::end(Side& side) {
    if (!side.quiet) return;
    side.quiet = false;
    side.periods.push_back({side.from_ns, clock_ns(CLOCK_MONOTONIC), cpu_of(side) - side.from_cpu_ns});
}

void QuietMeter::window_opened(pid_t pid) {
    if (opened_ == 2 || side_of(pid) != nullptr) return;
    Side& side = sides_[opened_++];
    side.pid = pid;
    side.clock_ok = ::clock_getcpuclockid(pid, &side.clock) == 0;
    side.open = true;
    begin(side);  // stopped at its marker: its clock is exact
    if (opened_ == 2) started_ns_ = side.from_ns;
}

void QuietMeter::call_entered(pid_t pid) {
    Side* side = side_of(pid);
    if (side == nullptr) return;
    if (side->in_call++ == 0 && side->open) end(*side);
}

void QuietMeter::call_left(pid_t pid) {
    Side* side = side_of(pid);
    if (side == nullptr || side->in_call == 0) return;
    if (--side->in_call == 0 && side->open) begin(*side);
}

void QuietMeter::window_closed(pid_t pid) {
    Side* side = side_of(pid);
    if (side == nullptr || !side->open) return;
    side->open = false;
    end(*side);  // stopped at its marker: its clock is exact
    if (++closed_ == 1 && opened_ == 2) {
        time_.started_ns = started_ns_;
        time_.ended_ns = clock_ns(CLOCK_MONOTONIC);
        time_.overlap_ns = time_.ended_ns - started_ns_;
    }
    if (closed_ == 2 && opened_ == 2) weigh();
}

void QuietMeter::weigh() {
    // Both lists are in time order and each side's periods are disjoint: one sweep finds every overlap.
    const std::vector<Period>& a = sides_[0].periods;
    const std::vector<Period>& b = sides_[1].periods;
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        const std::int64_t from = std::max(a[i].from_ns, b[j].from_ns), to = std::min(a[i].to_ns, b[j].to_ns);
        if (to > from) {
            // Each side ran in the overlap at least its period's CPU time less the rest of the
            // period's length; both ran at once at least what those two add up to beyond the
            // overlap's length. Conservative by construction: a stop the tracer handled late
            // lengthens a period (and shrinks its bound), never its CPU time.
            const std::int64_t overlap = to - from;
            const std::int64_t in_a = a[i].cpu_ns - (a[i].to_ns - a[i].from_ns - overlap);
            const std::int64_t in_b = b[j].cpu_ns - (b[j].to_ns - b[j].from_ns - overlap);
            const std::int64_t weight = std::clamp<std::int64_t>(in_a + in_b - overlap, 0, std::max<std::int64_t>(0, std::min(in_a, in_b)));
            // At most: the lesser of the two periods' CPU times, and no more than the overlap lasted.
            const std::int64_t possible = std::max<std::int64_t>(0, std::min({a[i].cpu_ns, b[j].cpu_ns, overlap}));
            if (possible > 0) time_.weighed.push_back({from, to, weight, possible});
            time_.total_ns += weight;
            ++time_.stretches;
            if (weight > time_.longest_ns) {
                time_.longest_ns = weight;
                time_.longest_wall_ns = to - from;
            }
        }
        if (a[i].to_ns < b[j].to_ns) ++i;
        else ++j;
    }
}

}  // namespace ipcviz::detail

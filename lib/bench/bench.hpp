#pragma once
// The benchmark: every mechanism measured with tracing off, in rounds interleaved across the
// mechanisms (A B C D A B C D …) so that drift on a noisy machine favours none, after a warm-up;
// medians with their min–max spread; the clock's own cost measured and taken off the latencies.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "instrumentation_cost.hpp"
#include "ipcviz/mechanism.hpp"

namespace ipcviz::bench {

struct BenchOptions {
    std::vector<std::string> mechanisms{"shm", "pipe", "unix", "tcp"};
    std::size_t messages = 100000;   // one-way messages per mechanism (over all rounds)
    std::size_t round_trips = 10000; // round trips per mechanism (over all rounds)
    std::size_t size = 64;
    int rounds = 3;
    bool compare_raw = false;  // also time the raw ping-pongs (lib/bench/raw) in the same rounds
    bool instrumentation = true;  // also measure what sys:: costs per call (the report's last line)
};

// A figure measured once per round: the median and the spread.
struct Spread {
    double median = 0, min = 0, max = 0;
    static Spread of(std::vector<double> values);
};

// The library's round trip against the raw ping-pong's (see raw_comparison.hpp): both timed as a
// loop (the window ÷ round trips, no clock read per message), in quads of runs.
struct RawComparison {
    Spread library_us, raw_us;  // per run
    Spread ratio;               // library ÷ raw, one per quad
    std::size_t quads = 0;
};

struct MechanismResult {
    std::string name;
    bool ok = true;
    std::string failure;
    Spread round_trip_mean_us, round_trip_p50_us, round_trip_p99_us;  // clock cost taken off
    Spread messages_per_s, megabytes_per_s;                           // one-way
    double syscalls = 0, kernel_copies = 0, user_copies = 0, context_switches = 0;  // per message, one-way
    double kernel_cpu_ns = 0;  // kernel CPU time per one-way message, both processes (getrusage)
    std::optional<RawComparison> against_raw;  // with compare_raw
};

struct BenchReport {
    BenchOptions options;
    double clock_ns = 0;  // one clock_gettime(CLOCK_MONOTONIC) (vDSO), median
    std::vector<MechanismResult> results;
    std::optional<double> cache_line_round_trip_ns;  // the floor for shared memory, with compare_raw
    InstrumentationCost instrumentation;             // what sys:: adds per call, untraced and traced
};

// Called after each run: which mechanism, how many of its messages (round trips and one-way
// together) are done, out of how many.
using Progress = std::function<void(const std::string& mechanism, std::size_t done, std::size_t total)>;

// Runs the benchmark. @throws std::invalid_argument for an unknown mechanism.
BenchReport run_bench(const BenchOptions& options, const Implementation& implementation, const Progress& progress);

// The results as a table, a summary and the caveat (plain text); as CSV; as JSON.
std::string format_table(const BenchReport& report);
std::string format_csv(const BenchReport& report);
std::string format_json(const BenchReport& report);

// The summary's comparisons, for the terminal screen too: lines like "SHM vs TCP   ×85".
std::vector<std::pair<std::string, std::string>> summary(const BenchReport& report);
// What each mechanism is for, in a few words (the table's "Use when").
std::string use_when(const std::string& mechanism);

}  // namespace ipcviz::bench

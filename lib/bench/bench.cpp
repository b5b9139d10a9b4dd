#include "bench.hpp"

#include <algorithm>
#include <stdexcept>

#include "bench_workload.hpp"
#include "ipcviz/harness.hpp"
#include "raw/raw.hpp"
#include "raw_comparison.hpp"

namespace ipcviz::bench {

namespace {

// The median cost of reading the clock the harness stamps messages with.
double clock_cost_ns() {
    std::vector<double> samples;
    for (int round = 0; round < 9; ++round) {
        constexpr int kReads = 20000;
        [[maybe_unused]] volatile std::int64_t sink = 0;  // keeps the reads from being optimised away
        const std::int64_t start = monotonic_ns();
        for (int i = 0; i < kReads; ++i) sink = monotonic_ns();
        samples.push_back(static_cast<double>(monotonic_ns() - start) / kReads);
    }
    return Spread::of(samples).median;
}

// Quads of library and raw runs per round with --compare-raw (see raw_comparison.hpp).
constexpr int kRawQuadsPerRound = 6;

struct Samples {
    std::vector<double> rt_mean, rt_p50, rt_p99, rate, megabytes;
    PairedRoundTrips against_raw;
    std::vector<double> syscalls, kernel_copies, user_copies, switches, kernel_cpu;
};

double median_of(const std::vector<double>& values) { return values.empty() ? 0 : Spread::of(values).median; }

}  // namespace

Spread Spread::of(std::vector<double> values) {
    if (values.empty()) return {};
    std::sort(values.begin(), values.end());
    const std::size_t middle = values.size() / 2;
    const double median = values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    return Spread{median, values.front(), values.back()};
}

BenchReport run_bench(const BenchOptions& options, const Implementation& implementation, const Progress& progress) {
    BenchReport report;
    report.options = options;
    std::vector<const Mechanism*> mechanisms;
    for (const std::string& name : options.mechanisms) {
        const Mechanism* mechanism = find_mechanism(name);
        if (mechanism == nullptr) throw std::invalid_argument("unknown mechanism '" + name + "'");
        mechanisms.push_back(mechanism);
    }
    const int rounds = std::max(options.rounds, 1);
    const std::size_t trips_per_round = std::max<std::size_t>(options.round_trips / rounds, 1);
    const std::size_t messages_per_round = std::max<std::size_t>(options.messages / rounds, 1);
    report.clock_ns = clock_cost_ns();
    if (options.instrumentation) report.instrumentation = measure_instrumentation_cost(9, 20000);

    std::vector<Samples> samples(mechanisms.size());
    std::vector<MechanismResult> results(mechanisms.size());
    // Warm-up: a short run of each, discarded (page faults, caches, the CPU's clock). It reports
    // progress too (nothing done yet), so that a caller can stop it like any other run.
    for (std::size_t m = 0; m < mechanisms.size(); ++m) {
        results[m].name = std::string(mechanisms[m]->name);
        const std::size_t total = (trips_per_round + messages_per_round) * static_cast<std::size_t>(rounds);
        std::function<void(std::uint64_t)> warming;
        if (progress) warming = [&, total](std::uint64_t) { progress(results[m].name, 0, total); };
        const RunResult warm = run(*mechanisms[m], implementation.factory(mechanisms[m]->name),
                                   timing_workload(Pattern::round_trip, std::min<std::size_t>(trips_per_round, 500), options.size),
                                   warming);
        if (!warm.ok) {
            results[m].ok = false;
            results[m].failure = warm.failure;
        }
    }
    for (int round = 0; round < rounds; ++round) {
        for (std::size_t m = 0; m < mechanisms.size(); ++m) {  // A B C D, then again
            MechanismResult& result = results[m];
            Samples& s = samples[m];
            const std::size_t total = (trips_per_round + messages_per_round) * static_cast<std::size_t>(rounds);
            const std::size_t before = (trips_per_round + messages_per_round) * static_cast<std::size_t>(round);
            if (!result.ok) {
                if (progress) progress(result.name, before + trips_per_round + messages_per_round, total);
                continue;
            }
            const ChannelFactory factory = implementation.factory(mechanisms[m]->name);
            // The race's bars move as messages arrive, not only between runs (a stop the callback
            // throws inside a run ends that run and comes out of run() once it is cleaned up).
            const auto live = [&](std::size_t offset) -> std::function<void(std::uint64_t)> {
                if (!progress) return {};
                return [&, offset](std::uint64_t delivered) { progress(result.name, before + offset + delivered, total); };
            };
            const RunResult trips = run(*mechanisms[m], factory, timing_workload(Pattern::round_trip, trips_per_round, options.size),
                                        live(0));
            if (progress) progress(result.name, before + trips_per_round, total);
            const RunResult stream = trips.ok ? run(*mechanisms[m], factory, timing_workload(Pattern::one_way, messages_per_round, options.size),
                                                    live(trips_per_round))
                                              : RunResult{};
            if (progress) progress(result.name, before + trips_per_round + messages_per_round, total);
            if (!trips.ok || !stream.ok) {
                result.ok = false;
                result.failure = !trips.ok ? trips.failure : stream.failure;
                continue;
            }
            const double clock_us = report.clock_ns / 1000.0;
            s.rt_mean.push_back(trips.metrics.latency_mean_ns / 1000.0 - clock_us);
            s.rt_p50.push_back(trips.metrics.latency_p50_ns / 1000.0 - clock_us);
            s.rt_p99.push_back(trips.metrics.latency_p99_ns / 1000.0 - clock_us);
            if (options.compare_raw) {
                // Between runs the progress callback may stop the benchmark (no run is alive then).
                const auto between_runs = [&] {
                    if (progress) progress(result.name, before + trips_per_round + messages_per_round, total);
                };
                const std::string failure = compare_with_raw(*mechanisms[m], factory, options.size,
                                                             trips.metrics.latency_mean_ns / 1000.0, kRawQuadsPerRound,
                                                             s.against_raw, between_runs);
                if (!failure.empty()) {
                    result.ok = false;
                    result.failure = failure;
                    continue;
                }
            }
            s.rate.push_back(stream.metrics.messages_per_s);
            s.megabytes.push_back(stream.metrics.megabytes_per_s);
            s.syscalls.push_back(stream.metrics.syscalls);
            s.kernel_copies.push_back(stream.metrics.kernel_copies);
            s.user_copies.push_back(stream.metrics.user_copies);
            s.switches.push_back(stream.metrics.context_switches);
            s.kernel_cpu.push_back(static_cast<double>(stream.sides[0].system_ns + stream.sides[1].system_ns) /
                                   static_cast<double>(stream.workload.messages));
        }
    }
    for (std::size_t m = 0; m < mechanisms.size(); ++m) {
        MechanismResult& result = results[m];
        const Samples& s = samples[m];
        if (!result.ok) continue;
        result.round_trip_mean_us = Spread::of(s.rt_mean);
        result.round_trip_p50_us = Spread::of(s.rt_p50);
        result.round_trip_p99_us = Spread::of(s.rt_p99);
        result.messages_per_s = Spread::of(s.rate);
        result.megabytes_per_s = Spread::of(s.megabytes);
        result.syscalls = median_of(s.syscalls);
        result.kernel_copies = median_of(s.kernel_copies);
        result.user_copies = median_of(s.user_copies);
        result.context_switches = median_of(s.switches);
        result.kernel_cpu_ns = median_of(s.kernel_cpu);
        if (options.compare_raw) {
            result.against_raw = RawComparison{Spread::of(s.against_raw.library_us), Spread::of(s.against_raw.raw_us),
                                               Spread::of(s.against_raw.ratios), s.against_raw.ratios.size()};
        }
    }
    report.results = std::move(results);
    if (options.compare_raw) report.cache_line_round_trip_ns = raw::cache_line_round_trip_ns(100000);
    return report;
}

std::string use_when(const std::string& mechanism) {
    if (mechanism == "shm") return "max speed, one host";
    if (mechanism == "pipe") return "parent → child stream";
    if (mechanism == "unix") return "two-way, same host";
    if (mechanism == "tcp") return "across machines";
    return "";
}

}  // namespace ipcviz::bench

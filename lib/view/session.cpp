#include "session.hpp"

#include <algorithm>

#include "../bench/bench.hpp"
#include "figures.hpp"
#include "ipcviz/cpus.hpp"
#include "ipcviz/harness.hpp"
#include "ipcviz/report.hpp"
#include "texts.hpp"

namespace ipcviz::view {

namespace {

// The calibration's race: rounds as `ipcviz bench` makes them, smaller so the figures fill in within
// about a second of the run (Lab 05 grades on 7 rounds of 1000 round trips). Per round, at most
// kRoundTrips round trips and kMessages messages, fewer for large messages (--size) so that a
// round moves at most a few tens of MiB, and at least 20 of each.
constexpr int kRounds = 5;
constexpr std::size_t kRoundTrips = 500;
constexpr std::size_t kMessages = 5000;
constexpr std::size_t kRoundTripBytes = std::size_t{16} << 20;
constexpr std::size_t kStreamBytes = std::size_t{64} << 20;

std::size_t per_round(std::size_t most, std::size_t bytes, std::size_t size) {
    return std::clamp<std::size_t>(bytes / std::max<std::size_t>(size, 1), 20, most);
}

Calibration calibration_of(const bench::MechanismResult& result, const bench::BenchOptions& options, bool pinned) {
    Calibration calibration;
    calibration.measured = true;
    calibration.ok = result.ok;
    calibration.failure = result.failure;
    const auto range = [](const bench::Spread& spread) { return Range{spread.median, spread.min, spread.max}; };
    calibration.round_trip_us = range(result.round_trip_p50_us);
    calibration.messages_per_s = range(result.messages_per_s);
    calibration.rounds = options.rounds;
    calibration.round_trips = options.round_trips / static_cast<std::size_t>(options.rounds);
    calibration.streamed = options.messages / static_cast<std::size_t>(options.rounds);
    calibration.size = options.size;
    calibration.pinned = pinned;
    return calibration;
}

}  // namespace

bool Session::stalls(std::string_view mechanism) const {
    return mechanism == "tcp" && options_.nagle && options_.split_header;
}

std::chrono::milliseconds Session::trace_deadline(std::string_view mechanism) const {
    // A healthy traced run of the largest view (5000 messages) takes well under a second even on a
    // loaded machine; a stuck one is reported after this (times IPCVIZ_TIMEOUT_SCALE). Nagle's stall
    // waits for the peer's delayed ACK (up to 40 ms each way): 86–100 ms per round trip measured
    // with `ipcviz trace -m tcp --nagle --split-header --round-trip`, so 200 ms per message.
    const long per_message_us = stalls(mechanism) ? 200'000 : 500;
    return std::chrono::milliseconds(1500 + static_cast<long>(options_.messages) * per_message_us / 1000);
}

ViewModel Session::trace(const Mechanism& mechanism, const Progress& progress) {
    RunResult traced = run(mechanism, implementation_.factory(mechanism.name), workload_for(mechanism), progress);
    return ViewModel(mechanism, std::move(traced), Calibration{});
}

Workload Session::workload_for(const Mechanism& mechanism) const {
    Workload workload;
    workload.messages = options_.messages;
    workload.message_size = options_.size;
    workload.deadline = trace_deadline(mechanism.name);
    workload.pattern = options_.pattern;
    if (mechanism.name == "tcp") {
        workload.tcp_nodelay = !options_.nagle;
        workload.header_apart = options_.split_header;
    }
    workload.trace_capacity = std::size_t{1} << 17;  // room for every event of the largest view run
    return workload;
}

void Session::calibrate(ViewModel& model, const Progress& progress) {
    // The mechanism and the one it is compared with, raced in the same interleaved rounds: the
    // comparison comes from one measurement, as `ipcviz bench`'s summary does.
    bench::BenchOptions options;
    options.mechanisms = {std::string(model.mechanism().name)};
    const std::string reference_name = ViewModel::reference_for(model.mechanism().name);
    if (!reference_name.empty()) options.mechanisms.push_back(reference_name);
    options.size = options_.size;
    options.rounds = kRounds;
    options.round_trips = kRounds * per_round(kRoundTrips, kRoundTripBytes, options_.size);
    options.messages = kRounds * per_round(kMessages, kStreamBytes, options_.size);
    options.instrumentation = false;  // the viewer does not show it
    const bench::BenchReport report =
        bench::run_bench(options, implementation_, [&](const std::string&, std::size_t done, std::size_t) {
            if (progress) progress(done);
        });
    // Pinned as the benchmark pins (bench::timing_workload): a CPU each where two are usable.
    const bool pinned = cpu_budget().usable() >= 2;
    std::optional<Calibration> reference;
    if (report.results.size() > 1) reference = calibration_of(report.results[1], options, pinned);
    model.set_calibration(calibration_of(report.results[0], options, pinned), reference);
}

ViewModel Session::load(const Mechanism& mechanism, const Progress& progress) {
    ViewModel model = trace(mechanism, progress);
    if (model.run().ok) calibrate(model, progress);  // a failed run says why at once
    return model;
}

std::string text_report(const ViewModel& model) {
    const RunResult& run = model.run();
    std::string text = std::string(model.mechanism().title) + " — a real two-process run\n\n";
    text += "Event log (" + std::to_string(run.trace.size()) +
            " events, in the order they started; µs from the first)\n" + format_timeline(run) + "\n";
    text += format_metrics(run);
    const Calibration& calibration = model.calibration();
    if (calibration.ok && run.ok) {
        text += "  untraced (as ipcviz bench): round trip " + figures::latency(calibration) + ", one-way " +
                figures::throughput(calibration) + "\n    " +
                figures::label(calibration, 200, figures::not_this_runs_modes(model)) + "\n";
        if (model.reference()) {
            const std::string reference = ViewModel::reference_for(model.mechanism().name);
            text += "  vs " + reference + ": " + figures::comparison(reference, calibration, *model.reference()) +
                    " (round trip p50, the same rounds)\n";
        }
    }
    if (run.ok) text += "\n" + explanation(model) + "\n";
    return text;
}

}  // namespace ipcviz::view

#include "session.hpp"

#include "ipcviz/harness.hpp"
#include "ipcviz/report.hpp"
#include "texts.hpp"

namespace ipcviz::view {

namespace {
constexpr std::size_t kCalibrationRoundTrips = 2000;
constexpr std::size_t kCalibrationMessages = 20000;
}  // namespace

const Calibration& Session::calibrate(const Mechanism& mechanism) {
    const auto cached = calibrations_.find(std::string(mechanism.name));
    if (cached != calibrations_.end()) return cached->second;
    Calibration calibration;
    Workload workload;
    workload.trace = false;
    workload.message_size = 64;
    workload.deadline = std::chrono::milliseconds(10000);
    workload.pattern = Pattern::round_trip;
    workload.messages = kCalibrationRoundTrips;
    const ChannelFactory factory = implementation_.factory(mechanism.name);
    const RunResult round_trips = run(mechanism, factory, workload);
    workload.pattern = Pattern::one_way;
    workload.messages = kCalibrationMessages;
    const RunResult stream = round_trips.ok ? run(mechanism, factory, workload) : RunResult{};
    calibration.ok = round_trips.ok && stream.ok;
    calibration.failure = !round_trips.ok ? round_trips.failure : stream.failure;
    calibration.round_trip_us = round_trips.metrics.latency_mean_ns / 1000.0;
    calibration.messages_per_s = stream.metrics.messages_per_s;
    calibration.round_trips = kCalibrationRoundTrips;
    calibration.streamed = kCalibrationMessages;
    return calibrations_[std::string(mechanism.name)] = calibration;
}

ViewModel Session::load(const Mechanism& mechanism) {
    Workload workload;
    workload.messages = options_.messages;
    workload.message_size = options_.size;
    workload.deadline = std::chrono::milliseconds(5000);
    workload.trace_capacity = std::size_t{1} << 17;  // room for every event of the largest view run
    RunResult traced = run(mechanism, implementation_.factory(mechanism.name), workload);
    const Calibration calibration = calibrate(mechanism);
    std::optional<Calibration> reference;
    const std::string reference_name = ViewModel::reference_for(mechanism.name);
    if (!reference_name.empty()) reference = calibrate(*find_mechanism(reference_name));
    return ViewModel(mechanism, std::move(traced), calibration, reference);
}

std::string text_report(const ViewModel& model) {
    const RunResult& run = model.run();
    std::string text = std::string(model.mechanism().title) + " — a real two-process run\n\n";
    text += "Event log (" + std::to_string(run.trace.size()) + " events)\n" + format_event_log(run) + "\n";
    text += format_metrics(run);
    const Calibration& calibration = model.calibration();
    if (calibration.ok) {
        char line[200];
        std::snprintf(line, sizeof line,
                      "  untraced: round trip %.2f µs (mean of %zu), one-way %.0f msg/s (%zu messages)\n",
                      calibration.round_trip_us, calibration.round_trips, calibration.messages_per_s,
                      calibration.streamed);
        text += line;
    }
    if (run.ok) text += "\n" + explanation(model) + "\n";
    return text;
}

}  // namespace ipcviz::view

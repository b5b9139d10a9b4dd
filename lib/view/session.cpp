#include "session.hpp"

#include "ipcviz/harness.hpp"
#include "ipcviz/report.hpp"
#include "texts.hpp"

namespace ipcviz::view {

namespace {
constexpr std::size_t kCalibrationRoundTrips = 2000;
constexpr std::size_t kCalibrationMessages = 20000;
}  // namespace

const Calibration& Session::calibrate(const Mechanism& mechanism, const Progress& progress) {
    const auto cached = calibrations_.find(std::string(mechanism.name));
    if (cached != calibrations_.end() && cached->second.ok) return cached->second;
    Calibration calibration;
    Workload workload;
    workload.trace = false;
    workload.message_size = 64;
    workload.deadline = std::chrono::milliseconds(10000);
    workload.pattern = Pattern::round_trip;
    workload.messages = kCalibrationRoundTrips;
    const ChannelFactory factory = implementation_.factory(mechanism.name);
    const RunResult round_trips = run(mechanism, factory, workload, progress);
    workload.pattern = Pattern::one_way;
    workload.messages = kCalibrationMessages;
    const RunResult stream = round_trips.ok ? run(mechanism, factory, workload, progress) : RunResult{};
    calibration.measured = true;
    calibration.ok = round_trips.ok && stream.ok;
    calibration.failure = !round_trips.ok ? round_trips.failure : stream.failure;
    calibration.round_trip_us = round_trips.metrics.latency_mean_ns / 1000.0;
    calibration.messages_per_s = stream.metrics.messages_per_s;
    calibration.round_trips = kCalibrationRoundTrips;
    calibration.streamed = kCalibrationMessages;
    return calibrations_[std::string(mechanism.name)] = calibration;
}

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
    RunResult traced = run(mechanism, implementation_.factory(mechanism.name), workload, progress);
    return ViewModel(mechanism, std::move(traced), Calibration{});
}

void Session::calibrate(ViewModel& model, const Progress& progress) {
    const Calibration calibration = calibrate(model.mechanism(), progress);
    std::optional<Calibration> reference;
    const std::string reference_name = ViewModel::reference_for(model.mechanism().name);
    if (!reference_name.empty()) reference = calibrate(*find_mechanism(reference_name), progress);
    model.set_calibration(calibration, reference);
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

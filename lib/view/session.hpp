#pragma once
// Making what the viewer shows: one real traced run of a mechanism, and the untraced calibration
// runs that give its latency and throughput by `ipcviz bench`'s method (lib/bench), made again for
// every run shown (`r` re-measures: nothing is cached).
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "ipcviz/mechanism.hpp"
#include "model.hpp"

namespace ipcviz::view {

struct SessionOptions {
    std::string impl = "solutions";  // whose code: "solutions" or "labs"
    std::size_t messages = 10;       // in the traced run
    std::size_t size = 64;           // bytes per message
    Pattern pattern = Pattern::one_way;  // of the traced run: one-way, or each message echoed back
    // TCP runs only (the other mechanisms have no such option): Nagle's algorithm left on, and
    // each length prefix sent apart from its payload (together: Nagle's stall, shown live).
    bool nagle = false;
    bool split_header = false;
};

class Session {
public:
    Session(const Implementation& implementation, SessionOptions options)
        : implementation_(implementation), options_(std::move(options)) {}

    const SessionOptions& options() const { return options_; }
    const Implementation& implementation() const { return implementation_; }
    // Called about every 30 ms while a run goes on, with the messages delivered so far (for a
    // progress line, and to poll for keys); if it throws, the run is ended, cleaned up, and the
    // exception leaves load(), trace() or calibrate().
    using Progress = std::function<void(std::uint64_t delivered)>;

    // A fresh traced run of @p mechanism (in the options' pattern and TCP modes), with its calibration (and its reference's);
    // a failed run is returned at once, without calibrating.
    ViewModel load(const Mechanism& mechanism, const Progress& progress = {});
    // The two halves of load(), for a caller that shows the run before its figures are measured.
    ViewModel trace(const Mechanism& mechanism, const Progress& progress = {});
    // Fills in @p model's calibration and its reference's, from one race of the two (about a second).
    void calibrate(ViewModel& model, const Progress& progress = {});
    // The traced run's workload for @p mechanism (the options' messages, size, pattern, TCP modes).
    Workload workload_for(const Mechanism& mechanism) const;
    // The deadline of the traced run of @p mechanism: a broken channel (a deadlock) is reported this soon.
    std::chrono::milliseconds trace_deadline(std::string_view mechanism) const;

private:
    // True where a traced run of @p mechanism waits out Nagle's stall at every message.
    bool stalls(std::string_view mechanism) const;

    const Implementation& implementation_;
    SessionOptions options_;
};

// The run as text: event log, metrics, explanation — what the viewer shows, without a terminal.
std::string text_report(const ViewModel& model);

}  // namespace ipcviz::view

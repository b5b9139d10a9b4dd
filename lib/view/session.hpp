#pragma once
// Making what the viewer shows: one real traced run of a mechanism, and the untraced calibration
// runs that give its latency and throughput (cached for the session: they take a fraction of a second).
#include <map>
#include <string>

#include "ipcviz/mechanism.hpp"
#include "model.hpp"

namespace ipcviz::view {

struct SessionOptions {
    std::string impl = "solutions";  // whose code: "solutions" or "labs"
    std::size_t messages = 10;       // in the traced run
    std::size_t size = 64;           // bytes per message
};

class Session {
public:
    Session(const Implementation& implementation, SessionOptions options)
        : implementation_(implementation), options_(std::move(options)) {}

    const SessionOptions& options() const { return options_; }
    const Implementation& implementation() const { return implementation_; }
    // A fresh traced run of @p mechanism (one-way), with its calibration (and its reference's).
    ViewModel load(const Mechanism& mechanism);

private:
    const Calibration& calibrate(const Mechanism& mechanism);

    const Implementation& implementation_;
    SessionOptions options_;
    std::map<std::string, Calibration> calibrations_;
};

// The run as text: event log, metrics, explanation — what the viewer shows, without a terminal.
std::string text_report(const ViewModel& model);

}  // namespace ipcviz::view

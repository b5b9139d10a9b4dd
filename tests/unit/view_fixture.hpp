#pragma once
// A real run of a reference mechanism, as the viewer's model, with made-up calibration figures
// (the tests check what is drawn from them, not what they are).
#include <catch2/catch.hpp>

#include "../../lib/view/model.hpp"
#include "ipcviz/harness.hpp"

namespace ipcviz::view::testing {

inline ViewModel model_of(const char* name, std::size_t messages = 10, Pattern pattern = Pattern::one_way) {
    static const Implementation linked(&ipcviz_new_channel);
    Workload workload;
    workload.messages = messages;
    workload.pattern = pattern;
    workload.deadline = std::chrono::milliseconds(5000);
    RunResult result = run(*find_mechanism(name), linked.factory(name), workload);
    REQUIRE(result.ok);
    Calibration calibration;
    calibration.measured = true;
    calibration.ok = true;
    calibration.round_trip_us = {25, 24, 27};
    calibration.messages_per_s = {500000, 450000, 520000};
    calibration.rounds = 5;
    calibration.round_trips = 400;
    calibration.streamed = 4000;
    calibration.size = 64;
    calibration.pinned = true;
    return ViewModel(*find_mechanism(name), std::move(result), calibration, calibration);
}

/** @return the first step at which @p call made by @p side returns (fails the test if none does). */
inline std::size_t return_step(const ViewModel& model, Call call, Side side) {
    for (std::size_t step = 1; step < model.steps(); ++step) {
        const StepState& state = model.at(step);
        if (state.event->call == call && state.event->side == side &&
            (state.kind == PointKind::returned || state.kind == PointKind::whole)) {
            return step;
        }
    }
    FAIL("no such event");
    return 0;
}

}  // namespace ipcviz::view::testing

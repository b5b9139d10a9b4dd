// The sanitizer pass's last resort (lib/grade/sanitizer_pass.cpp): a runner that outlives its plan
// is stopped, and what it leaves is removed. A stand-in runner — a script where the grader looks for
// build/san/sanitizer-runner — announces a plan, reports one run, starts a "run" whose parent side
// creates an object named after its pid, and on SIGTERM ends that side (as a harness would) but then
// hangs instead of exiting: the grader must kill it, its escapee too, and remove the object.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "../../lib/grade/sanitizer_pass.hpp"
#include "fake_sanitized_build.hpp"
#include "ipcviz/names.hpp"
#include "reaper.hpp"

namespace fs = std::filesystem;

namespace {

const char* const kHangingRunner = R"(#!/bin/sh
printf 'plan\t2\t100\n'
printf 'run\tfake run\tok\t1\t0\t2\t0\t\n'
sh -c 'touch /dev/shm/ipcviz-$$-probe; exec sleep 60' &
side=$!
setsid sleep 60 &
trap 'kill $side; wait $side' TERM
while :; do sleep 0.05; done
)";

}  // namespace

TEST_CASE("a sanitizer runner that outlives its plan is stopped, its processes killed and its run's objects removed",
          "[grade][sanitizer]") {
    const ipcviz::testing::FakeSanitizedBuild build(kHangingRunner);
    ipcviz::grade::choose_sanitized_build(build.shared_object());
    ::setenv("IPCVIZ_TIMEOUT_SCALE", "0.05", 1);  // plan 0.1 s + slack (10 s + 1 s a run) × 0.05: about 0.7 s
    const auto started = std::chrono::steady_clock::now();
    const ipcviz::grade::SanitizerPass pass = ipcviz::grade::run_sanitizer_pass("pipe");
    const auto took = std::chrono::steady_clock::now() - started;
    ::unsetenv("IPCVIZ_TIMEOUT_SCALE");
    ipcviz::grade::choose_sanitized_build("");

    INFO("problem: " << pass.problem << "; stopped: " << pass.stopped);
    CHECK(pass.problem.empty());
    CHECK(pass.stopped.find("killed them") != std::string::npos);
    CHECK(pass.planned_runs == 2);
    REQUIRE(pass.runs.size() == 1);
    CHECK(pass.runs[0].ok);
    CHECK(took < std::chrono::seconds(5));
    // The side's object: removed by the grader, though the side had been reaped by then.
    REQUIRE(pass.leftovers.size() == 1);
    CHECK(pass.leftovers[0].starts_with("/dev/shm/ipcviz-"));
    CHECK(pass.leftovers[0].ends_with("-probe"));
    CHECK_FALSE(fs::exists(pass.leftovers[0]));
    // Nothing of the runner's is left: not the runner, not the escapee that called setsid().
    CHECK(ipcviz::detail::descendants_of(::getpid()).empty());
}

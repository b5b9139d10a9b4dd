// The sanitizer pass on a machine where AddressSanitizer cannot start (lib/grade/sanitizer_pass.cpp):
// GCC 12's runtime, on a kernel that randomises mmap with 32 bits, loops on its own SEGV before main,
// printing only "AddressSanitizer:DEADLYSIGNAL" (about 3 MB a second, measured with a trivial
// -fsanitize=address program at vm.mmap_rnd_bits = 32). A stand-in runner prints that line the same
// way: the pass must stop it at once and say it is the machine's problem, not the lab's code.
// The real condition (the sysctl, and Docker's refusal of personality()) is tests/stress/asan-aslr.sh.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>

#include "../../lib/grade/sanitizer_pass.hpp"
#include "fake_sanitized_build.hpp"
#include "reaper.hpp"

namespace {

const char* const kDeadlySignalLoop = R"(#!/bin/sh
while :; do echo AddressSanitizer:DEADLYSIGNAL >&2; done
)";

// One deadly signal and its report: a crash of the runner itself, not the start-up loop.
const char* const kCrashingRunner = R"sh(#!/bin/sh
echo AddressSanitizer:DEADLYSIGNAL >&2
echo "==$$==ERROR: AddressSanitizer: SEGV on unknown address 0x000000000000 (pc 0x1 bp 0x2 sp 0x3 T0)" >&2
echo "==$$==ABORTING" >&2
exit 23
)sh";

ipcviz::grade::SanitizerPass pass_with(const char* runner_script, double& seconds) {
    const ipcviz::testing::FakeSanitizedBuild build(runner_script);
    ipcviz::grade::choose_sanitized_build(build.shared_object());
    ::setenv("IPCVIZ_TIMEOUT_SCALE", "1", 1);  // until the plan: 30 s
    const auto started = std::chrono::steady_clock::now();
    ipcviz::grade::SanitizerPass pass = ipcviz::grade::run_sanitizer_pass("pipe");
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    ::unsetenv("IPCVIZ_TIMEOUT_SCALE");
    ipcviz::grade::choose_sanitized_build("");
    return pass;
}

}  // namespace

TEST_CASE("a sanitized runner stuck in AddressSanitizer's start-up loop is stopped at once, and the pass blames the "
          "machine, not the lab",
          "[grade][sanitizer]") {
    double seconds = 0;
    const ipcviz::grade::SanitizerPass pass = pass_with(kDeadlySignalLoop, seconds);
    INFO("problem: " << pass.problem << "; stopped: " << pass.stopped << "; took " << seconds << " s");
    CHECK(pass.problem.starts_with("AddressSanitizer could not start: the sanitized runner printed only "
                                   "\"AddressSanitizer:DEADLYSIGNAL\" ("));
    CHECK(pass.problem.find("The memory-error tests could not run here; the lab's code is not at fault.") !=
          std::string::npos);
    CHECK(pass.problem.find("sysctl -w vm.mmap_rnd_bits=28") != std::string::npos);
    CHECK(pass.problem.find('\n') == std::string::npos);  // one line
    CHECK(pass.report.empty());
    CHECK(pass.runs.empty());
    CHECK(seconds < 15);  // not at its 30 s deadline: as soon as its stderr shows the loop (within 0.1 s idle)
    CHECK(ipcviz::detail::descendants_of(::getpid()).empty());
}

TEST_CASE("one deadly signal followed by its report is the runner's crash, not the start-up loop", "[grade][sanitizer]") {
    double seconds = 0;
    const ipcviz::grade::SanitizerPass pass = pass_with(kCrashingRunner, seconds);
    INFO("problem: " << pass.problem);
    CHECK(pass.problem == "the sanitized runner itself failed: AddressSanitizer: SEGV on unknown address "
                          "0x000000000000 (pc 0x1 bp 0x2 sp 0x3 T0)");
}

TEST_CASE("the start-up loop's line names the kernel's randomisation and a refused personality() when they are the cause",
          "[grade][sanitizer]") {
    const std::string refused = "ipcviz grader: personality(ADDR_NO_RANDOMIZE): Operation not permitted\n";
    const std::string both = ipcviz::grade::sanitizers_could_not_start(5000, refused, 32);
    CHECK(both.find("(5000 times)") != std::string::npos);
    CHECK(both.find("this kernel randomises mmap with 32 bits (vm.mmap_rnd_bits), more than GCC 12's AddressSanitizer "
                    "allows") != std::string::npos);
    CHECK(both.find("(personality(ADDR_NO_RANDOMIZE): Operation not permitted, as a container's default seccomp profile "
                    "does)") != std::string::npos);
    CHECK(both.ends_with(", or start the container with --security-opt seccomp=unconfined"));
    // At 28 bits (or unknown) the line does not claim the kernel's randomisation; without the refusal, not seccomp.
    const std::string neither = ipcviz::grade::sanitizers_could_not_start(2, "", 28);
    CHECK(neither.find("randomises") == std::string::npos);
    CHECK(neither.find("seccomp") == std::string::npos);
    CHECK(neither.find("the lab's code is not at fault") != std::string::npos);
}

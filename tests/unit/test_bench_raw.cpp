// The benchmark's raw ping-pongs and the library-against-raw comparison: real processes, small runs.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "../../lib/bench/raw/raw.hpp"
#include "../../lib/bench/raw_comparison.hpp"
#include "ipcviz/mechanism.hpp"
#include "ipcviz/trace.hpp"

using namespace ipcviz;

TEST_CASE("every raw ping-pong runs and takes a positive time", "[bench]") {
    for (const char* mechanism : {"pipe", "unix", "tcp", "shm"}) {
        INFO(mechanism);
        const double ns = bench::raw::round_trip_ns(mechanism, 200, 64);
        CHECK(ns > 0);
        CHECK(ns < 50'000'000);  // 50 ms per round trip would be a hang, not a measurement
    }
    CHECK(bench::raw::cache_line_round_trip_ns(1000) > 0);
    CHECK_THROWS_AS(bench::raw::round_trip_ns("pigeon", 10, 64), std::invalid_argument);
}

// The children of process @p pid, from /proc.
std::vector<pid_t> children_of(pid_t pid) {
    std::vector<pid_t> children;
    std::ifstream list("/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) + "/children");
    for (pid_t child = 0; list >> child;) children.push_back(child);
    return children;
}

TEST_CASE("a raw shared-memory ping whose echo is killed says so instead of waiting for ever", "[bench]") {
    // The ping runs in a child process, so that a ping that does wait for ever fails this test
    // rather than hanging it. It exits 0 only on the error it must raise.
    const pid_t ping = ::fork();
    REQUIRE(ping != -1);
    if (ping == 0) {
        try {
            bench::raw::round_trip_ns("shm", 2'000'000'000, 64);  // minutes of work: it must be cut short
        } catch (const std::exception& e) {
            ::_exit(std::string(e.what()) == "the raw echo process died" ? 0 : 1);
        }
        ::_exit(2);
    }
    std::vector<pid_t> echoes;
    for (int tries = 0; tries < 200 && echoes.empty(); ++tries) {  // the echo is up within milliseconds
        ::usleep(10'000);
        echoes = children_of(ping);
    }
    ::usleep(50'000);  // let it ping for a while
    for (const pid_t echo : echoes) ::kill(echo, SIGKILL);
    const std::int64_t killed_at = monotonic_ns();
    int status = 0;
    pid_t ended = 0;
    while ((ended = ::waitpid(ping, &status, WNOHANG)) == 0 && monotonic_ns() - killed_at < 3'000'000'000) ::usleep(5'000);
    if (ended == 0) {
        ::kill(ping, SIGKILL);
        ::waitpid(ping, &status, 0);
    }
    CHECK(echoes.size() == 1);
    REQUIRE(ended == ping);  // it ended by itself within 3 s (a 20 ms futex timeout, then the check)
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("the library is compared with raw in quads of paired runs", "[bench]") {
    const Implementation linked(&ipcviz_new_channel);
    bench::PairedRoundTrips paired;
    const std::string failure =
        bench::compare_with_raw(*find_mechanism("pipe"), linked.factory("pipe"), 64, 200.0, 2, paired);
    REQUIRE(failure.empty());
    CHECK(paired.library_us.size() == 4);
    CHECK(paired.raw_us.size() == 4);
    REQUIRE(paired.ratios.size() == 2);
    for (const double ratio : paired.ratios) {
        // Both sides are the same syscalls on the same machine: off by 5× would be a unit or
        // counting mistake, not noise.
        CHECK(ratio > 0.2);
        CHECK(ratio < 5);
    }
}

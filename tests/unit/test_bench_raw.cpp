// The benchmark's raw ping-pongs and the library-against-raw comparison: real processes, small runs.
#include <signal.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <stdexcept>

#include "../../lib/bench/raw/raw.hpp"
#include "../../lib/bench/raw/raw_common.hpp"
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

TEST_CASE("a raw ping that waits on a dead echo is told the echo is gone", "[bench]") {
    const std::int64_t start = monotonic_ns();
    const auto waits_for_ever = [](const bench::raw::detail::PeerGone& echo_gone) {
        while (!echo_gone()) ::usleep(1000);
        throw std::runtime_error("the raw echo process died");
    };
    CHECK_THROWS_WITH(bench::raw::detail::time_with_echo([](const auto&) { ::raise(SIGKILL); }, waits_for_ever),
                      "the raw echo process died");
    CHECK(monotonic_ns() - start < 5'000'000'000);
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

#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <map>

#include "ipcviz/trace.hpp"

using namespace ipcviz;

namespace {
TraceEvent event_for(int pid, std::uint64_t detail) {
    TraceEvent event{};
    event.pid = pid;
    event.call = Call::message_sent;
    event.detail = detail;
    return event;
}
}  // namespace

TEST_CASE("the trace ring keeps the most recent events once it wraps", "[lib]") {
    alignas(64) static std::byte memory[4096];
    REQUIRE(TraceRing::bytes_for(8) <= sizeof memory);
    TraceRing* ring = TraceRing::create_in(memory, 8);
    for (std::uint64_t i = 0; i < 20; ++i) ring->append(event_for(1, i));
    const std::vector<TraceEvent> events = ring->snapshot();
    REQUIRE(events.size() == 8);
    CHECK(ring->appended() == 20);
    for (std::size_t i = 0; i < events.size(); ++i) {
        CHECK(events[i].detail == 12 + i);
        CHECK(events[i].sequence == 12 + i);
    }
}

TEST_CASE("two processes append to one shared ring without losing an event", "[lib]") {
    constexpr std::size_t kPerProcess = 20000;
    const std::size_t bytes = TraceRing::bytes_for(2 * kPerProcess);
    void* region = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    REQUIRE(region != MAP_FAILED);
    TraceRing* ring = TraceRing::create_in(region, 2 * kPerProcess);
    const pid_t child = ::fork();
    REQUIRE(child != -1);
    const int me = child == 0 ? 2 : 1;
    for (std::uint64_t i = 0; i < kPerProcess; ++i) ring->append(event_for(me, i));
    if (child == 0) ::_exit(0);
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);

    const std::vector<TraceEvent> events = ring->snapshot();
    REQUIRE(events.size() == 2 * kPerProcess);
    std::map<int, std::uint64_t> next;  // per process, events must appear in its own order
    for (std::size_t i = 0; i < events.size(); ++i) {
        CHECK(events[i].sequence == i);
        REQUIRE(events[i].detail == next[events[i].pid]);
        ++next[events[i].pid];
    }
    CHECK(next[1] == kPerProcess);
    CHECK(next[2] == kPerProcess);
    ::munmap(region, bytes);
}

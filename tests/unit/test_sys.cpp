#include <signal.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <memory>
#include <vector>

#include "ipcviz/counters.hpp"
#include "ipcviz/error.hpp"
#include "ipcviz/sys.hpp"
#include "ipcviz/trace.hpp"

using namespace ipcviz;

namespace {
// A trace ring in ordinary memory, installed as this process's context for the test's duration.
class LocalTrace {
public:
    explicit LocalTrace(std::size_t capacity)
        : memory_(static_cast<std::byte*>(std::aligned_alloc(64, TraceRing::bytes_for(capacity))), std::free) {
        std::fill_n(memory_.get(), TraceRing::bytes_for(capacity), std::byte{0});
        ring_ = TraceRing::create_in(memory_.get(), capacity);
        saved_ = trace_context();
        trace_context() = TraceContext{ring_, 42, Side::parent, 42};
    }
    ~LocalTrace() { trace_context() = saved_; }
    TraceRing& ring() { return *ring_; }

private:
    std::unique_ptr<std::byte, decltype(&std::free)> memory_;
    TraceRing* ring_ = nullptr;
    TraceContext saved_;
};

std::vector<std::byte> bytes(std::size_t count) { return std::vector<std::byte>(count, std::byte{7}); }
}  // namespace

TEST_CASE("sys wrappers count calls and payload bytes", "[lib]") {
    const Counters before = process_counters();
    {
        sys::PipeEnds pipe = sys::pipe();
        const auto message = bytes(100);
        CHECK(sys::write(pipe.write_end.get(), message) == 100);
        auto buffer = bytes(60);
        CHECK(sys::read(pipe.read_end.get(), buffer) == 60);  // a short read: 40 bytes are left
        CHECK(sys::read(pipe.read_end.get(), buffer) == 40);
        pipe.write_end.close();
        CHECK(sys::read(pipe.read_end.get(), buffer) == 0);  // end of file
    }
    const Counters done = process_counters().since(before);
    CHECK(done[Call::pipe] == 1);
    CHECK(done[Call::write] == 1);
    CHECK(done[Call::read] == 3);
    CHECK(done[Call::close] == 2);
    CHECK(done.bytes_to_kernel == 100);
    CHECK(done.bytes_from_kernel == 100);
    CHECK(done.syscalls() == 7);
}

TEST_CASE("sys wrappers trace each call with its arguments and result", "[lib]") {
    LocalTrace trace(16);
    sys::PipeEnds pipe = sys::pipe();
    const int write_fd = pipe.write_end.get();
    CHECK(sys::write(write_fd, bytes(10)) == 10);
    const std::vector<TraceEvent> events = trace.ring().snapshot();
    REQUIRE(events.size() == 2);
    CHECK(events[0].call == Call::pipe);
    CHECK(static_cast<int>(events[0].detail & 0xffffffff) == write_fd);
    CHECK(events[1].call == Call::write);
    CHECK(events[1].fd == write_fd);
    CHECK(events[1].asked == 10);
    CHECK(events[1].result == 10);
    CHECK(events[1].pid == 42);
    CHECK(events[1].end_ns >= events[1].start_ns);
    CHECK(events[1].sequence == 1);
}

TEST_CASE("a failed call throws SysError naming the call, fd and errno, and is traced", "[lib]") {
    LocalTrace trace(16);
    ::signal(SIGPIPE, SIG_IGN);
    sys::PipeEnds pipe = sys::pipe();
    const int write_fd = pipe.write_end.get();
    pipe.read_end.close();
    try {
        sys::write(write_fd, bytes(1));
        FAIL("write to a pipe without a reader succeeded");
    } catch (const SysError& error) {
        CHECK(error.code() == EPIPE);
        CHECK(std::string(error.what()) == "write(fd " + std::to_string(write_fd) + "): Broken pipe");
    }
    ::signal(SIGPIPE, SIG_DFL);
    const std::vector<TraceEvent> events = trace.ring().snapshot();
    REQUIRE(events.size() == 3);
    CHECK(events[2].error == EPIPE);
    CHECK(events[2].result == -1);
}

TEST_CASE("with tracing off calls are counted but not recorded", "[lib]") {
    REQUIRE(trace_context().ring == nullptr);
    const Counters before = process_counters();
    sys::PipeEnds pipe = sys::pipe();
    sys::write(pipe.write_end.get(), bytes(3));
    CHECK(process_counters().since(before)[Call::write] == 1);
}

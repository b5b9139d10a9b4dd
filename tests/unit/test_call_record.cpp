// The call-in-progress record a live viewer reads while the side runs (issue 12): a side writes it
// before each call with plain stores, the viewer reads it at any moment; the read must never mix two
// calls. A thread here plays the side, begin_call() after begin_call() as fast as it can, while
// the test reads through LiveRun::call(), as live mode does at each frame.
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <thread>

#include "ipcviz/live.hpp"
#include "ipcviz/trace.hpp"
#include "run_control.hpp"

using namespace ipcviz;

namespace {

// Call k's record: every field a function of k, so a record mixed from two calls shows.
void begin_numbered(std::int64_t k) {
    begin_call(k % 2 == 0 ? Call::read : Call::write, static_cast<std::uint16_t>(k & 0xffff),
               static_cast<std::int32_t>(k), 3 * k, 7 * k);
}

bool whole(const TraceEvent& event) {
    const std::int64_t k = event.fd;
    return k > 0 && event.asked == 3 * k && event.start_ns == 7 * k && event.region == (k & 0xffff) &&
           event.call == (k % 2 == 0 ? Call::read : Call::write) && event.end_ns == 0 && event.result == -1;
}

}  // namespace

TEST_CASE("a live viewer never reads a call record mixed from two calls", "[live]") {
    const auto control = std::make_unique<detail::RunControl>();
    LiveRun live;
    const LiveAttach attach(&live, *control, ::getpid(), nullptr, 0);
    const TraceContext saved = trace_context();
    std::atomic<bool> stop{false};
    std::atomic<std::int64_t> written{0};
    std::thread side([&] {
        trace_context() = TraceContext{nullptr, 1, Side::child, 1, &control->sides[1].now, nullptr};
        std::int64_t k = 1;
        for (; !stop.load(std::memory_order_relaxed); ++k) {
            begin_numbered(k);
            if (k % 8 == 0) end_call();  // now and then between calls too
        }
        written.store(k);
    });
    std::size_t reads = 0, calls = 0, mixed = 0;
    TraceEvent example{};
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(400);
    while (std::chrono::steady_clock::now() < until) {
        ++reads;
        if (const auto call = live.call(Side::child)) {
            ++calls;
            if (!whole(*call)) {
                ++mixed;
                example = *call;
            }
        }
    }
    stop.store(true);
    side.join();
    trace_context() = saved;
    INFO(reads << " reads, " << calls << " of a call in progress, " << written.load() << " calls written; a mixed one: fd "
               << example.fd << ", asked " << example.asked << ", start_ns " << example.start_ns << ", region "
               << example.region);
    CHECK(mixed == 0);
    CHECK(calls > 1000);               // the reader did see calls in progress...
    CHECK(written.load() > 100'000);   // ... while the side wrote many
}

// Lab 01 — pipe: the graded tests. Points are in the [pts:N] tags; labs/01-pipe/README.md lists
// the same table. Each test makes real two-process runs through the harness.
#include <limits.h>

#include <catch2/catch.hpp>

#include "grading.hpp"

using namespace ipcviz;
using namespace ipcviz::grading;

namespace {
constexpr const char* kPipe = "pipe";

std::string per_message(std::uint64_t count, std::size_t messages) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", static_cast<double>(count) / static_cast<double>(messages));
    return text;
}
}  // namespace

TEST_CASE("one message arrives whole", "[lab01][pts:5]") {
    require_delivered(run_lab(kPipe, one_way(1, 64)),
                      "setup() makes the pipe, open() keeps each side's end, send() writes, receive() reads.");
}

TEST_CASE("ten messages arrive in order and intact", "[lab01][pts:5]") {
    require_delivered(run_lab(kPipe, one_way(10, 64)),
                      "a pipe is a byte stream: the reader must take exactly one message's bytes per receive().");
}

TEST_CASE("100 000 messages arrive in order and intact", "[lab01][pts:10]") {
    Workload workload = one_way(100'000, 64);
    workload.deadline = std::chrono::milliseconds(30000);
    require_delivered(run_lab(kPipe, workload),
                      "every message counts: none may be skipped, repeated or reordered, however many there are.");
}

TEST_CASE("messages of 1 byte, 64 bytes and PIPE_BUF bytes arrive intact", "[lab01][pts:10]") {
    for (const std::size_t size : {std::size_t{1}, std::size_t{64}, std::size_t{PIPE_BUF}}) {
        INFO("message size: " << count_of(size, "byte"));
        require_delivered(run_lab(kPipe, one_way(200, size)),
                          "sizes up to PIPE_BUF (" + std::to_string(PIPE_BUF) + ") are written atomically.");
    }
}

TEST_CASE("messages of 64 KiB and 1 MiB arrive intact despite short reads and writes", "[lab01][pts:10]") {
    for (const std::size_t size : {std::size_t{64} << 10, std::size_t{1} << 20}) {
        INFO("message size " << size << " bytes; the writer is interrupted by a signal every 200 µs");
        Workload workload = one_way(size > 65536 ? 16 : 64, size);
        workload.interrupt_writes = true;
        workload.deadline = std::chrono::milliseconds(20000);
        require_delivered(run_lab(kPipe, workload),
                          "above PIPE_BUF, read() may return fewer bytes than asked and write() may take fewer "
                          "(a signal interrupts it): loop until the whole message has moved.");
    }
}

TEST_CASE("the reader sees end of file once the writer has closed", "[lab01][pts:10]") {
    Workload workload = one_way(10, 64);
    workload.expect_eof = true;
    workload.deadline = std::chrono::milliseconds(4000);
    require_delivered(run_lab(kPipe, workload),
                      "read() returns 0 only when every write end of the pipe is closed — including the copy "
                      "the child inherited through fork(). Close the ends a side does not use in open().");
}

TEST_CASE("a round trip over two pipes echoes every message", "[lab01][pts:15]") {
    require_delivered(run_lab(kPipe, round_trip(500, 64)),
                      "a pipe carries bytes one way: a duplex channel (spec.duplex) needs a second pipe back.");
}

TEST_CASE("one write() and one read() per message of at most PIPE_BUF bytes", "[lab01][pts:15]") {
    for (const std::size_t size : {std::size_t{64}, std::size_t{PIPE_BUF}}) {
        const std::size_t messages = 100;
        Workload workload = one_way(messages, size);
        workload.audit = true;  // ptrace counts what the kernel really saw
        const RunResult result = run_lab(kPipe, workload);
        require_delivered(result, "");
        const SideReport& writer = result.side(Side::parent);
        const SideReport& reader = result.side(Side::child);
        const std::string message = std::to_string(size) + "-byte message";
        const std::uint64_t kernel_writes = writer.audit->count("write");
        const std::uint64_t kernel_reads = reader.audit->count("read");
        if (writer.counters[Call::write] != kernel_writes || reader.counters[Call::read] != kernel_reads) {
            FAIL(teach(result, "every write() and read() made through ipcviz::sys",
                       "the kernel saw " + std::to_string(kernel_writes) + " write() and " +
                           std::to_string(kernel_reads) + " read() calls, ipcviz::sys counted " +
                           std::to_string(writer.counters[Call::write]) + " and " +
                           std::to_string(reader.counters[Call::read]),
                       "your code calls the kernel directly (::write, ::read, stdio, iostreams): use sys::write "
                       "and sys::read so the trace and the counts see every call."));
        }
        if (kernel_writes != messages) {
            FAIL(teach(result, "1 write() per " + message,
                       "your send() made " + per_message(kernel_writes, messages) + " write() calls per " + message +
                           " (" + std::to_string(kernel_writes) + " for " + std::to_string(messages) + ")",
                       "a write of at most PIPE_BUF bytes to a blocking pipe is atomic and complete: one call "
                       "moves the whole message. Each extra call is one more trip into the kernel."));
        }
        if (kernel_reads != messages) {
            FAIL(teach(result, "1 read() per " + message,
                       "your receive() made " + per_message(kernel_reads, messages) + " read() calls per " + message +
                           " (" + std::to_string(kernel_reads) + " for " + std::to_string(messages) + ")",
                       "ask read() for the whole message at once; loop only when it returns less."));
        }
    }
}

TEST_CASE("each message is copied across the user/kernel boundary exactly twice", "[lab01][pts:10]") {
    const std::size_t messages = 100;
    const std::size_t size = 64;
    Workload workload = one_way(messages, size);
    workload.audit = true;
    const RunResult result = run_lab(kPipe, workload);
    require_delivered(result, "");
    std::uint64_t bytes = 0;
    for (const SideReport& side : result.sides) bytes += side.audit->bytes_to_kernel + side.audit->bytes_from_kernel;
    const double copies = static_cast<double>(bytes) / static_cast<double>(messages * size);
    if (bytes != 2 * messages * size) {
        char actual[160];
        std::snprintf(actual, sizeof actual, "%.3f copies per message (%llu payload bytes moved by read/write for "
                      "%zu messages of %zu bytes)", copies, static_cast<unsigned long long>(bytes), messages, size);
        FAIL(teach(result, "2 copies per message: write() copies it into the pipe buffer, read() copies it out",
                   actual, "send exactly the message's bytes, nothing more (no headers: a pipe message here has "
                           "a size both sides know), and read each byte once."));
    }
}

TEST_CASE("no file descriptor is left open after close()", "[lab01][pts:10]") {
    const RunResult result = run_lab(kPipe, round_trip(10, 64));
    require_delivered(result, "");
    for (const SideReport& side : result.sides) {
        if (side.leaked_fds.empty()) continue;
        FAIL(teach(result, "after close(), " + side.role + " holds no descriptor it did not have before setup()",
                   side.role + " (" + side.duty + ") still holds " + std::to_string(side.leaked_fds.size()) +
                       " descriptor(s)",
                   "each process holds its own copy of every pipe end after fork(): open() closes the ends its "
                   "side does not use, close() the ones it does."));
    }
}

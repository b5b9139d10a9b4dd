// Lab 03 — TCP over loopback: the graded tests (points in the [pts:N] tags, as in the handout).
#include <algorithm>
#include <catch2/catch.hpp>
#include <vector>

#include "grading.hpp"

using namespace ipcviz;
using namespace ipcviz::grading;

namespace {
constexpr const char* kTcp = "tcp";
constexpr const char* kFramingHint =
    "TCP is a byte stream: send a length prefix, and loop until the prefix and the whole payload have "
    "moved — send and receive may each move fewer bytes than asked.";

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}
}  // namespace

TEST_CASE("one message arrives whole over TCP", "[lab03][pts:5]") {
    require_delivered(run_lab(kTcp, one_way(1, 64)),
                      "setup() listens on 127.0.0.1 port 0 and learns the port with getsockname(); open() accepts "
                      "(server) or connects to that port (client).");
}

TEST_CASE("ten messages arrive in order and intact over TCP", "[lab03][pts:5]") {
    require_delivered(run_lab(kTcp, one_way(10, 64)), kFramingHint);
}

TEST_CASE("100 000 messages arrive in order and intact over TCP", "[lab03][pts:10]") {
    Workload workload = one_way(100'000, 64);
    workload.deadline = std::chrono::milliseconds(30000);
    require_delivered(run_lab(kTcp, workload), kFramingHint);
}

TEST_CASE("TCP messages of 1 byte, 64 bytes and 4096 bytes arrive intact", "[lab03][pts:5]") {
    for (const std::size_t size : {std::size_t{1}, std::size_t{64}, std::size_t{4096}}) {
        INFO("message size: " << count_of(size, "byte"));
        require_delivered(run_lab(kTcp, one_way(200, size)), kFramingHint);
    }
}

TEST_CASE("TCP messages of 64 KiB and 1 MiB arrive intact despite short reads and writes", "[lab03][pts:10]") {
    for (const std::size_t size : {std::size_t{64} << 10, std::size_t{1} << 20}) {
        INFO("message size " << size << " bytes; both processes are interrupted by a signal every 200 µs"
             << (size > 65536 ? "" : "; then 3 more messages whose frames arrive in 3 pieces each, cut 1, 2 and 3 "
                                     "bytes into the length prefix"));
        Workload workload = one_way(size > 65536 ? 16 : 64, size);
        workload.interrupt_writes = true;
        workload.interrupt_reads = true;
        workload.deadline = std::chrono::milliseconds(20000);
        // A stream may cut a frame anywhere, even inside its prefix: the harness makes it happen.
        workload.frames_in_pieces = size > 65536 ? 0 : 3;
        require_delivered(run_lab(kTcp, workload),
                          "a stream may hand over any part of a frame in one read, even 1 byte of the length "
                          "prefix: keep reading until the whole prefix, then the whole message, is in; only end "
                          "of stream inside a frame is a ProtocolError.");
    }
}

TEST_CASE("the TCP client sees end of stream once the server has closed", "[lab03][pts:5]") {
    Workload workload = one_way(10, 64);
    workload.expect_eof = true;
    workload.deadline = std::chrono::milliseconds(4000);
    require_delivered(run_lab(kTcp, workload),
                      "recvmsg() returns 0 once the peer has closed and every byte was read (and fails with "
                      "ECONNRESET if the peer vanished with unread data): receive() returns 0 between messages.");
    // The handout's other end of stream: a reset (SO_LINGER 0) right after a whole message.
    require_fault_handled(run_lab(kTcp, faulted(Fault::reset_between_messages)),
                          "10 messages, then receive() returns 0: the server reset the connection right after "
                          "message 10, before any byte of another",
                          "a reset makes recvmsg() fail with ECONNRESET. Before the first byte of a message nothing "
                          "was lost: catch that SysError (look at code()) and return 0, as at end of stream; only "
                          "inside a message is it an error.");
}

TEST_CASE("a round trip over one TCP connection echoes every message", "[lab03][pts:10]") {
    require_delivered(run_lab(kTcp, round_trip(500, 64)),
                      "a TCP connection is full duplex: the client sends each message back on the same socket.");
}

TEST_CASE("one send and one receive per message each way over TCP", "[lab03][pts:10]") {
    for (const std::size_t size : {std::size_t{64}, std::size_t{4096}}) {
        check_one_call_per_message(audited_run(kTcp, round_trip(kAuditedMessages, size)),
                                   "the length prefix and the payload can leave together in one sys::sendmsg().",
                                   "ask sys::recvmsg() for the prefix and the whole payload at once; loop only when "
                                   "it returns less.");
    }
}

TEST_CASE("with TCP_NODELAY a message sent in two parts does not wait for a delayed ACK", "[lab03][pts:15]") {
    // Each message goes out as two sends (spec.header_apart). With Nagle on, the payload waits until
    // the prefix is acknowledged, and the peer delays that ACK (~40 ms here); with TCP_NODELAY it
    // leaves at once. Both settings are measured in the same test, interleaved, three runs each.
    std::vector<double> nodelay_us, nagle_us;
    for (int round = 0; round < 3; ++round) {
        for (const bool nodelay : {true, false}) {
            Workload workload = round_trip(10, 64);
            workload.trace = false;
            workload.header_apart = true;
            workload.tcp_nodelay = nodelay;
            const RunResult result = run_lab(kTcp, workload);
            require_delivered(result, kFramingHint);
            (nodelay ? nodelay_us : nagle_us).push_back(result.metrics.latency_p50_ns / 1000.0);
        }
    }
    const double fast = median(nodelay_us), slow = median(nagle_us);
    char actual[160];
    std::snprintf(actual, sizeof actual, "median round trip %.0f µs with TCP_NODELAY, %.0f µs without", fast, slow);
    if (slow < 10'000 || fast * 10 > slow) {
        FAIL(teach("with TCP_NODELAY well under a millisecond; without it, tens of milliseconds "
                                "(each part waits for the delayed ACK)",
                   actual,
                   slow < 10'000 ? "without TCP_NODELAY the stall did not show: does send() make two sends when "
                                   "spec.header_apart is set, and leave Nagle on when spec.tcp_nodelay is false?"
                                 : "set TCP_NODELAY (setsockopt IPPROTO_TCP) on both ends when spec.tcp_nodelay is "
                                   "true, after accept() and after connect()."));
    }
}

TEST_CASE("one TCP segment each way per message in a round trip", "[lab03][pts:10]") {
    // Audited: the tracer reads TCP_INFO itself at the window's markers, from copies of each side's
    // socket descriptors (pidfd_getfd) or, where a seccomp profile refuses that call (Docker's
    // default without CAP_SYS_PTRACE), from the kernel's socket diagnostics; never the counters the
    // harness reads inside the side's own process. Where neither works (a kernel before 5.6, no
    // access to the run's /proc), the test fails and says why: a count it cannot see is not a pass.
    Workload workload = round_trip(200, 64);
    workload.trace = false;
    workload.audit = true;
    workload.deadline = std::chrono::milliseconds(10000);
    const RunResult result = run_lab(kTcp, workload);
    require_delivered(result, kFramingHint);
    const AuditCounts& parent = *result.side(Side::parent).audit;
    const AuditCounts& child = *result.side(Side::child).audit;
    for (const AuditCounts* audit : {&parent, &child}) {
        if (!audit->tcp_unreadable.empty()) {
            FAIL(teach(result, "TCP_INFO of each side's socket, read by the grader", audit->tcp_unreadable,
                       "the grader reads TCP_INFO through pidfd_getfd (Linux 5.6 or later, ptrace access to the "
                       "run) or the socket diagnostics (NETLINK_SOCK_DIAG, what ss -ti reads): grade on a machine "
                       "that allows one of them."));
        }
    }
    const double segments = static_cast<double>(parent.tcp_segments_out + child.tcp_segments_out) /
                            static_cast<double>(result.messages_moved);
    if (segments < 0.9 || segments > 1.1) {
        char actual[160];
        std::snprintf(actual, sizeof actual, "%.2f segments per message (TCP_INFO: %llu and %llu segments out)",
                      segments, static_cast<unsigned long long>(parent.tcp_segments_out),
                      static_cast<unsigned long long>(child.tcp_segments_out));
        FAIL(teach(result, "1 segment per message: the message and its length prefix in one segment, the ACK "
                           "riding on the reply",
                   actual, "send the prefix and the payload in one call, with TCP_NODELAY: a second call "
                           "becomes a second segment."));
    }
}

TEST_CASE("the server listens on 127.0.0.1 only, on a port the kernel chose, and releases it", "[lab03][pts:15]") {
    const RunResult result = audited_run(kTcp, round_trip(10, 64));
    const auto& objects = result.side(Side::parent).audit->objects;
    const bool loopback_any_port = std::find(objects.begin(), objects.end(), "bind 127.0.0.1:0") != objects.end();
    if (!loopback_any_port) {
        std::string seen;
        for (const std::string& object : objects) seen += (seen.empty() ? "" : "; ") + object;
        FAIL(teach(result, "the server binds 127.0.0.1, port 0",
                   "the kernel saw: " + (seen.empty() ? std::string("no bind() by the server") : seen),
                   "0.0.0.0 would accept connections from other machines; a fixed port can be taken. Bind "
                   "INADDR_LOOPBACK with port 0 and ask getsockname() which port the kernel chose."));
    }
    check_descriptors_at_first_message(result, "socket:", 1, 1,
                                       "each process needs only its connected socket while messages move: the "
                                       "server closes the listening socket once accept() returned, the client its "
                                       "inherited copy in open().");
    check_nothing_left(result, "close the listening socket once the client is connected, and the connection in "
                               "close(): the port is released when its last descriptor is closed.");
    check_close_unopened(kTcp, "close() is called after a failed open() too, possibly before accept() or connect(): "
                               "close whatever this process holds (the listening socket included) and nothing it "
                               "does not (an empty Fd closes nothing).");
}

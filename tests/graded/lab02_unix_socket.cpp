// Lab 02 — Unix domain socket: the graded tests (points in the [pts:N] tags, as in the handout).
#include <limits.h>

#include <catch2/catch.hpp>

#include "grading.hpp"
#include "ipcviz/names.hpp"

using namespace ipcviz;
using namespace ipcviz::grading;

namespace {
constexpr const char* kUnix = "unix";
constexpr const char* kFramingHint =
    "a stream socket keeps no message boundaries: send a length prefix, and loop until the prefix and "
    "the whole payload have moved — send and receive may each move fewer bytes than asked.";
}  // namespace

TEST_CASE("one message arrives whole over a Unix socket", "[lab02][pts:5]") {
    require_delivered(run_lab(kUnix, one_way(1, 64)),
                      "setup() binds and listens, open() accepts (server) or connects (client), send() and "
                      "receive() move a length prefix and the payload.");
}

TEST_CASE("ten messages arrive in order and intact over a Unix socket", "[lab02][pts:5]") {
    require_delivered(run_lab(kUnix, one_way(10, 64)), kFramingHint);
}

TEST_CASE("100 000 messages arrive in order and intact over a Unix socket", "[lab02][pts:10]") {
    Workload workload = one_way(100'000, 64);
    workload.deadline = std::chrono::milliseconds(30000);
    require_delivered(run_lab(kUnix, workload), kFramingHint);
}

TEST_CASE("Unix socket messages of 1 byte, 64 bytes and 4096 bytes arrive intact", "[lab02][pts:10]") {
    for (const std::size_t size : {std::size_t{1}, std::size_t{64}, std::size_t{4096}}) {
        INFO("message size: " << count_of(size, "byte"));
        require_delivered(run_lab(kUnix, one_way(200, size)), kFramingHint);
    }
}

TEST_CASE("Unix socket messages of 64 KiB and 1 MiB arrive intact despite short reads and writes",
          "[lab02][pts:10]") {
    for (const std::size_t size : {std::size_t{64} << 10, std::size_t{1} << 20}) {
        INFO("message size " << size << " bytes; both processes are interrupted by a signal every 200 µs");
        Workload workload = one_way(size > 65536 ? 16 : 64, size);
        workload.interrupt_writes = true;
        workload.interrupt_reads = true;
        workload.deadline = std::chrono::milliseconds(20000);
        require_delivered(run_lab(kUnix, workload), kFramingHint);
    }
}

TEST_CASE("the client sees end of stream once the server has closed", "[lab02][pts:10]") {
    Workload workload = one_way(10, 64);
    workload.expect_eof = true;
    workload.deadline = std::chrono::milliseconds(4000);
    require_delivered(run_lab(kUnix, workload),
                      "recvmsg() returns 0 once the peer has closed its socket and every byte was read: "
                      "receive() must return 0 then, between messages.");
}

TEST_CASE("full duplex: both peers send and receive on one socket", "[lab02][pts:15]") {
    require_delivered(run_lab(kUnix, round_trip(500, 64)),
                      "one connected socket carries bytes both ways: the client receives each message and sends "
                      "it back on the same socket.");
}

TEST_CASE("one send and one receive per message each way over a Unix socket", "[lab02][pts:15]") {
    for (const std::size_t size : {std::size_t{64}, std::size_t{4096}}) {
        check_one_call_per_message(audited_run(kUnix, round_trip(kAuditedMessages, size)),
                                   "the length prefix and the payload can leave together: sys::sendmsg() takes "
                                   "both parts (an iovec each) in one call.",
                                   "both sides know the message size, so one sys::recvmsg() can ask for the prefix "
                                   "and the whole payload at once; loop only when it returns less.");
    }
}

TEST_CASE("each Unix socket message is copied across the user/kernel boundary twice", "[lab02][pts:10]") {
    check_two_kernel_copies(audited_run(kUnix, round_trip(kAuditedMessages, 64)), 8,
                            "send the prefix and the payload once each, and read each byte once.");
}

TEST_CASE("the socket lives in a private directory, is removed once connected, and nothing is left afterwards",
          "[lab02][pts:10]") {
    const RunResult result = audited_run(kUnix, round_trip(10, 64));
    const auto& objects = result.side(Side::parent).audit->objects;
    const std::string private_prefix = "bind unix " + temp_directory() + "/ipcviz-" +
                                       std::to_string(result.side(Side::parent).pid) + "-";
    // Inside the run's directory: one more path component after it ("<dir>/ipc.sock"), not a file
    // beside it that merely shares its prefix.
    bool private_socket = false;
    for (const std::string& object : objects) {
        if (object.rfind(private_prefix, 0) != 0) continue;
        const std::string rest = object.substr(private_prefix.size());
        const std::size_t slash = rest.find('/');
        private_socket |= slash != std::string::npos && slash > 0 && slash + 1 < rest.size() &&
                          rest.find('/', slash + 1) == std::string::npos;
    }
    if (!private_socket) {
        std::string seen;
        for (const std::string& object : objects) seen += (seen.empty() ? "" : "; ") + object;
        FAIL(teach(result, "the server binds a socket file inside a directory made by sys::mkdtemp from "
                           "temp_directory() + \"/\" + run_scoped_name(\"sock-XXXXXX\")",
                   "the kernel saw: " + (seen.empty() ? std::string("no bind() by the server") : seen),
                   "a private directory (mode 0700) keeps other users from connecting to or replacing your "
                   "socket, and a per-run name keeps two runs apart."));
    }
    check_nothing_left(result, "the server removes the socket file (sys::unlink) and its directory (sys::rmdir) — "
                               "as soon as the client is connected, and in close() on every path.");
    // While it matters, from a traced run (the audited one is not): the directory was made by
    // sys::mkdtemp (mode 0700, whatever the umask) before the bind, and the file and the directory
    // were gone before the first message.
    const RunResult traced = run_lab(kUnix, round_trip(10, 64));
    require_delivered(traced, kFramingHint);
    bool made_private = false, bound = false, unlinked = false, removed = false;
    for (const TraceEvent& event : traced.trace) {
        if (event.side != Side::parent || event.error != 0) continue;
        if (event.call == Call::mkdtemp && !bound) made_private = true;
        if (event.call == Call::bind) bound = true;
        if (event.call == Call::unlink) unlinked = true;
        if (event.call == Call::rmdir) removed = true;
        if (event.call == Call::message_sent) break;
    }
    if (!made_private) {
        FAIL(teach(traced, "sys::mkdtemp() makes the socket's directory (mode 0700) before sys::bind()",
                   "the server bound its socket without a sys::mkdtemp() before it",
                   "mkdtemp creates a directory only you can enter, with a unique name, in one step: nobody "
                   "else can connect to a socket inside it or put their own there first."));
    }
    if (!unlinked || !removed) {
        FAIL(teach(traced, "sys::unlink() of the socket file and sys::rmdir() of its directory before the first "
                           "message",
                   std::string("before the first message the server had ") +
                       (unlinked ? "unlinked the file but not removed the directory"
                                 : removed ? "removed the directory but not unlinked the file"
                                           : "removed neither the socket file nor its directory"),
                   "connected sockets need no name: remove it in open() right after accept(), so that a run that "
                   "crashes later leaves nothing behind and nobody else can connect meanwhile."));
    }
}

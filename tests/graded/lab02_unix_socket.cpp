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
        INFO("message size " << size << " bytes; both processes are interrupted by a signal every 200 µs"
             << (size > 65536 ? "" : "; then 3 more messages whose frames arrive in 3 pieces each, cut 1, 2 and 3 "
                                     "bytes into the length prefix"));
        Workload workload = one_way(size > 65536 ? 16 : 64, size);
        workload.interrupt_writes = true;
        workload.interrupt_reads = true;
        workload.deadline = std::chrono::milliseconds(20000);
        // A stream may cut a frame anywhere, even inside its prefix: the harness makes it happen.
        workload.frames_in_pieces = size > 65536 ? 0 : 3;
        require_delivered(run_lab(kUnix, workload),
                          "a stream may hand over any part of a frame in one read, even 1 byte of the length "
                          "prefix: keep reading until the whole prefix, then the whole message, is in; only end "
                          "of stream inside a frame is a ProtocolError.");
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
    // The directory's mode, read by the harness from the file system when the kernel saw the bind.
    std::string directory_mode, directories;
    for (const std::string& object : objects) {
        if (object.rfind("directory ", 0) == 0) directories += (directories.empty() ? "" : "; ") + object;
        if (object.rfind("directory " + temp_directory() + "/ipcviz-", 0) == 0) {
            directory_mode = object.substr(object.rfind(" mode ") + 6);
        }
    }
    if (directory_mode != "0700") {
        // Say what happened: a bind elsewhere, a mode the harness could not read, or the wrong mode.
        const std::string actual =
            directory_mode.empty() ? "no socket was bound in a directory under " + temp_directory() +
                                         "/ (the kernel saw the binds in: " +
                                         (directories.empty() ? std::string("no directory") : directories) + ")"
            : directory_mode == "?" ? std::string("the harness could not read the directory's mode at the bind "
                                                  "(it was already gone, or not searchable)")
                                    : "its mode was " + directory_mode + " at the bind";
        FAIL(teach(result, "the socket's directory has mode 0700 when the server binds (sys::mkdtemp makes it so)",
                   actual,
                   "mkdtemp creates a directory only you can enter, with a unique name, in one step: nobody "
                   "else can connect to a socket inside it or put their own there first."));
    }
    check_names_gone_at_first_message(result, "the socket file and its directory removed (sys::unlink, sys::rmdir) "
                                              "before the first message",
                                      "connected sockets need no name: remove it in open() right after accept(), so "
                                      "that a run that crashes later leaves nothing behind and nobody else can "
                                      "connect meanwhile.");
    check_descriptors_at_first_message(result, "socket:", 1, 1,
                                       "each process needs only its connected socket while messages move: the "
                                       "server closes the listening socket once accept() returned, the client its "
                                       "inherited copy in open().");
    check_nothing_left(result, "the server removes the socket file (sys::unlink) and its directory (sys::rmdir) — "
                               "as soon as the client is connected, and in close() on every path.");
    check_close_unopened(kUnix, "close() is called after a failed open() too, possibly before accept(): close the "
                                "sockets this process holds and remove the socket file and its directory if they "
                                "are still there (ENOENT from unlink or rmdir is not an error here).");
}

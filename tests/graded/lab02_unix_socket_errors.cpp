// Lab 02 — Unix socket: the graded error paths. The harness makes each fault happen on the
// channel's own socket (a torn message, a client that vanishes) or starts one side late.
#include <catch2/catch.hpp>

#include "grading.hpp"

using namespace ipcviz;
using namespace ipcviz::grading;

namespace {
constexpr const char* kUnix = "unix";
}  // namespace

TEST_CASE("a Unix socket message torn by the server's death makes receive() throw ProtocolError",
          "[lab02][pts:5]") {
    // Cut after the prefix and half the payload, and 2 bytes into the prefix: an end of stream
    // anywhere inside a message's frame, its header included, is a torn message.
    const char* hint = "recvmsg() returning 0 means end of stream. Count the bytes received so far (prefix "
                       "included): 0 means the stream ended between messages (return 0), anything else — even 2 "
                       "bytes of the prefix — that a message was cut short (throw ProtocolError); never return a "
                       "short message or wait for more.";
    require_fault_handled(run_lab(kUnix, faulted(Fault::torn_message)),
                          "10 messages, then receive() throws ProtocolError: the server sent a message's prefix "
                          "and 32 of its 64 bytes and died",
                          hint);
    require_fault_handled(run_lab(kUnix, faulted(Fault::torn_prefix)),
                          "10 messages, then receive() throws ProtocolError: the server sent 2 bytes of a "
                          "message's 4-byte prefix and died",
                          hint);
}

TEST_CASE("when the client dies, the server's send() fails with EPIPE instead of killing it", "[lab02][pts:5]") {
    require_fault_handled(run_lab(kUnix, faulted(Fault::reader_dies)),
                          "10 messages, then the client vanishes and a later send() throws SysError (EPIPE)",
                          "sending on a socket whose peer has gone raises SIGPIPE, which kills the process: pass "
                          "MSG_NOSIGNAL to every sys::sendmsg() so that the call fails with EPIPE instead, and "
                          "let the SysError leave send().");
}

TEST_CASE("the Unix socket channel works whichever side opens first", "[lab02][pts:5]") {
    require_either_start_order(kUnix, "the server binds and listens in setup(), before fork(): then a client that "
                                      "connects at once finds it listening, and a server that comes late finds the "
                                      "client queued. No retry loop or sleep is needed, and none is enough.");
}

// Lab 03 — TCP: the graded error paths. The harness makes each fault happen on the channel's own
// socket (a torn message, closed or reset; a client that vanishes or resets) or starts one side late.
#include <catch2/catch.hpp>

#include "grading.hpp"

using namespace ipcviz;
using namespace ipcviz::grading;

namespace {
constexpr const char* kTcp = "tcp";
}  // namespace

TEST_CASE("a TCP message torn by the server's death or a reset makes receive() throw", "[lab03][pts:5]") {
    // Cut after the prefix and half the payload, and 2 bytes into the prefix, each closed and
    // reset: an end anywhere inside a message's frame, its header included, loses bytes.
    const char* hint = "recvmsg() returning 0 means end of stream. Count the bytes received so far (prefix "
                       "included): 0 means the stream ended between messages (return 0), anything else — even 2 "
                       "bytes of the prefix — that a message was cut short (throw ProtocolError).";
    const char* reset_hint = "ECONNRESET between messages ends the stream like end of stream (return 0), but "
                             "inside a message — even 2 bytes into its prefix — bytes were lost: throw, never "
                             "return.";
    require_fault_handled(run_lab(kTcp, faulted(Fault::torn_message)),
                          "10 messages, then receive() throws ProtocolError: the server sent a message's prefix "
                          "and 32 of its 64 bytes and closed",
                          hint);
    require_fault_handled(run_lab(kTcp, faulted(Fault::torn_then_reset)),
                          "10 messages, then receive() throws (ProtocolError or the SysError ECONNRESET): the "
                          "server sent a message's prefix and 32 of its 64 bytes and reset the connection",
                          reset_hint);
    require_fault_handled(run_lab(kTcp, faulted(Fault::torn_prefix)),
                          "10 messages, then receive() throws ProtocolError: the server sent 2 bytes of a "
                          "message's 4-byte prefix and closed",
                          hint);
    require_fault_handled(run_lab(kTcp, faulted(Fault::torn_prefix_then_reset)),
                          "10 messages, then receive() throws (ProtocolError or the SysError ECONNRESET): the "
                          "server sent 2 bytes of a message's 4-byte prefix and reset the connection",
                          reset_hint);
}

TEST_CASE("when the TCP client dies or resets, the server's send() fails instead of killing it",
          "[lab03][pts:5]") {
    require_fault_handled(run_lab(kTcp, faulted(Fault::reader_dies)),
                          "10 messages, then the client vanishes and a later send() throws SysError (EPIPE or "
                          "ECONNRESET)",
                          "sending on a connection that is gone raises SIGPIPE, which kills the process: pass "
                          "MSG_NOSIGNAL to every sys::sendmsg() so that the call fails with EPIPE instead.");
    require_fault_handled(run_lab(kTcp, faulted(Fault::reader_resets)),
                          "10 messages, then the client resets the connection and a later send() throws SysError "
                          "(ECONNRESET or EPIPE)",
                          "after a reset the next send fails with ECONNRESET or EPIPE (and raises SIGPIPE unless "
                          "MSG_NOSIGNAL is given): let the SysError leave send().");
}

TEST_CASE("the TCP channel works whichever side opens first", "[lab03][pts:5]") {
    require_either_start_order(kTcp, "the server binds, listens and learns its port in setup(), before fork(): "
                                     "then a client that connects at once finds it listening, and a server that "
                                     "comes late finds the client queued. No retry loop or sleep is needed, and "
                                     "none is enough.");
}

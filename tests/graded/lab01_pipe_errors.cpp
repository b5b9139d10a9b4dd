// Lab 01 — pipe: the graded error paths. The harness makes the fault happen on the pipe itself.
// (A writer whose reader dies is killed by SIGPIPE unless it ignores that signal: the default the
// handout teaches, so Lab 01 does not grade it; Labs 02 and 03 do, with MSG_NOSIGNAL.)
#include <catch2/catch.hpp>

#include "grading.hpp"

using namespace ipcviz;
using namespace ipcviz::grading;

TEST_CASE("a message torn by the writer's death makes receive() throw ProtocolError", "[lab01][pts:5]") {
    // Cut after half the message, and after 2 bytes: the second is inside any length prefix a
    // channel may add (a pipe needs none), so an end of file there is not taken for a clean end.
    const char* hint = "read() returning 0 means end of file. Count the bytes of the message read so far: 0 means "
                       "the stream ended between messages (return 0), anything else — even 2 bytes — that a "
                       "message was cut short (throw ProtocolError); never return a short message or read again.";
    require_fault_handled(run_lab("pipe", faulted(Fault::torn_message)),
                          "10 messages, then receive() throws ProtocolError: the writer wrote 32 bytes of a "
                          "64-byte message and died",
                          hint);
    require_fault_handled(run_lab("pipe", faulted(Fault::torn_prefix)),
                          "10 messages, then receive() throws ProtocolError: the writer wrote 2 bytes of a "
                          "64-byte message and died",
                          hint);
}

#pragma once
// The faults the harness makes happen on purpose (Workload::fault), on the descriptors a side's
// channel opened: the bytes and the closes come from the harness, not from the channel's code, so
// that the error path under test is the other side's. Raw syscalls, made outside the measured window.
#include <cstddef>
#include <map>
#include <span>
#include <string>

#include "ipcviz/mechanism.hpp"
#include "ipcviz/run_result.hpp"

namespace ipcviz::detail {

// Whether @p mechanism's messages carry the 4-byte length prefix of Labs 02/03 (a pipe's do not;
// shared memory has no byte stream to tear).
bool framed_with_prefix(const Mechanism& mechanism);

// Whether @p fault has the writer cut the stream: part of one more message (or, at a message
// boundary, none), then it vanishes. The reader's next receive() is then graded.
bool writer_cuts_stream(Fault fault);

// Whether @p fault ends with a reset (SO_LINGER 0 before the closes) rather than a close.
bool resets_connection(Fault fault);

// The descriptor this side's channel sends on: among those not in @p baseline, a connected socket
// or the write end of a pipe. -1 when there is none.
int channel_send_fd(const std::map<int, std::string>& baseline);

// The writer's part of a fault that cuts the stream (writer_cuts_stream): writes on the channel's
// send descriptor (found beside @p baseline) what @p workload's fault leaves of one more message —
// the 4-byte length prefix of Labs 02/03 (host order, when @p prefixed) and half the payload, or
// only the first 2 bytes, or nothing. SIGPIPE is ignored from here on (the peer may have gone).
// @return an error text, empty when all was written.
std::string write_cut_message(const std::map<int, std::string>& baseline, const Workload& workload, bool prefixed);

// Closes every descriptor not in @p baseline, as the end of the process would; with @p reset,
// first sets SO_LINGER 0 on each socket, so that closing a TCP connection resets it (RST). Before
// a reset it waits (1 s at most) until each TCP socket has sent all it was given: an abortive
// close discards what is still queued, and the peer must get every byte that was written.
void drop_channel_fds(const std::map<int, std::string>& baseline, bool reset);

// The reader's part of a fault that cuts the stream: calls receive() once more. After a torn
// message it must throw ProtocolError (after a reset, SysError too); after a reset at a message
// boundary it must return 0. @return empty when it did, else what happened instead, in a sentence
// that says where the stream was cut. Any other exception leaves this function.
std::string receive_after_cut(Channel& channel, std::span<std::byte> buffer, const Workload& workload,
                              bool prefixed);

// The writer's part of Fault::reader_dies and reader_resets, once the reader has gone: sends until
// send() throws SysError EPIPE or ECONNRESET, for 2 s at most. @return empty then, else what
// happened instead. A writer killed by SIGPIPE ends in here; its wait status tells.
std::string send_until_refused(Channel& channel, std::span<const std::byte> message);

// Whether this process's SIGPIPE is still as the harness left it (default action, not blocked). A
// side whose channel ignores, catches or blocks it would survive a send without MSG_NOSIGNAL, so
// send_until_refused() checks this first. @return empty when untouched, else what changed, in a sentence.
std::string sigpipe_changed_by_channel();

}  // namespace ipcviz::detail

#pragma once
// The faults the harness makes happen on purpose (Workload::fault), on the descriptors a side's
// channel opened: the bytes and the closes come from the harness, not from the channel's code, so
// that the error path under test is the other side's. Raw syscalls, made outside the measured window.
#include <cstddef>
#include <map>
#include <string>

namespace ipcviz::detail {

// The descriptor this side's channel sends on: among those not in @p baseline, a connected socket
// or the write end of a pipe. -1 when there is none.
int channel_send_fd(const std::map<int, std::string>& baseline);

// Writes part of a @p message_size-byte message on @p fd: with @p prefixed, the 4-byte length
// prefix of Labs 02/03 (host order) and half the payload; without, half the payload. SIGPIPE is
// ignored from here on (the peer may have gone). @return an error text, empty when all was written.
std::string write_torn_message(int fd, std::size_t message_size, bool prefixed);

// Closes every descriptor not in @p baseline, as the end of the process would; with @p reset,
// first sets SO_LINGER 0 on each socket, so that closing a TCP connection resets it (RST).
void drop_channel_fds(const std::map<int, std::string>& baseline, bool reset);

}  // namespace ipcviz::detail

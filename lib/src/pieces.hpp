#pragma once
// Frames written in pieces (Workload::frames_in_pieces): a stream may deliver any part of a frame,
// even of its length prefix, in one read, and a reader must assemble the message whatever the cuts.
// The harness does not know a channel's framing, so it captures the frame the channel's own send()
// writes — on a socketpair put for a moment in place of the connected socket — and writes those
// bytes to the real socket itself, one piece at a time, each read by the peer before the next goes.
// Raw syscalls, after the measured window: none of it is counted as the channel's.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "ipcviz/channel.hpp"

namespace ipcviz::detail {

// The writer's part: for each of @p count more messages of @p message_size bytes (numbered from
// @p first_index, filled as every run's messages are), the frame @p channel's send() writes on
// @p fd, its connected socket, is captured and written again on @p fd in three pieces, cut 1, 2 or
// 3 bytes into the frame (inside any length prefix) and then at the prefix's end, half-way through
// the payload or one byte before the end; after each piece the writer waits until the peer has read
// it all (2 s at most: then the rest goes anyway, so a slow reader still gets its message whole and
// a stuck one fails on its own side). A reader that has gone (EPIPE, ECONNRESET) sets
// @p reader_stopped and is no error of this side. @return an error text, empty when all was written.
std::string write_frames_in_pieces(Channel& channel, int fd, std::size_t message_size, std::uint64_t first_index,
                                   std::uint32_t count, bool& reader_stopped);

// The reader's part: each of those @p count messages comes back whole from @p channel's receive()
// into @p buffer. @return what went wrong, in words that teach (which message, how it was cut, what
// receive() did), empty when each came whole.
std::string receive_frames_in_pieces(Channel& channel, std::span<std::byte> buffer, std::size_t message_size,
                                     std::uint64_t first_index, std::uint32_t count);

}  // namespace ipcviz::detail

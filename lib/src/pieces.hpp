#pragma once
// Frames written in pieces (Workload::frames_in_pieces): a stream may deliver any part of a frame,
// even of its length prefix, in one read, and a reader must assemble the message whatever the cuts.
// The harness does not know a channel's framing, so it captures the frame the channel's own send()
// writes — on a socketpair put for a moment in place of the connected socket — and writes those
// bytes to the real socket itself, one piece at a time, each read by the peer before the next goes.
// Raw syscalls, outside the measured window.
#include <cstddef>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "ipcviz/channel.hpp"

namespace ipcviz::detail {

// The cuts of the @p index-th frame in pieces (0, 1, 2) of @p frame_size bytes: after 1, 2 or 3
// bytes (inside any 4-byte prefix), then at the prefix's end, half-way through the payload or one
// byte before the end. Three pieces, none empty (frames have 6 bytes or more).
std::vector<std::size_t> piece_cuts(std::uint32_t index, std::size_t frame_size);

// The bytes @p channel's send() writes for @p message on @p fd, the channel's connected socket:
// @p fd is swapped for one end of a socketpair(AF_UNIX, SOCK_STREAM) during the call and restored
// after. @return an error text (and nothing captured), empty when @p frame holds the bytes.
std::string capture_frame(Channel& channel, int fd, std::span<const std::byte> message,
                          std::vector<std::byte>& frame);

// Writes @p frame on @p fd cut at @p cuts, and after each piece waits until the peer has read it
// all (a Unix socket: nothing of it left charged to this socket, SIOCOUTQ; TCP: every byte
// acknowledged, SIOCOUTQ, and none unread in the peer's socket, /proc/net/tcp's rx_queue), so that
// each piece reaches the reader in a read of its own. Waits 2 s at most per piece, then writes the
// rest anyway (a slow reader still gets its message whole; a stuck one fails on its own side). A
// reader gone (EPIPE, ECONNRESET) sets @p reader_stopped and is no error of this side: the reader's
// side reports its failure. @return an error text, empty when all was written.
std::string write_in_pieces(int fd, std::span<const std::byte> frame, std::span<const std::size_t> cuts,
                            bool& reader_stopped);

// "1 byte, then 3, then 64" for the pieces of @p frame_size bytes cut at @p cuts.
std::string piece_sizes(std::span<const std::size_t> cuts, std::size_t frame_size);

}  // namespace ipcviz::detail

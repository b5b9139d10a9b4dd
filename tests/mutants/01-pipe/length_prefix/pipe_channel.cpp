// MUTANT length_prefix: sends a 4-byte length before every message (two writes, two reads, extra bytes).
// Kept under tests/ so `make test` proves the grader catches it. Not a model to copy.
#include "pipe_channel.hpp"

#include <cstdint>

#include "ipcviz/error.hpp"

namespace ipcviz::labs {

void PipeChannel::setup(const ChannelSpec& spec) {
    spec_ = spec;
    to_child_ = sys::pipe();
    if (spec.duplex) to_parent_ = sys::pipe();
}

void PipeChannel::open(Side side) {
    // After fork() both processes hold all four ends. Each keeps only the ends it uses: a reader
    // sees end of file only once *every* write end is closed, including the one in its own process.
    sys::PipeEnds& outgoing = side == Side::parent ? to_child_ : to_parent_;
    sys::PipeEnds& incoming = side == Side::parent ? to_parent_ : to_child_;
    out_ = std::move(outgoing.write_end);
    outgoing.read_end.close();
    in_ = std::move(incoming.read_end);
    incoming.write_end.close();
}

void PipeChannel::send(std::span<const std::byte> message) {
    const auto length = static_cast<std::uint32_t>(message.size());
    std::span<const std::byte> header = std::as_bytes(std::span(&length, 1));
    while (!header.empty()) header = header.subspan(sys::write(out_.get(), header));
    while (!message.empty()) message = message.subspan(sys::write(out_.get(), message));
}

std::size_t PipeChannel::receive(std::span<std::byte> message) {
    std::uint32_t length = 0;
    std::span<std::byte> header = std::as_writable_bytes(std::span(&length, 1));
    for (std::size_t got = 0; got < header.size();) {
        const std::size_t n = sys::read(in_.get(), header.subspan(got));
        if (n == 0) return 0;
        got += n;
    }
    if (length != message.size()) throw ProtocolError("bad length prefix");
    std::size_t filled = 0;
    while (filled < message.size()) {
        const std::size_t got = sys::read(in_.get(), message.subspan(filled));
        if (got == 0) {
            if (filled == 0) return 0;  // end of stream between messages: the writer closed
            throw ProtocolError("the pipe ended after " + std::to_string(filled) + " of " +
                                std::to_string(message.size()) + " bytes of a message");
        }
        filled += got;
    }
    return filled;
}

void PipeChannel::close() {
    out_.close();
    in_.close();
}

}  // namespace ipcviz::labs

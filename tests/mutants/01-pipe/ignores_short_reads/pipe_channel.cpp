// MUTANT ignores_short_reads: receive() makes one read() and trusts it to return the whole message.
// Kept under tests/ so `make test` proves the grader catches it. Not a model to copy.
#include "pipe_channel.hpp"

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
    // One write() suffices up to PIPE_BUF bytes (atomic); beyond that, or when a signal interrupts
    // a blocked write, the kernel may take only part: write the rest.
    while (!message.empty()) message = message.subspan(sys::write(out_.get(), message));
}

std::size_t PipeChannel::receive(std::span<std::byte> message) {
    return sys::read(in_.get(), message);
}

void PipeChannel::close() {
    out_.close();
    in_.close();
}

}  // namespace ipcviz::labs

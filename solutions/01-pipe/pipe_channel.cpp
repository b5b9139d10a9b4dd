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
    // Called after a failed open() too, maybe before open() took or closed any end: whatever is
    // still here goes as well (an empty Fd closes nothing).
    for (sys::PipeEnds* ends : {&to_child_, &to_parent_}) {
        ends->read_end.close();
        ends->write_end.close();
    }
}

}  // namespace ipcviz::labs

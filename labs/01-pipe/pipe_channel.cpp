// Lab 01 — pipe. Your implementation goes here; the handout is README.md beside this file.
//
// Rules of the lab:
//  * every syscall through ipcviz::sys (sys::pipe, sys::read, sys::write, sys::close) — the grader
//    also counts your syscalls from the kernel side, so a raw ::write is noticed;
//  * Fd owns a descriptor: moving it transfers ownership, fd.close() or its destructor closes it;
//  * errors are exceptions: sys:: throws SysError, you throw ProtocolError for a broken stream.
#include "pipe_channel.hpp"

#include "ipcviz/error.hpp"

namespace ipcviz::labs {

// In the parent, before fork(): create the pipe(s) both processes will share.
// One pipe carries bytes parent → child; a duplex channel (spec.duplex) needs a second one back.
void PipeChannel::setup(const ChannelSpec& spec) {
    spec_ = spec;
    throw NotImplemented("PipeChannel::setup — create the pipe(s) with sys::pipe()");
}

// In each process, after fork(): keep the ends this side uses (in_, out_), close the others.
// Think about end of file: when does a reader's read() return 0?
void PipeChannel::open(Side side) {
    (void)side;
    throw NotImplemented("PipeChannel::open — keep this side's pipe ends, close the rest");
}

// Send one whole message. write() may take fewer bytes than you asked for.
void PipeChannel::send(std::span<const std::byte> message) {
    (void)message;
    throw NotImplemented("PipeChannel::send — write the whole message with sys::write()");
}

// Receive one whole message of message.size() bytes; return 0 at end of stream.
// read() may return fewer bytes than you asked for.
std::size_t PipeChannel::receive(std::span<std::byte> message) {
    (void)message;
    throw NotImplemented("PipeChannel::receive — read a whole message with sys::read()");
}

// Release this side's ends.
void PipeChannel::close() { throw NotImplemented("PipeChannel::close — close every pipe end this process holds"); }

}  // namespace ipcviz::labs

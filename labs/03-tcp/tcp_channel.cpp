// Lab 03 — TCP over loopback. Your implementation goes here; the handout is README.md beside this file.
//
// Every syscall through ipcviz::sys (socket, setsockopt, bind, listen, getsockname, accept,
// connect, sendmsg, recvmsg, close); descriptors in ipcviz::Fd; errors are exceptions.
#include "tcp_channel.hpp"

#include "ipcviz/error.hpp"

namespace ipcviz::labs {

// In the server (the parent), before fork(): a listening socket on 127.0.0.1, port 0 (the kernel
// chooses; sys::getsockname tells you which), SO_REUSEADDR.
void TcpChannel::setup(const ChannelSpec& spec) {
    spec_ = spec;
    throw NotImplemented("TcpChannel::setup — listen on 127.0.0.1 on a port the kernel chooses");
}

// Server: accept. Client: connect to 127.0.0.1 on that port. Both: TCP_NODELAY as spec_.tcp_nodelay says.
void TcpChannel::open(Side side) {
    (void)side;
    throw NotImplemented("TcpChannel::open — accept (server) or connect (client), then TCP_NODELAY");
}

// A 4-byte length prefix, then the payload: one sendmsg(), or two sends when spec_.header_apart.
void TcpChannel::send(std::span<const std::byte> message) {
    (void)message;
    throw NotImplemented("TcpChannel::send — send the length prefix and the payload");
}

// One framed message; 0 when the peer closed (or reset the connection) between messages.
std::size_t TcpChannel::receive(std::span<std::byte> message) {
    (void)message;
    throw NotImplemented("TcpChannel::receive — receive one framed message");
}

void TcpChannel::close() { throw NotImplemented("TcpChannel::close — close the sockets"); }

}  // namespace ipcviz::labs

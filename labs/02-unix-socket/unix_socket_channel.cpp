// Lab 02 — Unix domain socket. Your implementation goes here; the handout is README.md beside this file.
//
// Every syscall through ipcviz::sys (socket, bind, listen, accept, connect, sendmsg, recvmsg,
// mkdtemp, unlink, rmdir, close); descriptors in ipcviz::Fd; errors are exceptions.
#include "unix_socket_channel.hpp"

#include "ipcviz/error.hpp"

namespace ipcviz::labs {

// In the server (the parent), before fork(): a private directory (sys::mkdtemp), a socket file in
// it, bound and listening — so that the client can connect as soon as it starts.
void UnixSocketChannel::setup(const ChannelSpec& spec) {
    spec_ = spec;
    throw NotImplemented("UnixSocketChannel::setup — bind and listen on a socket file in a private directory");
}

// Server: accept the client's connection. Client: connect to the socket file.
void UnixSocketChannel::open(Side side) {
    (void)side;
    throw NotImplemented("UnixSocketChannel::open — accept (server) or connect (client)");
}

// One message: a 4-byte length prefix, then the payload — in one sys::sendmsg() if you can.
void UnixSocketChannel::send(std::span<const std::byte> message) {
    (void)message;
    throw NotImplemented("UnixSocketChannel::send — send the length prefix and the payload");
}

// Read a length prefix and message.size() bytes of payload; 0 when the peer closed between messages.
std::size_t UnixSocketChannel::receive(std::span<std::byte> message) {
    (void)message;
    throw NotImplemented("UnixSocketChannel::receive — receive one framed message");
}

// Close this side's sockets; the server also removes the socket file and its directory.
void UnixSocketChannel::close() {
    throw NotImplemented("UnixSocketChannel::close — close the sockets, remove the socket file");
}

// A helper you may use from open() and close().
void UnixSocketChannel::remove_socket_file() {}

}  // namespace ipcviz::labs

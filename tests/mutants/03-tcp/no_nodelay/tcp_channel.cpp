// MUTANT no_nodelay: never sets TCP_NODELAY: Nagle stays on whatever the spec says.
// Kept under tests/ so `make test` proves the grader catches it. Not a model to copy.
#include "tcp_channel.hpp"

#include <arpa/inet.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cstdint>

#include "ipcviz/error.hpp"
#include "ipcviz/io_parts.hpp"
#include "ipcviz/sys.hpp"

namespace ipcviz::labs {

namespace {
sockaddr_in loopback(in_port_t port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  // 127.0.0.1: never reachable from outside
    address.sin_port = port;
    return address;
}

void set_option(int fd, int level, int name, int value) { sys::setsockopt(fd, level, name, &value, sizeof value); }

// Sends every byte of @p parts with as few sendmsg() calls as the kernel allows.
void send_all(int fd, std::span<iovec> parts) {
    while (!parts.empty()) consume(parts, sys::sendmsg(fd, parts, MSG_NOSIGNAL));
}
}  // namespace

void TcpChannel::setup(const ChannelSpec& spec) {
    spec_ = spec;
    listener_ = sys::socket(AF_INET, SOCK_STREAM);
    // SO_REUSEADDR: a port of an earlier run still in TIME_WAIT does not block a new bind().
    set_option(listener_.get(), SOL_SOCKET, SO_REUSEADDR, 1);
    sockaddr_in address = loopback(0);  // port 0: the kernel picks a free one
    sys::bind(listener_.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address);
    sys::listen(listener_.get(), 1);
    socklen_t length = sizeof address;
    sys::getsockname(listener_.get(), reinterpret_cast<sockaddr*>(&address), &length);
    port_ = address.sin_port;  // fork() hands it to the client
}

void TcpChannel::open(Side side) {
    if (side == Side::parent) {
        connection_ = sys::accept(listener_.get());
        listener_.close();
    } else {
        listener_.close();
        connection_ = sys::socket(AF_INET, SOCK_STREAM);
        const sockaddr_in address = loopback(port_);
        sys::connect(connection_.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address);
    }
    // Nagle's algorithm holds a small segment back while earlier data is unacknowledged; the peer
    // delays its ACK hoping to piggyback it on a reply. Together they can stall a request for tens
    // of milliseconds. TCP_NODELAY sends every segment at once.
    (void)spec_.tcp_nodelay;
}

void TcpChannel::send(std::span<const std::byte> message) {
    auto length = static_cast<std::uint32_t>(message.size());
    iovec parts[2] = {{&length, sizeof length}, {const_cast<std::byte*>(message.data()), message.size()}};
    if (spec_.header_apart) {
        send_all(connection_.get(), std::span<iovec>(parts, 1));      // the prefix alone: a tiny segment
        send_all(connection_.get(), std::span<iovec>(parts + 1, 1));  // Nagle may hold this one back
    } else {
        send_all(connection_.get(), parts);
    }
}

std::size_t TcpChannel::receive(std::span<std::byte> message) {
    std::uint32_t length = 0;
    iovec parts[2] = {{&length, sizeof length}, {message.data(), message.size()}};
    std::span<iovec> left(parts);
    std::size_t received = 0;
    while (!left.empty()) {
        std::size_t got = 0;
        try {
            got = sys::recvmsg(connection_.get(), left);
        } catch (const SysError& error) {
            // A peer that vanished without a clean close (a reset) ends the stream too; only in
            // the middle of a message is that a protocol error.
            if (error.code() != ECONNRESET || received != 0) throw;
        }
        if (got == 0) {
            if (received == 0) return 0;
            throw ProtocolError("the connection ended after " + std::to_string(received) + " bytes of a message");
        }
        received += got;
        consume(left, got);
        if (received >= sizeof length && length != message.size()) {
            throw ProtocolError("length prefix says " + std::to_string(length) + " bytes, expected " +
                                std::to_string(message.size()));
        }
    }
    return message.size();
}

void TcpChannel::close() {
    connection_.close();
    listener_.close();
}

}  // namespace ipcviz::labs

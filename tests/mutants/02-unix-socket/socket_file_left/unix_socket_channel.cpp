// MUTANT socket_file_left: never removes the socket file or its directory.
// Kept under tests/ so `make test` proves the grader catches it. Not a model to copy.
#include "unix_socket_channel.hpp"

#include <sys/socket.h>
#include <sys/un.h>

#include <cstring>

#include "ipcviz/error.hpp"
#include "ipcviz/io_parts.hpp"
#include "ipcviz/names.hpp"
#include "ipcviz/sys.hpp"

namespace ipcviz::labs {

namespace {
sockaddr_un address_of(const std::string& path) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (path.size() >= sizeof address.sun_path) throw ProtocolError("socket path too long: " + path);
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    return address;
}
}  // namespace

void UnixSocketChannel::setup(const ChannelSpec& spec) {
    spec_ = spec;
    // A private directory (mkdtemp creates it 0700): no other user can connect to our socket or
    // replace it, and its name is unique to this run.
    directory_ = sys::mkdtemp(temp_directory() + "/" + run_scoped_name("sock-XXXXXX"));
    path_ = directory_ + "/ipc.sock";
    listener_ = sys::socket(AF_UNIX, SOCK_STREAM);
    const sockaddr_un address = address_of(path_);
    sys::bind(listener_.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address);
    // Listening before fork(): the client's connect() finds the server ready, with no race and no sleep.
    sys::listen(listener_.get(), 1);
}

void UnixSocketChannel::open(Side side) {
    if (side == Side::parent) {
        connection_ = sys::accept(listener_.get());
        listener_.close();
        remove_socket_file();  // connected sockets need no name: remove it as soon as possible
    } else {
        listener_.close();  // the client's inherited copy
        connection_ = sys::socket(AF_UNIX, SOCK_STREAM);
        const sockaddr_un address = address_of(path_);
        sys::connect(connection_.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address);
        directory_.clear();  // the server owns the name
    }
}

void UnixSocketChannel::send(std::span<const std::byte> message) {
    // The length prefix and the payload leave in one sendmsg(): one syscall per message. A stream
    // socket may take fewer bytes than offered; consume() what it took and send the rest.
    auto length = static_cast<std::uint32_t>(message.size());
    iovec parts[2] = {{&length, sizeof length}, {const_cast<std::byte*>(message.data()), message.size()}};
    std::span<iovec> left(parts);
    while (!left.empty()) consume(left, sys::sendmsg(connection_.get(), left, MSG_NOSIGNAL));
}

std::size_t UnixSocketChannel::receive(std::span<std::byte> message) {
    // Both sides know the size, so one recvmsg() can ask for prefix and payload together; a short
    // read means the rest is still on its way.
    std::uint32_t length = 0;
    iovec parts[2] = {{&length, sizeof length}, {message.data(), message.size()}};
    std::span<iovec> left(parts);
    std::size_t received = 0;
    while (!left.empty()) {
        const std::size_t got = sys::recvmsg(connection_.get(), left);
        if (got == 0) {
            if (received == 0) return 0;  // the peer closed between messages
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

void UnixSocketChannel::close() {
    connection_.close();
    listener_.close();
    remove_socket_file();
}

void UnixSocketChannel::remove_socket_file() {
    directory_.clear();
    if (directory_.empty()) return;
    try {
        sys::unlink(path_);
    } catch (const SysError& error) {
        if (error.code() != ENOENT) throw;  // not bound yet, or already removed
    }
    sys::rmdir(directory_);
    directory_.clear();
}

}  // namespace ipcviz::labs

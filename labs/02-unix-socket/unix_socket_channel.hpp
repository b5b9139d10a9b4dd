#pragma once
// Lab 02 — a Channel over a Unix domain stream socket. See labs/02-unix-socket/README.md.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "ipcviz/channel.hpp"
#include "ipcviz/fd.hpp"

namespace ipcviz::labs {

/**
 * Messages over one connected AF_UNIX stream socket, full duplex. The server (the parent) binds a
 * socket file in a private directory and accepts; the client (the child) connects. Each message
 * travels as a 4-byte length prefix followed by the payload.
 */
class UnixSocketChannel final : public Channel {
public:
    void setup(const ChannelSpec& spec) override;
    void open(Side side) override;
    void send(std::span<const std::byte> message) override;
    std::size_t receive(std::span<std::byte> message) override;
    void close() override;

private:
    void remove_socket_file();

    ChannelSpec spec_;
    std::string directory_;  // private (0700) directory holding the socket file; server removes it
    std::string path_;       // directory_ + "/ipc.sock"
    Fd listener_;            // bound and listening; the server keeps it until accept() returns
    Fd connection_;          // this side's connected socket
};

}  // namespace ipcviz::labs

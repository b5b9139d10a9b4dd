#pragma once
// Lab 03 — a Channel over TCP on the loopback interface. See labs/03-tcp/README.md.
#include <netinet/in.h>

#include <cstddef>
#include <span>

#include "ipcviz/channel.hpp"
#include "ipcviz/fd.hpp"

namespace ipcviz::labs {

/**
 * Messages over one TCP connection on 127.0.0.1. The server (the parent) listens on a port the
 * kernel chooses; the client (the child) connects to it. Framing as in Lab 02: a 4-byte length
 * prefix, then the payload.
 */
class TcpChannel final : public Channel {
public:
    void setup(const ChannelSpec& spec) override;
    void open(Side side) override;
    void send(std::span<const std::byte> message) override;
    std::size_t receive(std::span<std::byte> message) override;
    void close() override;

private:
    ChannelSpec spec_;
    in_port_t port_ = 0;  // network byte order, chosen by the kernel in setup()
    Fd listener_;         // the server's listening socket, until accept() returns
    Fd connection_;       // this side's connected socket
};

}  // namespace ipcviz::labs

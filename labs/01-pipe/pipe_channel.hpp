#pragma once
// Lab 01 — a Channel over pipes. See labs/01-pipe/README.md.
#include <cstddef>
#include <span>

#include "ipcviz/channel.hpp"
#include "ipcviz/fd.hpp"
#include "ipcviz/sys.hpp"

namespace ipcviz::labs {

/**
 * Messages over anonymous pipes: one pipe parent → child; for a duplex channel a second one
 * child → parent (a pipe carries bytes one way only).
 */
class PipeChannel final : public Channel {
public:
    void setup(const ChannelSpec& spec) override;
    void open(Side side) override;
    void send(std::span<const std::byte> message) override;
    std::size_t receive(std::span<std::byte> message) override;
    void close() override;

private:
    ChannelSpec spec_;
    sys::PipeEnds to_child_;   // created by setup(); each side keeps one end in open()
    sys::PipeEnds to_parent_;  // duplex only
    Fd out_;                   // the end this process writes to
    Fd in_;                    // the end this process reads from
};

}  // namespace ipcviz::labs

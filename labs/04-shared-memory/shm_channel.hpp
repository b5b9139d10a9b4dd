#pragma once
// Lab 04 — a Channel through shared memory. See labs/04-shared-memory/README.md.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "ipcviz/channel.hpp"
#include "ipcviz/mapping.hpp"
#include "shm_region.hpp"

namespace ipcviz::labs {

/**
 * Messages through a POSIX shared-memory object mapped by both processes. How the region is laid
 * out, how a side knows that a message is ready or a place is free, and how it waits are yours to
 * design (README.md); add the members and helpers your design needs.
 */
class ShmChannel final : public Channel {
public:
    void setup(const ChannelSpec& spec) override;
    void open(Side side) override;
    void send(std::span<const std::byte> message) override;
    std::size_t receive(std::span<std::byte> message) override;
    void close() override;

private:
    void remove_name();

    ChannelSpec spec_;
    std::string name_;  // "/ipcviz-<run>-shm" until removed
    Mapping region_;    // the whole region, mapped MAP_SHARED (inherited by the child through fork())
};

}  // namespace ipcviz::labs

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
 * Messages through a POSIX shared-memory object mapped by both processes: a ring of slots each
 * way, each slot published with a release store of its state and read with an acquire load. A
 * waiting side spins briefly, then sleeps on the slot's state word with a futex.
 */
class ShmChannel final : public Channel {
public:
    void setup(const ChannelSpec& spec) override;
    void open(Side side) override;
    void send(std::span<const std::byte> message) override;
    std::size_t receive(std::span<std::byte> message) override;
    void close() override;

private:
    // One direction: a ring of slots in the region, and this process's position in it.
    struct Ring {
        std::byte* slots = nullptr;  // the first slot (inside the mapping)
        std::uint64_t position = 0;  // messages this process has passed through this ring
        SlotHeader& current(const RegionHeader& header) const;
    };

    void remove_name();

    ChannelSpec spec_;
    std::string name_;  // "/ipcviz-<run>-shm" until removed
    Mapping region_;
    Ring out_;  // the ring this process writes
    Ring in_;   // the ring this process reads
    bool writing_ = false;
};

}  // namespace ipcviz::labs

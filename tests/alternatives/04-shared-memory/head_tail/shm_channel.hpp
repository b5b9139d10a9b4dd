#pragma once
// Lab 04, alternative design (tests/alternatives/04-shared-memory/head_tail/README.md): a Channel
// through shared memory with head and tail counters.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "ipcviz/channel.hpp"
#include "ipcviz/mapping.hpp"
#include "ring_layout.hpp"

namespace ipcviz::labs {

/**
 * Messages through a POSIX shared-memory object: a ring each way, whose writer publishes with a
 * release of the ring's head counter and whose reader hands slots back with a release of its tail
 * counter. A waiting side spins briefly, then sleeps on the counter it waits for.
 */
class ShmChannel final : public Channel {
public:
    void setup(const ChannelSpec& spec) override;
    void open(Side side) override;
    void send(std::span<const std::byte> message) override;
    std::size_t receive(std::span<std::byte> message) override;
    void close() override;

private:
    // One direction, as this process sees it.
    struct Ring {
        RingControl* control = nullptr;
        std::byte* slots = nullptr;  // the first slot (inside the mapping)
        std::uint64_t position = 0;  // messages this process has published (out) or taken (in)
    };

    std::byte* slot(const Ring& ring) const;
    void remove_name();

    ChannelSpec spec_;
    std::string name_;  // "/ipcviz-<run>-shm" until removed
    Mapping region_;
    std::size_t slot_count_ = 0;
    std::size_t stride_ = 0;
    Ring out_;  // the ring this process writes
    Ring in_;   // the ring this process reads
};

}  // namespace ipcviz::labs

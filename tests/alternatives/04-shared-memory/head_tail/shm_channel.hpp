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
 * compare_exchange of the ring's head counter and whose reader hands slots back in batches with a
 * compare_exchange of its tail counter. A waiting side spins briefly, then sleeps on the counter it
 * waits for.
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
    // Hands the places taken since the last hand-back to the writer (one release of tail).
    void hand_back();
    void remove_name();

    ChannelSpec spec_;
    std::string name_;  // "/ipcviz-<run>-shm" until removed
    Mapping region_;
    std::size_t slot_count_ = 0;
    std::size_t stride_ = 0;
    Ring out_;  // the ring this process writes
    Ring in_;   // the ring this process reads
    // The reader hands places back in batches: every hand_back_every_ messages (a quarter of the
    // ring), and whenever its ring looks empty, before it may wait.
    std::size_t hand_back_every_ = 1;
    std::uint64_t handed_back_ = 0;  // in_.position at the last hand-back
};

}  // namespace ipcviz::labs

// Lab 04 — shared memory. Your implementation goes here; the handout is README.md beside this file.
//
// Every syscall through ipcviz::sys (shm_open, ftruncate, mmap, shm_unlink, futex_wait,
// futex_wake); every access to the shared region's state words through ipcviz::mem
// (load_acquire, exchange, compare_exchange, store_release) and the data through mem::copy.
#include "shm_channel.hpp"

#include "ipcviz/error.hpp"

namespace ipcviz::labs {

SlotHeader& ShmChannel::Ring::current(const RegionHeader& header) const {
    return *reinterpret_cast<SlotHeader*>(slots + (position % header.slot_count) * header.slot_stride);
}

// In the parent, before fork(): create the object ("/" + run_scoped_name("shm"), O_CREAT | O_EXCL,
// 0600), size it, map it MAP_SHARED, write the RegionHeader.
void ShmChannel::setup(const ChannelSpec& spec) {
    spec_ = spec;
    throw NotImplemented("ShmChannel::setup — create, size and map the shared-memory object");
}

// After fork() both processes have the mapping: remove the name (parent), pick this side's rings.
void ShmChannel::open(Side side) {
    (void)side;
    throw NotImplemented("ShmChannel::open — unlink the name, find this side's rings");
}

// Wait for the current slot to be empty, fill it, publish it with a release (mem::exchange).
void ShmChannel::send(std::span<const std::byte> message) {
    (void)message;
    throw NotImplemented("ShmChannel::send — fill the next slot and publish it");
}

// Wait for the current slot to be full (acquire), copy the message out, hand the slot back.
std::size_t ShmChannel::receive(std::span<std::byte> message) {
    (void)message;
    throw NotImplemented("ShmChannel::receive — take the next slot's message");
}

// Writer: mark the next slot kClosed. Both: unmap; remove the name if it is still there.
void ShmChannel::close() { throw NotImplemented("ShmChannel::close — mark the end, unmap, unlink"); }

void ShmChannel::remove_name() {}

}  // namespace ipcviz::labs

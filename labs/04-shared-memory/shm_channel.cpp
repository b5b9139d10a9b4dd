// Lab 04 — shared memory. Your implementation goes here; the handout is README.md beside this file.
//
// Every syscall through ipcviz::sys (shm_open, ftruncate, mmap, shm_unlink, futex_wait,
// futex_wake); every access to a word the two processes coordinate through, with ipcviz::mem
// (load_acquire, exchange, compare_exchange, store_release) and the data through mem::copy.
#include "shm_channel.hpp"

#include "ipcviz/error.hpp"

namespace ipcviz::labs {

// In the parent, before fork(): create the object ("/" + run_scoped_name("shm"), O_CREAT | O_EXCL,
// 0600), size it for your layout, map it MAP_SHARED, write whatever your layout needs written first.
void ShmChannel::setup(const ChannelSpec& spec) {
    spec_ = spec;
    throw NotImplemented("ShmChannel::setup — create, size and map the shared-memory object");
}

// After fork() both processes have the mapping: remove the name (parent), find this side's ring(s).
void ShmChannel::open(Side side) {
    (void)side;
    throw NotImplemented("ShmChannel::open — unlink the name, find this side's rings");
}

// Wait for a free place, copy the message in (mem::copy), publish it with a release.
void ShmChannel::send(std::span<const std::byte> message) {
    (void)message;
    throw NotImplemented("ShmChannel::send — fill the next slot and publish it");
}

// Wait until a message is published (an acquire sees it), copy it out, hand its place back.
std::size_t ShmChannel::receive(std::span<std::byte> message) {
    (void)message;
    throw NotImplemented("ShmChannel::receive — take the next slot's message");
}

// Writer: mark the end of the stream. Both: unmap; remove the name if it is still there.
void ShmChannel::close() { throw NotImplemented("ShmChannel::close — mark the end, unmap, unlink"); }

void ShmChannel::remove_name() {}

}  // namespace ipcviz::labs

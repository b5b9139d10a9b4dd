#pragma once
// A working one-way pipe channel made with sys::, for unit tests that bend one of its calls: a
// channel that litters, one whose writer bypasses the library, one that throws, one that leaves a
// process behind. Each derives from TestPipe and overrides only what it breaks.
#include <cstddef>
#include <span>

#include "ipcviz/channel.hpp"
#include "ipcviz/sys.hpp"

namespace ipcviz::testing {

class TestPipe : public Channel {
public:
    void setup(const ChannelSpec&) override { pipe_ = sys::pipe(); }
    void open(Side side) override {
        if (side == Side::parent) pipe_.read_end.close(); else pipe_.write_end.close();
    }
    void send(std::span<const std::byte> message) override { sys::write(pipe_.write_end.get(), message); }
    std::size_t receive(std::span<std::byte> message) override { return sys::read(pipe_.read_end.get(), message); }
    void close() override {
        pipe_.read_end.close();
        pipe_.write_end.close();
    }

protected:
    sys::PipeEnds pipe_;
};

}  // namespace ipcviz::testing

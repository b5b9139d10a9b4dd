#pragma once
// The per-lab entry points behind ipcviz_new_channel. Each lab's glue (labNN_*.cpp) is compiled on
// its own, against that lab's headers only, so that a lab that does not compile costs only its own
// tests: the Makefile then links a generated stand-in (uncompiled_lab.hpp) in its place.
#include "ipcviz/channel.hpp"

namespace ipcviz::impl {

// Each returns a new, not yet set up channel of its lab; ownership passes to the caller.
Channel* new_lab01_channel();  // pipe
Channel* new_lab02_channel();  // Unix domain socket
Channel* new_lab03_channel();  // TCP over loopback
Channel* new_lab04_channel();  // shared memory

}  // namespace ipcviz::impl

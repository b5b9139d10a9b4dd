// Glue compiled once per implementation (solutions, labs, each mutant): the one entry point through
// which the harness, the grader and the ipcviz tool obtain that implementation's channels. It names
// no lab's header: each lab's factory is compiled apart (lab_channels.hpp says why).
#include <cstring>

#include "ipcviz/mechanism.hpp"
#include "lab_channels.hpp"

extern "C" void* ipcviz_new_channel(const char* mechanism) {
    ipcviz::Channel* channel = nullptr;
    if (std::strcmp(mechanism, "pipe") == 0) channel = ipcviz::impl::new_lab01_channel();
    if (std::strcmp(mechanism, "unix") == 0) channel = ipcviz::impl::new_lab02_channel();
    if (std::strcmp(mechanism, "tcp") == 0) channel = ipcviz::impl::new_lab03_channel();
    if (std::strcmp(mechanism, "shm") == 0) channel = ipcviz::impl::new_lab04_channel();
    return channel;
}

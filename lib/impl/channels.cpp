// Glue compiled once per implementation (solutions, labs, each mutant): the one entry point through
// which the harness, the grader and the ipcviz tool obtain that implementation's channels.
#include <cstring>

#include "ipcviz/mechanism.hpp"
#include "pipe_channel.hpp"
#include "shm_channel.hpp"
#include "tcp_channel.hpp"
#include "unix_socket_channel.hpp"

extern "C" void* ipcviz_new_channel(const char* mechanism) {
    ipcviz::Channel* channel = nullptr;
    if (std::strcmp(mechanism, "pipe") == 0) channel = new ipcviz::labs::PipeChannel();
    if (std::strcmp(mechanism, "unix") == 0) channel = new ipcviz::labs::UnixSocketChannel();
    if (std::strcmp(mechanism, "tcp") == 0) channel = new ipcviz::labs::TcpChannel();
    if (std::strcmp(mechanism, "shm") == 0) channel = new ipcviz::labs::ShmChannel();
    return channel;
}

// Lab 02's glue: compiled once per implementation, apart from the other labs (see lab_channels.hpp).
#include "lab_channels.hpp"

#include "unix_socket_channel.hpp"

ipcviz::Channel* ipcviz::impl::new_lab02_channel() { return new ipcviz::labs::UnixSocketChannel(); }

// Lab 03's glue: compiled once per implementation, apart from the other labs (see lab_channels.hpp).
#include "lab_channels.hpp"

#include "tcp_channel.hpp"

ipcviz::Channel* ipcviz::impl::new_lab03_channel() { return new ipcviz::labs::TcpChannel(); }

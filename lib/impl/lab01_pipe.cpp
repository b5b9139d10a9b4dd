// Lab 01's glue: compiled once per implementation, apart from the other labs (see lab_channels.hpp).
#include "lab_channels.hpp"

#include "pipe_channel.hpp"

ipcviz::Channel* ipcviz::impl::new_lab01_channel() { return new ipcviz::labs::PipeChannel(); }

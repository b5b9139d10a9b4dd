// Lab 04's glue: compiled once per implementation, apart from the other labs (see lab_channels.hpp).
#include "lab_channels.hpp"

#include "shm_channel.hpp"

ipcviz::Channel* ipcviz::impl::new_lab04_channel() { return new ipcviz::labs::ShmChannel(); }

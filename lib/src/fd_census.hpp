#pragma once
// The calling process's open descriptors, from /proc/self/fd.
#include <map>
#include <string>

namespace ipcviz::detail {

// fd → what it refers to ("pipe:[1234]", "/dev/null", "socket:[99]").
std::map<int, std::string> open_fds();

// How @p fd is open: O_RDONLY, O_WRONLY or O_RDWR (from /proc/self/fdinfo), -1 if unknown.
int access_mode(int fd);

}  // namespace ipcviz::detail

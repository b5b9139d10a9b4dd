#pragma once
// The calling process's open descriptors, from /proc/self/fd.
#include <map>
#include <string>

namespace ipcviz::detail {

// fd → what it refers to ("pipe:[1234]", "/dev/null", "socket:[99]").
std::map<int, std::string> open_fds();

}  // namespace ipcviz::detail

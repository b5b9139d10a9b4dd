#pragma once
// The descriptors each process holds at a step: the latest snapshot the harness took of
// /proc/PID/fd (after setup() — what the child inherits at fork() —, after open(), after close())
// before that step, changed by the process's traced calls since (pipe, socket, accept, shm_open,
// close). The snapshots catch what the trace cannot (inherited descriptors, a raw syscall); the
// calls make each step true between them. No ncurses here.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "model.hpp"

namespace ipcviz::view {

struct HeldFd {
    int fd = -1;
    std::string what;    // "pipe read end", "socket", "shm /ipcviz-1234-shm"
    std::string object;  // which one, where known: "pipe:[1234]" (empty when only the trace knows it)
};

struct FdTable {
    bool exists = false;  // the process exists at this step (the child only after fork())
    std::vector<HeldFd> fds;  // by number
    std::string source;   // where it comes from: "after open()" (/proc), "inherited (fork) +1 call", "from 2 calls"
};

// What @p descriptor is, in words: "pipe read end", "pipe write end", "socket", "shm /name".
std::string describe_descriptor(const OpenDescriptor& descriptor);

// The descriptors process @p side (0 parent, 1 child) holds at @p step of @p model.
FdTable descriptors_at(const ViewModel& model, int side, std::size_t step);

}  // namespace ipcviz::view

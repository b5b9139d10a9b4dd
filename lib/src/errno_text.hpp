#pragma once
// The harness's error lines name the call that failed and why: "socketpair: Too many open files".
#include <cerrno>
#include <cstring>
#include <string>

namespace ipcviz::detail {

// "CALL: the text of errno". errno is read first, before anything here could change it.
inline std::string errno_text(const char* call) {
    const int error = errno;
    return std::string(call) + ": " + std::strerror(error);
}

}  // namespace ipcviz::detail

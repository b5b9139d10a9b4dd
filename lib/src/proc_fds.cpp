#include "proc_fds.hpp"

#include <fcntl.h>

#include <cstdio>
#include <string>

namespace ipcviz::detail {

int fd_access_mode(pid_t pid, int fd) {
    const std::string path =
        (pid == 0 ? std::string("/proc/self") : "/proc/" + std::to_string(pid)) + "/fdinfo/" + std::to_string(fd);
    std::FILE* info = std::fopen(path.c_str(), "re");
    if (info == nullptr) return -1;
    char line[128];
    int mode = -1;
    while (std::fgets(line, sizeof line, info) != nullptr) {
        unsigned flags = 0;
        if (std::sscanf(line, "flags: %o", &flags) == 1) {
            mode = static_cast<int>(flags & O_ACCMODE);
            break;
        }
    }
    std::fclose(info);
    return mode;
}

}  // namespace ipcviz::detail

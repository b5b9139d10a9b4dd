#include "fd_census.hpp"

#include <dirent.h>
#include <unistd.h>

#include <fcntl.h>

#include <cstdio>
#include <cstdlib>

namespace ipcviz::detail {

std::map<int, std::string> open_fds() {
    std::map<int, std::string> fds;
    DIR* directory = ::opendir("/proc/self/fd");
    if (directory == nullptr) return fds;
    const int own = ::dirfd(directory);
    while (const dirent* entry = ::readdir(directory)) {
        if (entry->d_name[0] == '.') continue;
        const int fd = std::atoi(entry->d_name);
        if (fd == own) continue;
        char target[256] = {};
        const std::string link = std::string("/proc/self/fd/") + entry->d_name;
        const ssize_t length = ::readlink(link.c_str(), target, sizeof target - 1);
        fds[fd] = length > 0 ? std::string(target, static_cast<std::size_t>(length)) : "?";
    }
    ::closedir(directory);
    return fds;
}

int access_mode(int fd) {
    // fcntl(F_GETFL) would do, but it is a syscall of the process being audited; /proc is read the
    // same way open_fds() reads it (both happen outside the measured window).
    const std::string path = "/proc/self/fdinfo/" + std::to_string(fd);
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

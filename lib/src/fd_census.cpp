#include "fd_census.hpp"

#include <dirent.h>
#include <unistd.h>

#include <cstdlib>

#include "proc_fds.hpp"

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

int access_mode(int fd) { return fd_access_mode(0, fd); }

}  // namespace ipcviz::detail

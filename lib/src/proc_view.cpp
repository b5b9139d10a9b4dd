#include "proc_view.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>

#include "ipcviz/trace.hpp"
#include "proc_fds.hpp"

namespace ipcviz::detail {

namespace {

std::string proc(pid_t pid) { return "/proc/" + std::to_string(pid); }

// The entries of a /proc directory, "." and ".." left out.
// @return false (errno set) when the directory cannot be opened.
template <typename Each>
bool for_each_entry(const std::string& directory, Each each) {
    const std::unique_ptr<DIR, int (*)(DIR*)> listing(::opendir(directory.c_str()), &::closedir);
    if (!listing) return false;
    while (const dirent* entry = ::readdir(listing.get())) {
        if (entry->d_name[0] != '.') each(std::string(entry->d_name));
    }
    return true;
}

// "read end", "write end" or "read/write", from the "flags:" line (octal) of /proc/PID/fdinfo/FD.
std::string access_of(pid_t pid, const std::string& fd) {
    switch (fd_access_mode(pid, std::stoi(fd))) {
        case O_RDONLY: return "read end";
        case O_WRONLY: return "write end";
        case O_RDWR: return "read/write";
        default: return "?";
    }
}

std::string resolve(pid_t pid, const std::string& path) {
    return !path.empty() && path[0] == '/' ? path : proc(pid) + "/cwd/" + path;
}

}  // namespace

ProcSample sample_process(pid_t pid) {
    ProcSample sample;
    sample.at_ns = monotonic_ns();
    for_each_entry(proc(pid) + "/task", [&](const std::string& task) {
        const std::string base = proc(pid) + "/task/" + task;
        std::ifstream schedstat(base + "/schedstat");
        std::int64_t run_ns = 0, waited_ns = 0;
        if (schedstat >> run_ns) sample.cpu_ns += run_ns;
        if (schedstat >> waited_ns) sample.runqueue_ns += waited_ns;
        std::ifstream status(base + "/status");
        std::string label;
        while (status >> label) {
            std::uint64_t value = 0;
            if (label == "voluntary_ctxt_switches:" && status >> value) sample.voluntary += value;
            if (label == "nonvoluntary_ctxt_switches:" && status >> value) sample.involuntary += value;
        }
    });
    return sample;
}

std::map<int, std::string> descriptors_of(pid_t pid) {
    std::map<int, std::string> fds;
    const bool listed = for_each_entry(proc(pid) + "/fd", [&](const std::string& fd) {
        char target[256] = {};
        const ssize_t length = ::readlink((proc(pid) + "/fd/" + fd).c_str(), target, sizeof target - 1);
        const std::string what = length > 0 ? std::string(target, static_cast<std::size_t>(length)) : "?";
        try {
            fds[std::stoi(fd)] = what + " (" + access_of(pid, fd) + ")";
        } catch (...) {
        }
    });
    // Fail closed: a list that cannot be read is not an empty one (a census must not pass on it).
    if (!listed) fds[kUnreadable] = "opendir(" + proc(pid) + "/fd) failed: " + std::strerror(errno);
    return fds;
}

std::vector<std::string> object_mappings_of(pid_t pid) {
    std::vector<std::string> mappings;
    std::ifstream maps(proc(pid) + "/maps");
    if (!maps) return {"open(" + proc(pid) + "/maps) failed: " + std::strerror(errno)};
    // Each line: range, permissions, offset, device, inode, then the path (if any) after spaces.
    for (std::string line; std::getline(maps, line);) {
        const std::size_t path = line.find('/');
        if (path == std::string::npos) continue;
        if (line.compare(path, 9, "/dev/shm/") != 0 && line.compare(path, 7, "/memfd:") != 0) continue;
        const std::size_t range_end = line.find(' ');
        const std::size_t permissions_end = line.find(' ', range_end + 1);
        mappings.push_back(line.substr(0, permissions_end) + " " + line.substr(path));
    }
    return mappings;
}

std::string mode_of(pid_t pid, const std::string& path) {
    struct stat info {};
    if (::stat(resolve(pid, path).c_str(), &info) != 0) return {};
    char text[16];
    std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(info.st_mode & 07777));
    return text;
}

bool exists_for(pid_t pid, const std::string& path) {
    struct stat info {};
    return ::lstat(resolve(pid, path).c_str(), &info) == 0;
}

}  // namespace ipcviz::detail

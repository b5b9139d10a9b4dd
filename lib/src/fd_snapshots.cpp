#include "fd_snapshots.hpp"

#include <cstring>
#include <sstream>
#include <string>

namespace ipcviz::detail {

std::vector<DescriptorSnapshot> read_snapshots(const SideShared& shared) {
    std::vector<DescriptorSnapshot> snapshots;
    for (std::size_t i = 0; i < std::size(shared.fd_snapshots); ++i) {
        if (shared.fd_snapshot_ns[i] == 0) continue;
        DescriptorSnapshot snapshot;
        snapshot.moment = static_cast<DescriptorSnapshot::Moment>(i);
        snapshot.at_ns = shared.fd_snapshot_ns[i];
        std::istringstream lines(
            std::string(shared.fd_snapshots[i], strnlen(shared.fd_snapshots[i], sizeof shared.fd_snapshots[i])));
        std::string line;
        while (std::getline(lines, line)) {
            std::istringstream fields(line);
            OpenDescriptor fd;
            if (!(fields >> fd.fd >> fd.access) || fd.fd < 0) continue;
            std::getline(fields >> std::ws, fd.target);
            snapshot.fds.push_back(std::move(fd));
        }
        snapshots.push_back(std::move(snapshot));
    }
    return snapshots;
}

}  // namespace ipcviz::detail

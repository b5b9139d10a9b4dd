#include "ipcviz/cpus.hpp"

#include <sched.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace ipcviz {

namespace {

// A cgroup hierarchy this process belongs to: where it is mounted and our directory in it.
struct CgroupDirectory {
    std::string mount_point;  // e.g. /sys/fs/cgroup or /sys/fs/cgroup/cpu,cpuacct
    std::string path;         // our cgroup, absolute: mount_point + the path below the mount's root
};

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::string part;
    std::istringstream in(text);
    while (std::getline(in, part, separator)) parts.push_back(part);
    return parts;
}

bool has_word(const std::string& list, const std::string& word) {
    for (const std::string& item : split(list, ',')) {
        if (item == word) return true;
    }
    return false;
}

// Our cgroup directory in the v2 hierarchy (@p v1 false) or in the v1 hierarchy that holds the
// "cpu" controller (@p v1 true); empty mount_point when there is none.
CgroupDirectory find_cgroup(bool v1) {
    std::string relative;  // our path in that hierarchy, from /proc/self/cgroup
    bool found = false;
    std::ifstream cgroups("/proc/self/cgroup");
    for (std::string line; std::getline(cgroups, line);) {
        const std::size_t first = line.find(':');
        const std::size_t second = line.find(':', first + 1);
        if (first == std::string::npos || second == std::string::npos) continue;
        const std::string controllers = line.substr(first + 1, second - first - 1);
        if (v1 ? has_word(controllers, "cpu") : line.compare(0, second + 1, "0::") == 0) {
            relative = line.substr(second + 1);
            found = true;
            break;
        }
    }
    if (!found) return {};
    // mountinfo: "ID PARENT MAJ:MIN ROOT MOUNT_POINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPER_OPTIONS"
    std::ifstream mounts("/proc/self/mountinfo");
    for (std::string line; std::getline(mounts, line);) {
        const std::size_t dash = line.find(" - ");
        if (dash == std::string::npos) continue;
        const std::vector<std::string> before = split(line.substr(0, dash), ' ');
        const std::vector<std::string> after = split(line.substr(dash + 3), ' ');
        if (before.size() < 5 || after.size() < 3) continue;
        const bool matches = v1 ? after[0] == "cgroup" && has_word(after[2], "cpu") : after[0] == "cgroup2";
        if (!matches) continue;
        const std::string& root = before[3];
        std::string below = relative;
        if (root != "/") {
            if (below.compare(0, root.size(), root) != 0) continue;  // our cgroup is not under this mount
            below = below.substr(root.size());
        }
        return {before[4], before[4] + (below == "/" ? "" : below)};
    }
    return {};
}

// The quota, in CPUs, set in one cgroup directory; 0 when none (or unreadable).
double quota_in(const std::string& directory, bool v1) {
    if (v1) {
        long long quota = -1, period = 0;
        std::ifstream(directory + "/cpu.cfs_quota_us") >> quota;
        std::ifstream(directory + "/cpu.cfs_period_us") >> period;
        return quota > 0 && period > 0 ? static_cast<double>(quota) / static_cast<double>(period) : 0;
    }
    std::string quota;
    long long period = 0;
    std::ifstream(directory + "/cpu.max") >> quota >> period;
    if (quota.empty() || quota == "max" || period <= 0) return 0;
    try {
        return std::stod(quota) / static_cast<double>(period);
    } catch (const std::exception&) {
        return 0;
    }
}

// The tightest quota from our cgroup up to the hierarchy's root (a parent's limit binds its children).
void read_quota(bool v1, CpuBudget& budget) {
    const CgroupDirectory cgroup = find_cgroup(v1);
    if (cgroup.mount_point.empty()) return;
    std::string directory = cgroup.path;
    for (;;) {
        const double quota = quota_in(directory, v1);
        if (quota > 0 && (budget.quota == 0 || quota < budget.quota)) {
            budget.quota = quota;
            budget.quota_file = directory + (v1 ? "/cpu.cfs_quota_us" : "/cpu.max");
        }
        if (directory.size() <= cgroup.mount_point.size()) break;
        directory = directory.substr(0, directory.rfind('/'));
    }
}

std::string cpu_list(const std::vector<int>& cpus) {
    std::string text;
    for (std::size_t i = 0; i < cpus.size(); ++i) {
        std::size_t last = i;
        while (last + 1 < cpus.size() && cpus[last + 1] == cpus[last] + 1) ++last;
        text += (text.empty() ? "" : ",") + std::to_string(cpus[i]) + (last > i ? "-" + std::to_string(cpus[last]) : "");
        i = last;
    }
    return text;
}

}  // namespace

int CpuBudget::usable() const noexcept {
    // Not lowered by the quota. Measured under a cgroup quota of half a CPU with both CPUs in the
    // mask (tests/stress/grade-everywhere.sh, half-cpu): the two processes still ran at the same time
    // between throttlings — a reference that spun passed every two-CPU expectation, while one that
    // slept at once took 26 µs a round trip (a futex wakes its peer on the other CPU) against a
    // pipe's 4.5 µs (a pipe's wake-up keeps the reader on the writer's CPU).
    return std::max(static_cast<int>(allowed.size()), 1);
}

std::string CpuBudget::describe() const {
    char quota_text[64];
    std::snprintf(quota_text, sizeof quota_text, "%.2f CPU", quota);
    const long online = ::sysconf(_SC_NPROCESSORS_ONLN);
    return std::to_string(usable()) + " usable CPU" + (usable() == 1 ? "" : "s") + " (affinity: CPU" +
           (allowed.size() == 1 ? " " : "s ") + cpu_list(allowed) + " of " + std::to_string(online) +
           " online; CPU quota: " + (quota > 0 ? std::string(quota_text) + " from " + quota_file : "none") + ")";
}

CpuBudget cpu_budget() noexcept {
    CpuBudget budget;
    try {
        cpu_set_t set;
        CPU_ZERO(&set);
        if (::sched_getaffinity(0, sizeof set, &set) == 0) {
            for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
                if (CPU_ISSET(cpu, &set)) budget.allowed.push_back(cpu);
            }
        }
        read_quota(false, budget);
        read_quota(true, budget);
    } catch (...) {  // out of memory reading a few short files: report what we have
    }
    return budget;
}

}  // namespace ipcviz

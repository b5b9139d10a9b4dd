#pragma once
/** @file
 *  How many CPUs this process may really run on at once (its affinity mask), and its cgroup's CPU
 *  quota (how much CPU time it gets).
 */
#include <string>
#include <vector>

namespace ipcviz {

/**
 * The CPUs the scheduler lets this process use. A machine may have two cores and still give a
 * process only one: `taskset -c 0`, a cpuset, a one-CPU container. A CPU quota (a cgroup's
 * cpu.max, as containers and Gradescope's half-CPU autograders have) is another kind of limit: the
 * group still runs on every CPU of its mask at the same time, until its CPU time for the period is
 * used up, and then all of it waits together. So the quota is reported but does not lower usable().
 */
struct CpuBudget {
    std::vector<int> allowed;  ///< the CPUs of this process's affinity mask (sched_getaffinity), ascending
    /// The tightest CPU quota of this process's cgroup and its ancestors, in CPUs (cpu.max
    /// "50000 100000" is 0.5); 0 when there is none.
    double quota = 0;
    std::string quota_file;  ///< the file that set @ref quota, empty when none

    /**
     * @return how many CPUs two processes of this group can run on at the same time: the affinity
     *         mask's size, at least 1 (a quota limits their time, not how many run at once)
     */
    int usable() const noexcept;

    /** @return e.g. "1 usable CPU (affinity: CPU 0 of 2 online; CPU quota: none)" */
    std::string describe() const;
};

/**
 * Reads this process's CPU budget: sched_getaffinity(2), then the CPU quota along its cgroup path
 * (cgroup v2's cpu.max, or cgroup v1's cpu.cfs_quota_us and cpu.cfs_period_us), found through
 * /proc/self/cgroup and /proc/self/mountinfo. A file it cannot read counts as no limit.
 * @return the budget; never throws
 */
CpuBudget cpu_budget() noexcept;

}  // namespace ipcviz

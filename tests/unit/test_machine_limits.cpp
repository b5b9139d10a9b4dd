// What a grader inherits from the machine it runs on: the CPUs it may really use (an affinity of
// one CPU is one CPU, however many the machine has) and a TMPDIR too long for a socket path.
#include <sched.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "ipcviz/cpus.hpp"
#include "ipcviz/harness.hpp"
#include "ipcviz/names.hpp"

using namespace ipcviz;

TEST_CASE("the CPU budget counts the affinity mask, and one allowed CPU is one usable CPU", "[cpus]") {
    const CpuBudget here = cpu_budget();
    cpu_set_t set;
    REQUIRE(::sched_getaffinity(0, sizeof set, &set) == 0);
    CHECK(here.allowed.size() == static_cast<std::size_t>(CPU_COUNT(&set)));
    CHECK(here.usable() >= 1);
    CHECK(here.describe().find("usable CPU") != std::string::npos);

    // In a child (the test's own affinity stays as it was): pinned to its first allowed CPU.
    const pid_t child = ::fork();
    REQUIRE(child != -1);
    if (child == 0) {
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(here.allowed.at(0), &one);
        if (::sched_setaffinity(0, sizeof one, &one) != 0) ::_exit(2);
        const CpuBudget pinned = cpu_budget();
        ::_exit(pinned.usable() == 1 && pinned.allowed.size() == 1 && pinned.allowed[0] == here.allowed[0] ? 0 : 1);
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("a CPU quota limits time, not how many CPUs run at once, and is reported", "[cpus]") {
    CpuBudget budget;
    budget.allowed = {0, 1};
    budget.quota = 0.5;  // Gradescope's half CPU
    budget.quota_file = "/sys/fs/cgroup/x/cpu.max";
    CHECK(budget.usable() == 2);
    CHECK(budget.describe().find("CPU quota: 0.50 CPU from /sys/fs/cgroup/x/cpu.max") != std::string::npos);
    budget.allowed = {3};
    CHECK(budget.usable() == 1);
    CHECK(budget.describe().rfind("1 usable CPU (affinity: CPU 3 of ", 0) == 0);
}

TEST_CASE("with a 120-character TMPDIR a Unix socket run still works, in /tmp instead", "[names]") {
    const char* saved = std::getenv("TMPDIR");
    const std::string kept = saved != nullptr ? saved : "";
    const std::string base = "/tmp/ipcviz-unit-long-" + std::to_string(::getpid()) + "-";
    const std::string long_directory = base + std::string(120 - base.size(), 'd');
    REQUIRE(long_directory.size() == 120);
    REQUIRE(::mkdir(long_directory.c_str(), 0700) == 0);
    ::setenv("TMPDIR", long_directory.c_str(), 1);
    CHECK(temp_directory() == "/tmp");
    static const Implementation linked(&ipcviz_new_channel);
    Workload workload;
    workload.messages = 20;
    workload.pattern = Pattern::round_trip;
    const RunResult result = run(*find_mechanism("unix"), linked.factory("unix"), workload);
    if (saved != nullptr) ::setenv("TMPDIR", kept.c_str(), 1); else ::unsetenv("TMPDIR");
    std::filesystem::remove_all(long_directory);
    INFO(result.failure);
    CHECK(result.ok);
    CHECK(result.side(Side::parent).endpoint.rfind("/tmp/ipcviz-", 0) == 0);
    CHECK(result.leftovers.empty());

    ::setenv("TMPDIR", std::string(kTempDirectoryMax, 'x').c_str(), 1);  // the longest kept as it is
    CHECK(temp_directory() == std::string(kTempDirectoryMax, 'x'));
    if (saved != nullptr) ::setenv("TMPDIR", kept.c_str(), 1); else ::unsetenv("TMPDIR");
}

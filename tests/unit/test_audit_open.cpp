// The kernel audit inside each side's open() (AuditCounts::OpenCalls): what a side that waits for
// its peer does there (a refused connect(), an shm_open() of a name not made yet, a sleep, a poll
// that timed out) is counted with its errno, and the harness's own start-up delay is not.
#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstring>

#include "ipcviz/harness.hpp"
#include "ipcviz/names.hpp"
#include "test_pipe.hpp"

using namespace ipcviz;

namespace {

// The child side's open() does, once each, what a side waiting for its peer does; the parent's
// open() does only what the pipe needs.
class WaitsInOpen : public testing::TestPipe {
public:
    void open(Side side) override {
        TestPipe::open(side);
        if (side == Side::parent) return;
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        const std::string path = temp_directory() + "/" + run_scoped_name("nobody-listens");
        std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
        [[maybe_unused]] const int refused = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
        ::close(fd);
        [[maybe_unused]] const int missing = ::shm_open(("/" + run_scoped_name("not-made-yet")).c_str(), O_RDWR, 0600);
        ::usleep(1000);
        ::poll(nullptr, 0, 1);
    }
};

Workload audited(std::chrono::milliseconds child_delay) {
    Workload workload;
    workload.messages = 3;
    workload.audit = true;
    workload.open_delay[1] = child_delay;
    workload.deadline = std::chrono::milliseconds(10000);
    return workload;
}

}  // namespace

TEST_CASE("the audit counts the calls of each side's open(), with the errno of those that failed", "[audit]") {
    const RunResult result = run(*find_mechanism("pipe"), [] { return std::unique_ptr<Channel>(new WaitsInOpen()); },
                                 audited(std::chrono::milliseconds(20)));
    INFO(result.failure);
    REQUIRE(result.ok);
    REQUIRE(result.side(Side::child).audit);
    const AuditCounts::OpenCalls& child = result.side(Side::child).audit->open;
    CHECK(child.begun);
    CHECK(child.ended);
    CHECK(child.calls.at("connect") == 1);
    CHECK(child.failures.at("connect ENOENT") == 1);
    CHECK(child.calls.at("shm_open") == 1);  // an openat() of a name under /dev/shm
    CHECK(child.failures.at("shm_open ENOENT") == 1);
    // The harness's 20 ms delay before open() is not the channel's: one sleep, usleep()'s.
    CHECK(child.calls.at("clock_nanosleep") == 1);
    CHECK(child.timeouts.at("poll") == 1);
    CHECK(child.failures.size() == 2);
    REQUIRE(result.side(Side::parent).audit);
    const AuditCounts::OpenCalls& parent = result.side(Side::parent).audit->open;
    CHECK(parent.ended);
    CHECK(parent.calls == std::map<std::string, std::uint64_t>{{"close", 1}});  // the pipe's read end
    CHECK(parent.failures.empty());
    CHECK(parent.timeouts.empty());
}

TEST_CASE("the references' open() wait for nothing, whichever side starts late", "[audit]") {
    for (const char* name : {"pipe", "unix", "tcp", "shm"}) {
        for (const int late : {0, 1}) {
            INFO(name << ", late side " << late);
            Workload workload = audited(std::chrono::milliseconds(0));
            workload.open_delay[late] = std::chrono::milliseconds(50);
            const Implementation implementation(&ipcviz_new_channel);
            const RunResult result = run(*find_mechanism(name), implementation.factory(name), workload);
            INFO(result.failure);
            REQUIRE(result.ok);
            for (const SideReport& side : result.sides) {
                REQUIRE(side.audit);
                CHECK(side.audit->open.ended);
                CHECK(side.audit->open.failures.empty());
                CHECK(side.audit->open.timeouts.empty());
                CHECK(side.audit->open.calls.count("clock_nanosleep") == 0);
                CHECK(side.audit->open.calls.count("nanosleep") == 0);
            }
        }
    }
}

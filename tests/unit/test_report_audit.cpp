// `trace --audit` in text: the kernel's counts beside the library's, per call, from real audited runs.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>

#include "ipcviz/error.hpp"
#include "ipcviz/harness.hpp"
#include "ipcviz/names.hpp"
#include "ipcviz/report.hpp"
#include "ipcviz/sys.hpp"
#include "test_pipe.hpp"

using namespace ipcviz;

namespace {

Workload audited(std::size_t messages) {
    Workload workload;
    workload.messages = messages;
    workload.audit = true;
    workload.deadline = std::chrono::milliseconds(10000);
    return workload;
}

// A correct pipe, except that the writer calls ::write itself: the kernel sees writes the library does not.
class BypassingPipe : public testing::TestPipe {
public:
    void send(std::span<const std::byte> message) override {
        if (::write(pipe_.write_end.get(), message.data(), message.size()) != static_cast<ssize_t>(message.size())) {
            throw SysError("write", errno);
        }
    }
};

}  // namespace

TEST_CASE("the audit table says every reference mechanism's calls agree with the kernel", "[audit][report]") {
    static const Implementation linked(&ipcviz_new_channel);
    for (const char* name : {"pipe", "unix", "tcp", "shm"}) {
        const RunResult result = run(*find_mechanism(name), linked.factory(name), audited(40));
        INFO(name << ": " << result.failure);
        REQUIRE(result.ok);
        const std::string table = format_audit(result);
        INFO(table);
        CHECK(table.find("differs") == std::string::npos);
        CHECK(table.find("agree on every call") != std::string::npos);
    }
}

TEST_CASE("the audit table names the call that bypassed the library and how many", "[audit][report]") {
    const RunResult result =
        run(*find_mechanism("pipe"), [] { return std::unique_ptr<Channel>(new BypassingPipe()); }, audited(30));
    INFO(result.failure);
    REQUIRE(result.ok);
    const std::string table = format_audit(result);
    INFO(table);
    CHECK(table.find("write        library      0   kernel     30   differs: the kernel saw 30 not made through "
                     "ipcviz::sys") != std::string::npos);
    CHECK(table.find("read         library     30   kernel     30   agree") != std::string::npos);
    CHECK(table.find("do not agree") != std::string::npos);
}

TEST_CASE("a run without the audit has no audit table", "[audit][report]") {
    static const Implementation linked(&ipcviz_new_channel);
    Workload workload = audited(5);
    workload.audit = false;
    CHECK(format_audit(run(*find_mechanism("pipe"), linked.factory("pipe"), workload)).empty());
}

// The harness's error paths (Workload::fault, open_delay): on the references, each fault ends the
// run as the Channel contract says, and leaves nothing behind.
#include <signal.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <stdexcept>

#include "ipcviz/harness.hpp"

using namespace ipcviz;

namespace {

const Implementation& linked() {
    static const Implementation implementation(&ipcviz_new_channel);
    return implementation;
}

RunResult run_with(const char* mechanism, Fault fault) {
    Workload workload;
    workload.messages = 10;
    workload.fault = fault;
    workload.deadline = std::chrono::milliseconds(5000);
    return run(*find_mechanism(mechanism), linked().factory(mechanism), workload);
}

}  // namespace

TEST_CASE("a fault needs a one-way run of messages of at least 2 bytes", "[faults]") {
    Workload workload;
    workload.fault = Fault::torn_message;
    workload.pattern = Pattern::round_trip;
    CHECK_THROWS_AS(run(*find_mechanism("pipe"), linked().factory("pipe"), workload), std::invalid_argument);
    workload.pattern = Pattern::one_way;
    workload.message_size = 1;
    CHECK_THROWS_AS(run(*find_mechanism("pipe"), linked().factory("pipe"), workload), std::invalid_argument);
}

TEST_CASE("every byte stream's reference throws at a torn message and leaves nothing behind", "[faults]") {
    for (const char* name : {"pipe", "unix", "tcp"}) {
        for (const Fault fault : {Fault::torn_message, Fault::torn_then_reset}) {
            if (fault == Fault::torn_then_reset && std::string(name) != "tcp") continue;
            INFO(name << (fault == Fault::torn_message ? ", torn" : ", torn then reset"));
            const RunResult result = run_with(name, fault);
            INFO(result.failure);
            CHECK(result.ok);
            CHECK(result.messages_delivered == 10);
            CHECK(result.leftovers.empty());
            CHECK(result.side(Side::child).leaked_fds.empty());
        }
    }
}

TEST_CASE("a socket writer whose reader vanishes gets EPIPE; a pipe writer dies of SIGPIPE by default",
          "[faults]") {
    for (const char* name : {"unix", "tcp"}) {
        for (const Fault fault : {Fault::reader_dies, Fault::reader_resets}) {
            INFO(name << (fault == Fault::reader_dies ? ", reader dies" : ", reader resets"));
            const RunResult result = run_with(name, fault);
            INFO(result.failure);
            CHECK(result.ok);
            CHECK(result.leftovers.empty());
            CHECK(result.side(Side::parent).leaked_fds.empty());
        }
    }
    // Lab 01 teaches SIGPIPE's default: the reference pipe writer does not ignore it.
    const RunResult pipe = run_with("pipe", Fault::reader_dies);
    CHECK_FALSE(pipe.ok);
    REQUIRE(pipe.side(Side::parent).status.has_value());
    CHECK(WIFSIGNALED(*pipe.side(Side::parent).status));
    CHECK(WTERMSIG(*pipe.side(Side::parent).status) == SIGPIPE);
}

TEST_CASE("either side may open late and the run still delivers", "[faults]") {
    for (const char* name : {"pipe", "unix", "tcp", "shm"}) {
        for (const int late : {0, 1}) {
            INFO(name << ", late side " << late);
            Workload workload;
            workload.messages = 10;
            workload.open_delay[late] = std::chrono::milliseconds(50);
            const RunResult result = run(*find_mechanism(name), linked().factory(name), workload);
            INFO(result.failure);
            CHECK(result.ok);
        }
    }
}

// The harness's error paths (Workload::fault, open_delay): on the references, each fault ends the
// run as the Channel contract says, and leaves nothing behind.
#include <signal.h>
#include <sys/wait.h>

#include <cerrno>
#include <catch2/catch.hpp>
#include <memory>
#include <stdexcept>
#include <utility>

#include "ipcviz/error.hpp"
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
    const std::pair<Fault, const char*> faults[] = {{Fault::torn_message, "torn after the prefix and half"},
                                                    {Fault::torn_then_reset, "torn after half, then reset"},
                                                    {Fault::torn_prefix, "torn 2 bytes in"},
                                                    {Fault::torn_prefix_then_reset, "torn 2 bytes in, then reset"},
                                                    {Fault::reset_between_messages, "reset between messages"}};
    for (const char* name : {"pipe", "unix", "tcp"}) {
        for (const auto& [fault, what] : faults) {
            INFO(name << ", " << what);
            const RunResult result = run_with(name, fault);
            INFO(result.failure);
            CHECK(result.ok);
            CHECK(result.messages_delivered == 10);
            CHECK(result.leftovers.empty());
            CHECK(result.side(Side::child).leaked_fds.empty());
        }
    }
}

TEST_CASE("a reset between messages ends a TCP stream, and the failure says where the stream was cut",
          "[faults]") {
    // A channel that takes every ECONNRESET for a failed call: the reference with its receive()
    // throwing whatever recvmsg() throws. The harness must report it, naming the cut.
    struct ThrowsOnReset : Channel {
        std::unique_ptr<Channel> inner;
        explicit ThrowsOnReset(std::unique_ptr<Channel> channel) : inner(std::move(channel)) {}
        void setup(const ChannelSpec& spec) override { inner->setup(spec); }
        void open(Side side) override { inner->open(side); }
        void send(std::span<const std::byte> message) override { inner->send(message); }
        std::size_t receive(std::span<std::byte> message) override {
            const std::size_t got = inner->receive(message);
            if (got == 0) throw SysError("recvmsg", ECONNRESET);
            return got;
        }
        void close() override { inner->close(); }
    };
    const ChannelFactory reference = linked().factory("tcp");
    Workload workload;
    workload.messages = 10;
    workload.fault = Fault::reset_between_messages;
    workload.deadline = std::chrono::milliseconds(5000);
    const RunResult result = run(*find_mechanism("tcp"), [&] { return std::make_unique<ThrowsOnReset>(reference()); },
                                 workload);
    CHECK_FALSE(result.ok);
    CHECK(result.messages_delivered == 10);
    CHECK_THAT(result.failure, Catch::Contains("right after message 10 (no byte of message 11 sent)") &&
                                   Catch::Contains("instead of returning 0"));
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

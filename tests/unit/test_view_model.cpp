// The viewer's model: real runs of each reference mechanism, turned into states step by step.
#include <catch2/catch.hpp>

#include "../../lib/view/model.hpp"
#include "ipcviz/error.hpp"
#include "ipcviz/harness.hpp"
#include "view_fixture.hpp"

using namespace ipcviz;
using namespace ipcviz::view;
using ipcviz::view::testing::model_of;

namespace {


// The first step whose event is @p call made by @p side.
std::size_t first_step(const ViewModel& model, Call call, Side side) {
    for (std::size_t step = 1; step < model.steps(); ++step) {
        const TraceEvent* event = model.at(step).event;
        if (event->call == call && event->side == side) return step;
    }
    FAIL("no such event");
    return 0;
}

}  // namespace

TEST_CASE("every model starts idle and ends with both processes done and every message counted", "[view]") {
    for (const char* name : {"shm", "pipe", "unix", "tcp"}) {
        INFO(name);
        const ViewModel model = model_of(name);
        CHECK(model.steps() == model.events().size() + 1);
        const StepState& start = model.at(0);
        CHECK(start.event == nullptr);
        CHECK(start.messages_done == 0);
        CHECK(start.processes[0].state == ProcessState::idle);
        CHECK(start.processes[0].pid == model.run().sides[0].pid);
        const StepState& end = model.at(model.steps() - 1);
        CHECK(end.messages_done == 10);
        CHECK(end.processes[0].state == ProcessState::done);
        CHECK(end.processes[1].state == ProcessState::done);
        for (std::size_t step = 1; step < model.steps(); ++step) {  // never goes backwards
            CHECK(model.at(step).messages_done >= model.at(step - 1).messages_done);
        }
    }
}

TEST_CASE("pipe: a write fills the kernel buffer and a read drains it", "[view]") {
    const ViewModel model = model_of("pipe");
    const std::size_t write = first_step(model, Call::write, Side::parent);
    CHECK(model.at(write).processes[0].state != ProcessState::idle);
    CHECK(model.at(write).processes[0].doing == "write(fd 4, 64) = 64");
    // Steps follow completion order, so a reader woken by a write may finish first: the buffer is
    // what the completed writes put in minus what the completed reads took out, at every step.
    std::int64_t written = 0, taken = 0;
    for (std::size_t step = 1; step < model.steps(); ++step) {
        const TraceEvent& event = *model.at(step).event;
        if (event.call == Call::write && event.side == Side::parent) written += event.result;
        if (event.call == Call::read && event.side == Side::child) taken += event.result;
        CHECK(model.at(step).channel.bytes_in_kernel[0] == written - taken);
    }
    CHECK(written == 640);
    CHECK(model.at(model.steps() - 1).channel.bytes_in_kernel[0] == 0);
}

TEST_CASE("Unix socket: messages are counted each way in a round trip", "[view]") {
    const ViewModel model = model_of("unix", 10, Pattern::round_trip);
    const StepState& end = model.at(model.steps() - 1);
    CHECK(end.channel.sends[0] == 10);
    CHECK(end.channel.sends[1] == 10);
    CHECK(end.messages_done == 10);
}

TEST_CASE("TCP: a send lights the stack downwards on its side, a receive upwards", "[view]") {
    const ViewModel model = model_of("tcp");
    const std::size_t send = first_step(model, Call::sendmsg, Side::parent);
    CHECK(model.at(send).channel.flow == ChannelView::Flow::down);
    CHECK(model.at(send).channel.flow_side == 0);
    CHECK(model.at(send).channel.bytes_sent[0] == 68);
    const std::size_t receive = first_step(model, Call::recvmsg, Side::child);
    CHECK(model.at(receive).channel.flow == ChannelView::Flow::up);
    CHECK(model.at(receive).channel.flow_side == 1);
    CHECK_FALSE(model.run().sides[0].endpoint.empty());
}

TEST_CASE("shared memory: a published slot is ready with its sequence number, then handed back", "[view]") {
    const ViewModel model = model_of("shm");
    const std::size_t publish = first_step(model, Call::exchange, Side::parent);
    CHECK(model.at(publish).channel.slot_ready);
    CHECK(model.at(publish).channel.slot_sequence == 1);
    CHECK(model.at(publish).processes[0].state == ProcessState::writing);
    const std::size_t hand_back = first_step(model, Call::exchange, Side::child);
    CHECK_FALSE(model.at(hand_back).channel.slot_ready);
    CHECK(model.at(hand_back).processes[1].state == ProcessState::reading);
}

TEST_CASE("a failed run ends with the side that ran marked failed", "[view]") {
    class Failing : public Channel {
        void setup(const ChannelSpec&) override { throw NotImplemented("Failing::setup"); }
        void open(Side) override {}
        void send(std::span<const std::byte>) override {}
        std::size_t receive(std::span<std::byte>) override { return 0; }
        void close() override {}
    };
    Workload workload;
    workload.deadline = std::chrono::milliseconds(2000);
    RunResult result = run(*find_mechanism("pipe"), [] { return std::unique_ptr<Channel>(new Failing()); }, workload);
    REQUIRE_FALSE(result.ok);
    const ViewModel model(*find_mechanism("pipe"), std::move(result), Calibration{});
    CHECK(model.steps() == 1);
    CHECK(model.at(0).processes[0].state == ProcessState::failed);
}

// Each process's descriptor table at each step: /proc snapshots the harness takes, changed by the
// traced calls in between — on real runs of the reference channels and on a made-up trace.
#include <catch2/catch.hpp>

#include <fcntl.h>

#include <string>

#include "../../lib/view/descriptors.hpp"
#include "../../lib/view/screens.hpp"
#include "view_fixture.hpp"

using namespace ipcviz;
using namespace ipcviz::view;
using ipcviz::view::testing::model_of;
using ipcviz::view::testing::return_step;

namespace {

bool holds(const FdTable& table, const std::string& what) {
    for (const HeldFd& held : table.fds) {
        if (held.what == what) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("a traced run records each side's descriptors after setup, open and close", "[view][fds]") {
    const ViewModel model = model_of("pipe");
    const auto& parent = model.run().sides[0].descriptors;
    const auto& child = model.run().sides[1].descriptors;
    REQUIRE(parent.size() == 3);
    REQUIRE(child.size() == 2);  // the child's setup is the parent's
    CHECK(parent[0].moment == DescriptorSnapshot::Moment::after_setup);
    CHECK(parent[0].fds.size() == 2);  // both ends, before fork()
    CHECK(parent[1].moment == DescriptorSnapshot::Moment::after_open);
    REQUIRE(parent[1].fds.size() == 1);
    CHECK(describe_descriptor(parent[1].fds[0]) == "pipe write end");
    REQUIRE(child[0].fds.size() == 1);
    CHECK(describe_descriptor(child[0].fds[0]) == "pipe read end");
    CHECK(parent[2].fds.empty());
    CHECK(child[1].fds.empty());
}

TEST_CASE("the pipe's descriptors follow the run: both ends, inherited, each side closes one", "[view][fds]") {
    const ViewModel model = model_of("pipe");
    CHECK(descriptors_at(model, 0, 0).fds.empty());
    CHECK_FALSE(descriptors_at(model, 1, 0).exists);  // not forked yet
    const std::size_t piped = return_step(model, Call::pipe, Side::parent);
    CHECK(holds(descriptors_at(model, 0, piped), "pipe read end"));
    CHECK(holds(descriptors_at(model, 0, piped), "pipe write end"));
    const std::size_t parent_closed = return_step(model, Call::close, Side::parent);
    CHECK_FALSE(holds(descriptors_at(model, 0, parent_closed), "pipe read end"));
    const std::size_t child_closed = return_step(model, Call::close, Side::child);
    const FdTable child = descriptors_at(model, 1, child_closed);
    CHECK(child.exists);
    CHECK(holds(child, "pipe read end"));
    CHECK_FALSE(holds(child, "pipe write end"));
    // Once the transfer runs, each side holds exactly its end.
    const std::size_t reading = return_step(model, Call::read, Side::child);
    REQUIRE(descriptors_at(model, 1, reading).fds.size() == 1);
    CHECK(descriptors_at(model, 1, reading).fds[0].what == "pipe read end");
}

TEST_CASE("a snapshot shows what the trace cannot: an inherited end the child never closed", "[view][fds]") {
    // A made-up run: the parent makes a pipe (fds 3, 4) and closes its read end; the child closes
    // nothing (the trace has no call of its own), and /proc after its open() shows both ends.
    const auto event = [](Side side, Call call, std::int64_t at, int fd, std::uint64_t detail) {
        TraceEvent e{};
        e.start_ns = at;
        e.end_ns = at + 1;
        e.pid = side == Side::parent ? 100 : 101;
        e.side = side;
        e.call = call;
        e.fd = fd;
        e.detail = detail;
        return e;
    };
    RunResult run;
    run.mechanism = "pipe";
    run.ok = true;
    run.workload.messages = 1;
    for (int side = 0; side < 2; ++side) {
        run.sides[side].role = side == 0 ? "Parent" : "Child";
        run.sides[side].pid = 100 + side;
        run.sides[side].finished = true;
    }
    run.trace = {event(Side::parent, Call::pipe, 10, -1, std::uint64_t{3} << 32 | 4),
                 event(Side::parent, Call::close, 30, 3, 0), event(Side::child, Call::read, 50, 3, 0)};
    run.sides[0].descriptors = {
        {DescriptorSnapshot::Moment::after_setup, 20, {{3, O_RDONLY, "pipe:[7]"}, {4, O_WRONLY, "pipe:[7]"}}}};
    run.sides[1].descriptors = {
        {DescriptorSnapshot::Moment::after_open, 40, {{3, O_RDONLY, "pipe:[7]"}, {4, O_WRONLY, "pipe:[7]"}}}};
    const ViewModel model(*find_mechanism("pipe"), std::move(run), Calibration{});
    const FdTable child = descriptors_at(model, 1, model.steps() - 1);
    CHECK(child.exists);
    CHECK(child.source == "after open()");
    CHECK(holds(child, "pipe write end"));
    const FdTable parent = descriptors_at(model, 0, model.steps() - 1);
    CHECK(parent.source == "after setup() +1 call");
    REQUIRE(parent.fds.size() == 1);
    CHECK(parent.fds[0].what == "pipe write end");

    // On screen (d), at 80×24, whole.
    Canvas canvas(80, 24);
    UiState ui;
    ui.step = model.steps() - 1;
    ui.show_descriptors = true;
    render_mechanism(canvas, model, ui);
    const std::string text = canvas.to_text();
    CHECK(text.find("Child · fds") != std::string::npos);
    CHECK(text.find("fd 4 pipe write end") != std::string::npos);
    CHECK(text.find("after open()") != std::string::npos);
}

TEST_CASE("sockets and shared memory: each side's table names what it holds", "[view][fds]") {
    for (const char* name : {"unix", "tcp", "shm"}) {
        INFO(name);
        const ViewModel model = model_of(name);
        const std::size_t middle = model.steps() / 2;
        for (int side = 0; side < 2; ++side) {
            const FdTable table = descriptors_at(model, side, middle);
            CHECK(table.exists);
            if (std::string(name) == "shm") {
                CHECK(table.fds.empty());  // the mapping outlives its descriptor, closed in setup()
            } else {
                CHECK(holds(table, "socket"));
            }
        }
        // Every frame at 80 columns with the tables shown.
        for (const auto& [width, height] : {std::pair{80, 24}, std::pair{160, 45}}) {
            Canvas canvas(width, height);
            UiState ui;
            ui.step = middle;
            ui.show_descriptors = true;
            render_mechanism(canvas, model, ui);
            CHECK(canvas.to_text().find("· fds") != std::string::npos);
        }
    }
}

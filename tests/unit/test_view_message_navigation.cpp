// Stepping by message (issue 12, point 4): n, N and "go to message k" land where the screen's
// counter reaches k, on real runs of every mechanism, one-way and round trip; never before the
// message was sent.
#include <catch2/catch.hpp>

#include "../../lib/view/message_navigation.hpp"
#include "view_fixture.hpp"

using namespace ipcviz;
using namespace ipcviz::view;
using ipcviz::view::testing::model_of;

namespace {

// The step of the marker "message k sent" by @p side (0 if none).
std::size_t sent_step(const ViewModel& model, std::size_t k, Side side) {
    for (std::size_t step = 1; step < model.steps(); ++step) {
        const StepState& state = model.at(step);
        if (state.event->call == Call::message_sent && state.event->side == side && state.event->detail + 1 == k) return step;
    }
    return 0;
}

}  // namespace

TEST_CASE("each message's step is where the counter reaches it, after the message was sent", "[view][lecture]") {
    for (const char* name : {"shm", "pipe", "unix", "tcp"}) {
        for (const Pattern pattern : {Pattern::one_way, Pattern::round_trip}) {
            const ViewModel model = model_of(name, 10, pattern);
            INFO(name << (pattern == Pattern::one_way ? " one-way" : " round trip"));
            std::size_t previous = 0;
            for (std::size_t k = 1; k <= 10; ++k) {
                INFO("message " << k);
                const auto step = message_step(model, k);
                REQUIRE(step.has_value());
                CHECK(*step > previous);
                CHECK(model.at(*step).messages_done == k);
                CHECK(model.at(*step - 1).messages_done == k - 1);
                CHECK(model.at(*step).event->call == Call::message_received);
                CHECK(completes_a_message(model, *step));
                // The causal rule: on screen, message k was sent before this step.
                const std::size_t sent = sent_step(model, k, Side::parent);
                CHECK(sent > 0);
                CHECK(sent < *step);
                // n from the message before lands here; N from here goes back to it.
                CHECK(next_message_step(model, previous) == *step);
                CHECK(previous_message_step(model, *step) == previous);
                previous = *step;
            }
            CHECK_FALSE(message_step(model, 0).has_value());
            CHECK_FALSE(message_step(model, 11).has_value());
            // Past the last message, n goes to the end; before the first, N to the start.
            CHECK(next_message_step(model, previous) == model.steps() - 1);
            CHECK(previous_message_step(model, 1) == 0);
            std::size_t completing = 0;
            for (std::size_t step = 0; step < model.steps(); ++step) completing += completes_a_message(model, step);
            CHECK(completing == 10);
        }
    }
}

TEST_CASE("go to message k takes a number the run delivered, and says why not otherwise", "[view][lecture]") {
    const ViewModel model = model_of("pipe", 10);
    std::string error;
    CHECK(go_to_message(model, "7", error) == message_step(model, 7));
    CHECK(error.empty());
    CHECK(go_to_message(model, "10", error) == message_step(model, 10));
    for (const char* typed : {"", "0", "11", "x", "1x", "-3", "99999999999"}) {
        INFO("typed \"" << typed << "\"");
        error.clear();
        CHECK_FALSE(go_to_message(model, typed, error).has_value());
        CHECK_FALSE(error.empty());
    }
    CHECK(prompt_line(model, "12", "") == "Go to message (1–10), Enter: 12_");
    CHECK(prompt_line(model, "", "no message 12") == "Go to message (1–10), Enter: _ · no message 12");
}

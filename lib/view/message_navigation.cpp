#include "message_navigation.hpp"

#include <algorithm>
#include <cctype>

#include "keys.hpp"

namespace ipcviz::view {

bool completes_a_message(const ViewModel& model, std::size_t step) {
    if (step == 0 || step >= model.steps()) return false;
    return model.at(step).messages_done > model.at(step - 1).messages_done;
}

namespace {

// The first step from @p from at which the counter is at least @p k, or the model's step count.
// The counter only goes up: linear, a few thousand steps at most.
std::size_t first_step_reaching(const ViewModel& model, std::size_t k, std::size_t from) {
    std::size_t step = std::max<std::size_t>(from, 1);
    while (step < model.steps() && model.at(step).messages_done < k) ++step;
    return step;
}

}  // namespace

std::optional<std::size_t> message_step(const ViewModel& model, std::size_t k) {
    if (k == 0) return std::nullopt;
    const std::size_t step = first_step_reaching(model, k, 1);
    if (step < model.steps()) return step;
    return std::nullopt;
}

std::vector<std::size_t> message_steps(const ViewModel& model) {
    std::vector<std::size_t> steps{0};
    for (std::size_t k = 1; k <= model.run().workload.messages; ++k) {
        const std::size_t step = first_step_reaching(model, k, steps.back());
        if (step >= model.steps()) return steps;
        steps.push_back(step);
    }
    return steps;
}

std::size_t next_message_step(const ViewModel& model, std::size_t step) {
    for (std::size_t s = step + 1; s < model.steps(); ++s) {
        if (completes_a_message(model, s)) return s;
    }
    return model.steps() - 1;
}

std::size_t previous_message_step(const ViewModel& model, std::size_t step) {
    for (std::size_t s = std::min(step, model.steps()); s-- > 1;) {
        if (completes_a_message(model, s)) return s;
    }
    return 0;
}

namespace {
// The messages a step can be found for: those the run delivered.
std::size_t delivered(const ViewModel& model) { return model.at(model.steps() - 1).messages_done; }
}  // namespace

std::optional<std::size_t> typed_message(const std::string& typed, std::size_t count, std::size_t messages,
                                         std::string& error) {
    bool digits = !typed.empty() && typed.size() <= 9;
    for (const char c : typed) digits = digits && std::isdigit(static_cast<unsigned char>(c)) != 0;
    if (!digits) {
        error = "type a message number";
        return std::nullopt;
    }
    const std::size_t k = std::stoul(typed);
    if (k >= 1 && k <= count) return k;
    error = "no message " + std::to_string(k) + (k <= messages && k > 0 ? " (not delivered)" : "");
    return std::nullopt;
}

std::string go_to_prompt(std::size_t count, const std::string& typed, const std::string& error) {
    std::string line = "Go to message (1–" + std::to_string(count) + "), Enter: " + typed + "_";
    if (!error.empty()) line += " · " + error;
    return line;
}

PromptKey prompt_edit(std::string& typed, int key) {
    if (key >= '0' && key <= '9') {
        if (typed.size() < 9) typed += static_cast<char>(key);
        return PromptKey::typing;
    }
    if (key == key::backspace) {
        if (!typed.empty()) typed.pop_back();
        return PromptKey::typing;
    }
    if (key == key::enter || key == '\r') return PromptKey::enter;
    return PromptKey::close;
}

std::optional<std::size_t> go_to_message(const ViewModel& model, const std::string& typed, std::string& error) {
    const auto k = typed_message(typed, delivered(model), model.run().workload.messages, error);
    if (!k) return std::nullopt;
    if (const auto step = message_step(model, *k)) return step;
    error = "no message " + std::to_string(*k);
    return std::nullopt;
}

std::string prompt_line(const ViewModel& model, const std::string& typed, const std::string& error) {
    const std::size_t count = delivered(model);
    if (count == 0) return "Go to message: none was delivered (Esc)";
    return go_to_prompt(count, typed, error);
}

}  // namespace ipcviz::view

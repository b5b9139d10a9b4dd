#include "comparison_keys.hpp"

#include <algorithm>

#include "keys.hpp"
#include "message_navigation.hpp"

namespace ipcviz::view {

namespace {

// The "go to message" prompt, while open (the single view's editing: message_navigation.hpp).
void prompt_key(CompareUi& ui, std::size_t messages, int key) {
    std::string error;
    switch (prompt_edit(ui.typed, key)) {
        case PromptKey::close: ui.prompt.clear(); return;
        case PromptKey::enter:
            if (const auto k = typed_message(ui.typed, messages, messages, error)) {
                ui.message = *k;
                ui.prompt.clear();
                return;
            }
            ui.typed.clear();
            break;
        case PromptKey::typing: break;
    }
    ui.prompt = go_to_prompt(messages, ui.typed, error);
}

}  // namespace

CompareOutcome compare_key(CompareUi& ui, std::size_t messages, int key) {
    if (!ui.prompt.empty()) {
        prompt_key(ui, messages, key);
        return CompareOutcome::stay;
    }
    switch (compare_action(key)) {
        case Action::next_message: ui.message = std::min(ui.message + 1, messages); break;
        case Action::previous_message: ui.message = ui.message == 0 ? 0 : ui.message - 1; break;
        case Action::first: ui.message = 0; break;
        case Action::last: ui.message = messages; break;
        case Action::go_to_message:
            ui.typed.clear();
            ui.prompt = go_to_prompt(messages, ui.typed, "");
            break;
        case Action::reveal_step: ui.reveal.reveal_step(ui.message); break;
        case Action::reveal_run: ui.reveal.reveal_run(); break;
        case Action::toggle_predict:
            ui.reveal.predict = !ui.reveal.predict;
            ui.reveal.hide_all();
            break;
        case Action::home: return CompareOutcome::home;
        case Action::help: return CompareOutcome::help;
        case Action::quit: return CompareOutcome::quit;
        default: break;
    }
    return CompareOutcome::stay;
}

}  // namespace ipcviz::view

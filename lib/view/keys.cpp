#include "keys.hpp"

#include <utility>

namespace ipcviz::view {

namespace {

struct Binding {
    int key;
    Action action;
};

// Keys both screens share.
constexpr Binding kCommon[] = {
    {'?', Action::help}, {'q', Action::quit}, {'Q', Action::quit},
    {'1', Action::show_shm}, {'2', Action::show_pipe}, {'3', Action::show_unix}, {'4', Action::show_tcp},
};

constexpr Binding kHome[] = {
    {key::left, Action::select_left}, {key::right, Action::select_right}, {key::up, Action::select_up},
    {key::down, Action::select_down}, {'h', Action::select_left}, {'l', Action::select_right},
    {'k', Action::select_up}, {'j', Action::select_down}, {key::enter, Action::open_selected},
    {'\r', Action::open_selected}, {' ', Action::open_selected}, {'5', Action::open_bench}, {'b', Action::open_bench},
    {key::escape, Action::quit}, {'L', Action::open_live}, {'C', Action::open_compare},
};

// h and l step as ← and → do (as on the home screen, where they move between cards, and in vi);
// Esc goes home. Tab and Shift-Tab go round the mechanisms both ways.
constexpr Binding kMechanism[] = {
    {key::right, Action::next}, {' ', Action::next}, {'l', Action::next}, {key::left, Action::previous},
    {'h', Action::previous}, {key::home, Action::first}, {key::end, Action::last}, {'g', Action::first},
    {'G', Action::last}, {key::page_up, Action::page_back}, {key::page_down, Action::page_on},
    {'p', Action::play_pause}, {'+', Action::faster}, {'=', Action::faster}, {'-', Action::slower},
    {key::tab, Action::next_mechanism}, {key::back_tab, Action::previous_mechanism}, {'r', Action::rerun},
    {key::escape, Action::home}, {'5', Action::open_bench}, {'b', Action::open_bench},
    {'m', Action::toggle_ring}, {'d', Action::toggle_descriptors}, {'L', Action::open_live},
    {'C', Action::open_compare},
};

// Lecture mode (issue 12): n and N go by message as search does in vi and less, : asks for a
// message's number (as vi's : for a line), v reveals this step's figures and V all of the run's, P
// turns predict mode on or off, a pauses playback at each message received.
constexpr Binding kLecture[] = {
    {'n', Action::next_message}, {'N', Action::previous_message}, {':', Action::go_to_message},
    {'a', Action::toggle_auto_pause}, {'v', Action::reveal_step}, {'V', Action::reveal_run},
    {'P', Action::toggle_predict},
};

// Side by side (issue 12): both runs move a message at a time, so the step keys go by message there.
constexpr Binding kCompare[] = {
    {key::right, Action::next_message}, {' ', Action::next_message}, {'l', Action::next_message},
    {'n', Action::next_message}, {key::left, Action::previous_message}, {'h', Action::previous_message},
    {'N', Action::previous_message}, {key::home, Action::first}, {'g', Action::first}, {key::end, Action::last},
    {'G', Action::last}, {':', Action::go_to_message}, {'v', Action::reveal_step}, {'V', Action::reveal_run},
    {'P', Action::toggle_predict}, {key::escape, Action::home}, {'?', Action::help}, {'q', Action::quit},
    {'Q', Action::quit},
};

template <std::size_t N>
Action find(const Binding (&table)[N], int key) {
    for (const Binding& binding : table) {
        if (binding.key == key) return binding.action;
    }
    return Action::none;
}

}  // namespace

Action home_action(int key) {
    const Action action = find(kHome, key);
    return action != Action::none ? action : find(kCommon, key);
}

Action mechanism_action(int key) {
    Action action = find(kMechanism, key);
    if (action == Action::none) action = find(kLecture, key);
    return action != Action::none ? action : find(kCommon, key);
}

Action compare_action(int key) { return find(kCompare, key); }

}  // namespace ipcviz::view

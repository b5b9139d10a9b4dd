#pragma once
// Keys and what they do, by table: the terminal turns its key codes into these, each screen looks
// them up in its own table. No ncurses here.
namespace ipcviz::view {

namespace key {
inline constexpr int none = -1;
inline constexpr int left = 0x110001;
inline constexpr int right = 0x110002;
inline constexpr int up = 0x110003;
inline constexpr int down = 0x110004;
inline constexpr int home = 0x110005;
inline constexpr int end = 0x110006;
inline constexpr int page_up = 0x110007;
inline constexpr int page_down = 0x110008;
inline constexpr int resize = 0x110009;
inline constexpr int back_tab = 0x11000a;  // Shift-Tab
inline constexpr int backspace = 0x11000b;
inline constexpr int enter = '\n';
inline constexpr int escape = 27;
inline constexpr int tab = '\t';
}  // namespace key

enum class Action {
    none,
    next, previous, first, last, page_back, page_on,  // stepping
    play_pause, faster, slower,
    show_shm, show_pipe, show_unix, show_tcp, next_mechanism, previous_mechanism, rerun,
    toggle_ring, toggle_descriptors,  // the whole ring (shared memory); each process's descriptors
    select_left, select_right, select_up, select_down, open_selected, open_bench,  // home screen
    help, home, quit,
    open_live,  // live mode (issue 12): the selected or current mechanism, stepped call by call
    // Lecture mode (issue 12): stepping by message, auto-pause at each received, predict then reveal.
    next_message, previous_message, go_to_message, toggle_auto_pause, reveal_step, reveal_run, toggle_predict,
    open_compare,  // two mechanisms side by side (issue 12): this one (or the chosen card's) and its counterpart
};

// What @p key does on the home screen / on a mechanism's screen (Action::none if nothing).
Action home_action(int key);
Action mechanism_action(int key);
// What @p key does on the side-by-side screen: stepping is by message there.
Action compare_action(int key);

}  // namespace ipcviz::view

#pragma once
// The renderer: draws each screen of the viewer into a Canvas. Pure drawing: what to draw comes
// from the model and the UI state; how it looks on a terminal is the terminal's business.
#include <string>
#include <utility>
#include <vector>

#include "canvas.hpp"
#include "model.hpp"
#include "reveal.hpp"
#include "screen_layout.hpp"

namespace ipcviz::view {

inline constexpr int kMinWidth = 80;
inline constexpr int kMinHeight = 24;

// What the viewer shows besides the model: which step, playing or not, and what ran.
struct UiState {
    std::size_t step = 0;
    bool playing = false;
    int speed = 3;           // 1 (slow) .. 6 (fast): steps per second doubles each level
    std::string impl = "solutions";
    bool show_ring = false;         // m: the whole ring in place of the metrics (shared memory)
    bool show_descriptors = false;  // d: each process box lists the descriptors it holds
    // Lecture mode (issue 12): the layout asked for, predict-then-reveal, pausing playback at each
    // message received, and a line in place of the status line (the "go to message" prompt).
    Layout layout = Layout::automatic;
    Reveal reveal;
    bool auto_pause = false;
    std::string prompt;
};

void render_home(Canvas& canvas, int selected);
void render_mechanism(Canvas& canvas, const ViewModel& model, const UiState& ui);
// The keys of the home screen (@p home) or of a mechanism's screen, drawn over whatever is there.
void render_help(Canvas& canvas, bool home);
// A centred message (running a run, a failure to start, the benchmark to come).
void render_notice(Canvas& canvas, const std::string& title, const std::string& text);
// Below the least size of @p layout: one line saying so (the full layout's 80×24 by default).
void render_too_small(Canvas& canvas, Layout layout = Layout::full);

// A line of keys and what they do, from column 1 of row @p y; a pair that does not fit is left out whole.
void keys_line(Canvas& canvas, int y, const std::vector<std::pair<std::string, std::string>>& keys);
// The title's note on playback: "▶ 4/s" playing, "‖ 4/s" paused (the speed p would play at), and
// " · auto-pause" when playback stops at each message received.
std::string playback_text(const UiState& ui);

// A count of copies (bytes ÷ message size): "5", "2.5", "1250".
std::string copies_text(double copies);
// "S 12 · C 11": one figure per process, each after its role's initial.
std::string per_process(const ViewModel& model, const std::string& parent, const std::string& child);

// Steps per second at @p speed.
double steps_per_second(int speed);

}  // namespace ipcviz::view

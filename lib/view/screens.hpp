#pragma once
// The renderer: draws each screen of the viewer into a Canvas. Pure drawing: what to draw comes
// from the model and the UI state; how it looks on a terminal is the terminal's business.
#include <string>

#include "canvas.hpp"
#include "model.hpp"

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
};

void render_home(Canvas& canvas, int selected);
void render_mechanism(Canvas& canvas, const ViewModel& model, const UiState& ui);
// The keys of the home screen (@p home) or of a mechanism's screen, drawn over whatever is there.
void render_help(Canvas& canvas, bool home);
// A centred message (running a run, a failure to start, the benchmark to come).
void render_notice(Canvas& canvas, const std::string& title, const std::string& text);
void render_too_small(Canvas& canvas);

// Steps per second at @p speed.
double steps_per_second(int speed);

}  // namespace ipcviz::view

#pragma once
// The shared-memory screens: the region panel between the processes (the slot this step touched,
// a strip of its ring) and the whole-ring box (every slot of every ring, toggled with `m`). Drawn
// from region_at(): what the trace shows up to the step, never the end state.
#include <cstddef>

#include "canvas.hpp"
#include "model.hpp"

namespace ipcviz::view::panels {

// The channel panel for shared memory: the current slot (its place, state word, message and first
// bytes) and a strip of its ring around it.
void shm_panel(Canvas& canvas, int x, int y, int width, int height, const ViewModel& model, const StepState& state);

// Every slot of every described ring at step @p step: one cell per slot (the message it holds, or a
// glyph where numbers do not fit), the current one highlighted, then the words outside the rings.
void ring_box(Canvas& canvas, int x, int y, int width, int height, const ViewModel& model, std::size_t step);

}  // namespace ipcviz::view::panels

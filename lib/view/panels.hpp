#pragma once
// The top of a mechanism's screen: the two process boxes and the channel between them (pipe buffer,
// socket, network stack, shared region), each drawn from the model's state at one step.
#include "canvas.hpp"
#include "model.hpp"

namespace ipcviz::view::panels {

// A process: pid and duty (or TCP address), state, the call it is in, what it has done so far.
void process_box(Canvas& canvas, int x, int y, int width, int height, const ViewModel& model, const StepState& state,
                 int side);
// The channel panel of the model's mechanism.
void channel_panel(Canvas& canvas, int x, int y, int width, int height, const ViewModel& model,
                   const StepState& state);
// A bar of @p width cells, @p fraction of them filled (at least one for any fraction above 0).
void gauge(Canvas& canvas, int x, int y, int width, double fraction, Style style);

}  // namespace ipcviz::view::panels

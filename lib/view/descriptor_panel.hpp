#pragma once
// A process box that lists the descriptors the process holds at a step (toggled with `d`), in
// place of its state and counts: a child that kept a pipe's write end shows it.
#include <cstddef>

#include "canvas.hpp"
#include "model.hpp"

namespace ipcviz::view::panels {

// Side @p side's descriptors at step @p step, in the box (x, y, width, height).
void descriptor_box(Canvas& canvas, int x, int y, int width, int height, const ViewModel& model, std::size_t step,
                    int side);

}  // namespace ipcviz::view::panels

#include "reveal.hpp"

#include <algorithm>

namespace ipcviz::view {

void Reveal::reveal_step(std::size_t step) {
    steps_through = any_step ? std::max(steps_through, step) : step;
    any_step = true;
}

void Reveal::hide_all() {
    steps_through = 0;
    any_step = false;
    run = false;
}

std::string hide_measured(const std::string& text) {
    const std::size_t measured = text.find(" Measured");
    if (measured == std::string::npos) return text;
    return text.substr(0, measured) + " Measured: ? (V reveals).";
}

std::string predict_status(const Reveal& reveal, std::size_t step) {
    if (reveal.step_hidden(step)) return "Predict, then reveal: v this step's figures · V all of the run";
    return "Predict, then reveal: V reveals the run's figures";
}

}  // namespace ipcviz::view

#pragma once
// Predict, then reveal: in predict mode the figures a class is asked to guess are drawn as "?" until
// the lecturer reveals them. Two kinds of figure: a step's own (the running counts: syscalls and
// copies so far, whether the kernel is in it now, and at the last step the run's counts per
// message), revealed step by step; and the run's (latency, throughput, the comparison, the measured
// figures in the explanation, the benchmark's table and summary), revealed once. Pure state: the
// renderers ask it what to hide.
#include <cstddef>
#include <string>

namespace ipcviz::view {

/** What is revealed of the run on screen (a new run starts hidden again). */
struct Reveal {
    bool predict = false;             ///< predict mode: figures hidden until revealed
    std::size_t steps_through = 0;    ///< steps up to this one show their own figures (0: none yet)
    bool any_step = false;            ///< false until a step is revealed (steps_through 0 is then step 0)
    bool run = false;                 ///< the run's figures, and every step's, are revealed

    /** @return true when the figures of step @p step are drawn as "?" */
    bool step_hidden(std::size_t step) const { return predict && !run && (!any_step || step > steps_through); }
    /** @return true when the run's figures are drawn as "?" */
    bool run_hidden() const { return predict && !run; }
    /** Reveals the figures of @p step (and of every step before it: going back shows them). */
    void reveal_step(std::size_t step);
    /** Reveals everything for this run. */
    void reveal_run() { run = true; }
    /** A new run (or predict mode switched on): everything hidden again while predicting. */
    void hide_all();
};

/** The text that stands for a hidden figure. */
inline constexpr const char* kHidden = "?";

/**
 * @p text with its measured figures hidden: from " Measured:" on, the explanation's sentence with
 * the run's numbers becomes " Measured: ? (V reveals)". Text without that sentence is returned as is.
 * @param text an explanation (texts.hpp)
 * @return the text to show while the run's figures are hidden
 */
std::string hide_measured(const std::string& text);

/** The status line while figures are hidden: which keys reveal what. */
std::string predict_status(const Reveal& reveal, std::size_t step);

}  // namespace ipcviz::view

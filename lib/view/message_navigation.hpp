#pragma once
// Stepping by message: where each message of a run completes on screen, and the steps the viewer's
// message keys (n, N, and "go to message k") land on. Pure logic over a ViewModel: no ncurses.
//
// A message's step is the step at which the screen's counter ("k / N messages", or round trips)
// reaches k: the "message k received" marker of the process that completes it (the reader one-way,
// the parent after its echo in a round trip). The model places "message k sent" before it (issue
// 10's causal rule), so landing on a message's step never shows it received before it was sent.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "model.hpp"

namespace ipcviz::view {

/**
 * The step at which message @p k (1-based) completes, i.e. the screen's counter reaches @p k.
 * @param model the run
 * @param k the message (or round trip) number, 1 to the number the run delivered
 * @return the step, or std::nullopt when the run has no message @p k (k = 0, beyond the run's
 *         messages, or not delivered by a run that failed)
 */
std::optional<std::size_t> message_step(const ViewModel& model, std::size_t k);

/**
 * The step of every message the run delivered, worked out in one pass (message_step()'s rule).
 * @param model the run
 * @return index k: the step at which message k completes, from index 0 (step 0, before the first
 *         message) to the last message the run delivered
 */
std::vector<std::size_t> message_steps(const ViewModel& model);

/**
 * The step of the first message that completes after @p step.
 * @param model the run
 * @param step the step on screen
 * @return that step, or the last step when no message completes after @p step
 */
std::size_t next_message_step(const ViewModel& model, std::size_t step);

/**
 * The step of the last message that completed before @p step.
 * @param model the run
 * @param step the step on screen
 * @return that step, or 0 (before anything) when none completed before @p step
 */
std::size_t previous_message_step(const ViewModel& model, std::size_t step);

/**
 * True when @p step is one at which a message completes (the counter goes up): where the viewer's
 * auto-pause stops playback.
 * @param model the run
 * @param step any step
 * @return whether the counter at @p step is above the one at the step before
 */
bool completes_a_message(const ViewModel& model, std::size_t step);

/**
 * The digits typed into a "go to message" prompt, read as a message number from 1 to @p count.
 * @param typed what was typed (digits only are accepted)
 * @param count the highest number that can be gone to
 * @param messages the workload's messages: a number above @p count and not above this one is
 *        "not delivered"
 * @param[out] error a few words saying why it is no such number ("no message 12")
 * @return the number, or std::nullopt with @p error set
 */
std::optional<std::size_t> typed_message(const std::string& typed, std::size_t count, std::size_t messages,
                                         std::string& error);

/**
 * A "go to message" prompt's line: "Go to message (1–10), Enter: 5_", with @p error after it.
 * @param count the highest number that can be gone to (at least 1)
 * @param typed the digits typed so far
 * @param error what the last Enter could not do, or empty
 * @return the line
 */
std::string go_to_prompt(std::size_t count, const std::string& typed, const std::string& error);

/** What a key did to an open "go to message" prompt (see prompt_edit()). */
enum class PromptKey {
    typing,  ///< a digit or Backspace changed what is typed: the prompt stays open
    enter,   ///< Enter: go to what is typed
    close,   ///< any other key (Esc among them): the prompt closes
};

/**
 * Edits what is typed into a "go to message" prompt: a digit is added (9 at most), Backspace takes
 * the last one off; Enter and any other key are left to the caller.
 * @param[in,out] typed the digits typed so far
 * @param key the key
 * @return what the key did
 */
PromptKey prompt_edit(std::string& typed, int key);

/**
 * The answer to the "go to message" prompt: the digits typed, read as a message number.
 * @param model the run
 * @param typed what was typed (digits only are accepted)
 * @param[out] error a few words saying why nothing can be gone to ("no message 12")
 * @return the step to go to, or std::nullopt with @p error set
 */
std::optional<std::size_t> go_to_message(const ViewModel& model, const std::string& typed, std::string& error);

/**
 * The prompt's line: "Go to message (1–10), Enter: 5_", with @p error after it when not empty.
 * @param model the run (its delivered messages give the range)
 * @param typed the digits typed so far
 * @param error what the last Enter could not do, or empty
 * @return the line (at most 58 columns for a run of up to 9-digit message numbers)
 */
std::string prompt_line(const ViewModel& model, const std::string& typed, const std::string& error);

}  // namespace ipcviz::view

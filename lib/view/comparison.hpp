#pragma once
// Two mechanisms side by side (issue 12, point 5): two real runs of the same workload, paired by
// message number, with each run's own figures at message k. Pure logic over two ViewModels: no
// ncurses, no runs.
//
// What "the figures at message k" are: the syscalls, and the payload bytes copied, of the calls made
// inside the send() and receive() of messages 1 to k, by both processes. A call belongs to a message
// when it starts inside the span of that message's marker on its own side (the harness reads the
// marker's start before the channel call and stamps its end after it). Counted only once its step
// is on screen: at message k the pane shows the model's step where k completes, and a call of
// message k that starts later (a writer's futex_wake after its reader already has the message) is
// counted at the first message whose step comes after it. So a figure never runs ahead of the step
// shown: an effect is never counted before its cause.
//
// A run that stopped short (it delivered d < k messages): the figures at k are those at d, marked
// not reached; the calls it made for messages it never delivered are not counted. In a round trip
// "message" k is round trip k, and the figures per message are per round trip. When the trace ring
// dropped its oldest events, the messages whose calls it may have lost are marked not counted.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model.hpp"

namespace ipcviz::view {

/**
 * Reads the value of `view -m`: one mechanism, or two separated by a comma ("pipe,shm").
 * @param list what was given
 * @return the names (one or two, each a known mechanism, two different ones), or std::nullopt for
 *         an empty piece, an unknown name, a name given twice, or more than two
 */
std::optional<std::vector<std::string>> parse_mechanism_list(std::string_view list);

/** The one error line for a bad `view -m` list. */
inline constexpr const char* kMechanismListError =
    "view: -m takes one mechanism or two, comma-separated, e.g. pipe,shm";

/**
 * The pair the compare key opens from @p mechanism: it and shared memory (no syscalls per message),
 * or for shared memory itself, it and the pipe.
 * @param mechanism a mechanism's name
 * @return the two names, left pane first
 */
std::vector<std::string> compare_pair_for(std::string_view mechanism);

/** One run's figures at message k (see the file's comment for what is counted). */
struct MessageFigures {
    std::size_t message = 0;            ///< k, as asked (0: before the first message)
    std::size_t step = 0;               ///< the run's step shown for it
    bool reached = true;                ///< false: the run stopped before message k (step is its last; figures at delivered)
    std::size_t delivered = 0;          ///< messages the run had delivered at that step
    std::uint64_t syscalls = 0;         ///< syscalls of messages 1..k, both processes
    std::uint64_t kernel_bytes = 0;     ///< payload bytes they copied into and out of the kernel
    std::uint64_t user_bytes = 0;       ///< payload bytes copied in user space (mem::copy)
    std::uint64_t message_syscalls = 0; ///< of those, counted at k and not at k - 1
    /// false: the trace ring dropped calls of some of messages 1..k, so the sums above are short
    bool counted = true;
    /// false: message_syscalls may be short for the same reason (message k's or k - 1's calls)
    bool message_counted = true;
    /** @return the syscalls per message so far (0 before the first message) */
    double syscalls_per_message() const;
};

/**
 * A run's figures at every message number, worked out once (a run of 5000 messages has some 60 000
 * steps: the screen asks at each key and each frame).
 */
class MessageLedger {
public:
    /**
     * Works out @p model's figures at each message number, 0 to the workload's messages.
     * @param model the run (only read here: the ledger keeps no reference to it)
     */
    explicit MessageLedger(const ViewModel& model);
    /**
     * The figures at one message number, as the pane shows them.
     * @param k a message number; beyond the workload's messages it is taken as the last
     * @return the figures at message @p k
     */
    const MessageFigures& at(std::size_t k) const;
    /** @return the workload's messages (the last k) */
    std::size_t messages() const { return figures_.size() - 1; }
    /** @return the messages from 1 whose calls the trace ring may have dropped (0: none) */
    std::size_t uncounted() const { return uncounted_; }

private:
    std::vector<MessageFigures> figures_;  // index k: 0 .. messages
    std::size_t uncounted_ = 0;
};

/** One pane of the comparison: a run and its ledger. */
struct ComparedRun {
    ViewModel model;       ///< the run (moved in: its steps keep pointing into its events)
    MessageLedger ledger;  ///< its figures by message

    /** @param run the run to show */
    explicit ComparedRun(ViewModel run) : model(std::move(run)), ledger(model) {}
};

/**
 * What the comparison's k counts.
 * @param workload the runs' workload
 * @return "message" (one-way) or "round trip"
 */
std::string unit_of(const Workload& workload);

/**
 * A harness figure per message moved (RunResult::metrics) as a figure per @ref unit_of: in a round
 * trip two messages move per round trip.
 * @param run the run measured
 * @param per_moved the figure per message moved
 * @return the figure per message (one-way) or per round trip
 */
double per_unit(const RunResult& run, double per_moved);

/** The text a figure the trace ring may have cut shows instead of a number. */
inline constexpr const char* kUncounted = "—";

/**
 * The reason for @ref kUncounted, in the longest form that fits: "Pipe: the trace ring dropped its
 * oldest 12 events, messages 1–3 uncounted".
 * @param run a run whose ledger has uncounted messages
 * @param width the columns available
 * @return the line (possibly empty)
 */
std::string uncounted_reason(const ComparedRun& run, int width);

/**
 * "2", "2.33", "0": a figure per message as the panes write it.
 * @param value the figure
 * @return its text
 */
std::string per_message_text(double value);

/**
 * The comparison as plain text (no terminal): what ran, one line per message for the first
 * @p lines messages with both runs' figures, and each run's totals from its own measured window.
 * @param left the left pane's run
 * @param right the right pane's run
 * @param impl whose code ran ("solutions", "labs")
 * @param lines the messages listed
 * @return the text, ending with a newline
 */
std::string comparison_text(const ComparedRun& left, const ComparedRun& right, const std::string& impl,
                            std::size_t lines = 10);

}  // namespace ipcviz::view

#pragma once
/** @file
 *  Plain-text views of a RunResult: event lines, the event log, the metrics table.
 */
#include <cstddef>
#include <string>

#include "ipcviz/run_result.hpp"

namespace ipcviz {

/**
 * @param event one trace event
 * @param layout names for the run's shared mappings (RunResult::layout); nullptr or an empty layout:
 *        an address in shared memory is named by its mapping and offset ("map 1 +0x1080")
 * @param compact the short form of those names, for narrow columns ("ring 1·3·state")
 * @return the call with its arguments and result: "write(fd 4, 64) = 64",
 *         "exchange(ring 0 · slot 3 · state ← 1) = 0", "futex_wake(ring 0 · slot 3 · state, 1) = 1"
 */
std::string format_call(const TraceEvent& event, const RegionLayout* layout = nullptr, bool compact = false);

/**
 * @param result the run the event belongs to (names the roles)
 * @param event one event of its trace
 * @return one line: "Parent 1234  write(fd 4, 64) = 64   1.2 µs" (a mem:: operation, not timed: "—")
 */
std::string format_event(const RunResult& result, const TraceEvent& event);

/**
 * @param result a run
 * @param last how many of the most recent events to show (0: all)
 * @return the event log, one event per line, each ending in a newline
 */
std::string format_event_log(const RunResult& result, std::size_t last = 0);

/**
 * The event log with both times of every call, in the order the calls started (the ring keeps
 * them in the order they returned); "message k received" where its receive() returned. Times are µs from the run's
 * first event, CLOCK_MONOTONIC, comparable across the two processes: a call that started before another returned did
 * so. mem:: operations are not timed (one stamp); a harness marker spans the send() or receive() it reports.
 * @param result a run
 * @return a header line, then one line per event: "Parent 1234  write(fd 4, 64) = 64  12.30  13.52  1.22 µs"
 */
std::string format_timeline(const RunResult& result);

/**
 * @param result a run
 * @return its outcome and per-message metrics as a small text table
 */
std::string format_metrics(const RunResult& result);

/**
 * The kernel-side audit beside the library's own counts, per process and per kernel call, each
 * line ending in "agree" or what differs.
 *
 * @param result a run made with Workload::audit
 * @return the table, or an empty string when the run was not audited
 */
std::string format_audit(const RunResult& result);

/**
 * @param result a run
 * @param with_trace include every trace event
 * @return the run as one JSON object: outcome, sides (pids, counts, audit), metrics, trace. The
 *         trace's events are in the order they were recorded (a call when it returned); each has
 *         `start_ns` and `end_ns` (CLOCK_MONOTONIC, comparable across the two processes), and
 *         `timed` false for mem:: operations, which are stamped once (start_ns == end_ns). A
 *         message marker spans the send() or receive() it reports. An address in shared memory
 *         is `region` (its mapping, from 1; 0 for none) and `fd` (the offset in it); `text` is the
 *         event as format_call() writes it, with the run's layout names.
 */
std::string format_json(const RunResult& result, bool with_trace);

}  // namespace ipcviz

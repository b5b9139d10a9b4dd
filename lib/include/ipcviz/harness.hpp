#pragma once
/** @file
 *  The harness: one real two-process run of a Channel, measured and checked.
 */
#include <cstdint>
#include <functional>

#include "ipcviz/mechanism.hpp"
#include "ipcviz/run_result.hpp"

namespace ipcviz {

/**
 * Runs @p workload over a channel made by @p factory, in two fresh processes, and measures it.
 *
 * The calling process never runs channel code: it forks the parent side (which creates the
 * channel, sets it up and forks the child side), waits with a deadline, and, with
 * Workload::audit, traces both by ptrace. Whatever the channel does — throw, crash, hang, leak —
 * the call returns: a hung run is killed at the deadline and reported with what each side was
 * blocked in; afterwards no process of the run is left — one that called setsid() or was
 * double-forked is killed too, listed in RunResult::escaped_processes, and fails the run — and IPC
 * objects the run left behind (/dev/shm names, socket files) are removed and listed in
 * RunResult::leftovers.
 *
 * The child side checks every message: whole, unchanged, in order, none missing or extra.
 * Not thread-safe: it blocks SIGCHLD and waits for its own children while it runs.
 *
 * @param mechanism which mechanism (names the roles in reports)
 * @param factory makes the channel, in the run's parent process
 * @param workload what to run
 * @param on_progress if set, called about every 30 ms while the run goes on, in the calling
 *        thread, with how many messages the receiving side has got so far (for a progress bar).
 *        The run's processes do not wait for it. If it throws, the run is ended, cleaned up as
 *        after a failure, and the exception is rethrown from run().
 * @return the measurements, the outcome and the trace
 * @throws SysError only when the harness itself cannot run (fork or mmap failed)
 */
RunResult run(const Mechanism& mechanism, const ChannelFactory& factory, const Workload& workload,
              const std::function<void(std::uint64_t delivered)>& on_progress = {});

/** @return the factor IPCVIZ_TIMEOUT_SCALE sets for every deadline (1 when unset or invalid). */
double timeout_scale() noexcept;

}  // namespace ipcviz

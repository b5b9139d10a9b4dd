#pragma once
// When a run's writer calls close(), seen from the reader: asleep in its wait for the end of stream
// (Workload::close_when_reader_sleeps), or held inside its wait for the last message, between two
// of its looks at shared memory (Workload::hold_last_receive_after). Both ends of a run use these; each
// waits a bounded time, so a channel that never gets where it is awaited loses only the test's power.
#include <sys/types.h>

#include "run_control.hpp"

namespace ipcviz::detail {

// The parent side, before close(): waits until the kernel shows @p reader asleep in a futex wait
// (/proc/PID/syscall, not anything the reader's process writes), for at most 300 ms.
void wait_until_asleep_in_futex(pid_t reader);

// The child side, just before its last receive(): lets @p calls of that receive's sys:: calls or
// mem:: operations through and stops it before the next (the live gate, with a 1 s limit). With
// @p at_other_word, instead: stops it before its first mem:: operation on a word in shared memory
// other than the first word it touched (@p calls is then not used).
void hold_next_receive(RunControl& control, std::uint32_t calls, bool at_other_word);

// The child side, just before its first receive(): stops it once, at its first mem::copy, until the
// kernel shows the parent blocked or 300 ms have passed (the gate's wait calls wait_until_peer_blocks).
void hold_first_copy(RunControl& control);

// The child side, held: returns once the kernel shows its parent (the writer) blocked, state S in
// /proc/PID/stat, or after 300 ms.
void wait_until_peer_blocks();

// The child side, once that receive() has returned: no more stops.
void end_receive_hold();

// The parent side, before its last send(): waits until the child is held there, after @p calls or,
// with @p at_other_word, at another word, or until the kernel shows @p reader asleep in a futex wait
// (a reader that touches no other word), at most 300 ms (a reader that spins on one word without end
// makes no further operation).
void wait_for_held_receive(const RunControl& control, std::uint32_t calls, bool at_other_word, pid_t reader);

// The parent side, once close() has returned: lets the held receive() go on.
void release_held_receive(RunControl& control);

}  // namespace ipcviz::detail

#pragma once
/** @file
 *  Names for a run's IPC objects: unique per run, so the harness can find and remove leftovers.
 */
#include <string>
#include <string_view>

namespace ipcviz {

/**
 * A name private to the current run: "ipcviz-<run parent pid>-<purpose>". Use it for shared-memory
 * objects ("/" + name) and temporary directories, so that whatever a failed run leaves behind is
 * found and removed by the harness.
 * @param purpose a short word for what the object is, e.g. "ring" or "sock"
 * @return the name, without a leading slash
 */
std::string run_scoped_name(std::string_view purpose);

/** @return $TMPDIR, or /tmp when it is unset or empty. */
std::string temp_directory();

}  // namespace ipcviz

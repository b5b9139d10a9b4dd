#pragma once
/** @file
 *  Names for a run's IPC objects: unique per run, so the harness can find and remove leftovers.
 */
#include <cstddef>
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

/**
 * The longest $TMPDIR temp_directory() uses. A Unix socket's path must fit sockaddr_un::sun_path
 * (108 bytes with the NUL); a lab puts its socket at
 * TMPDIR/ipcviz-PID-sock-XXXXXX/ipc.sock, 36 characters more with a 7-digit PID, and this leaves
 * room for a few more.
 */
inline constexpr std::size_t kTempDirectoryMax = 64;

/**
 * The directory for a run's temporary files and socket directories.
 * @return $TMPDIR; or /tmp when it is unset, empty, or longer than kTempDirectoryMax characters
 *         (a socket path inside it might not fit sun_path: the grader notes the fallback)
 */
std::string temp_directory();

}  // namespace ipcviz

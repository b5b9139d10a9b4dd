#include "leftovers.hpp"

#include <filesystem>
#include <system_error>

#include "ipcviz/names.hpp"

namespace ipcviz::detail {

std::vector<std::string> remove_leftovers(pid_t run_parent) {
    namespace fs = std::filesystem;
    const std::string prefix = "ipcviz-" + std::to_string(run_parent) + "-";
    std::vector<std::string> removed;
    for (const fs::path& directory : {fs::path("/dev/shm"), fs::path(temp_directory())}) {
        std::error_code error;
        std::vector<fs::path> matches;
        for (fs::directory_iterator it(directory, error), end; !error && it != end; it.increment(error)) {
            if (it->path().filename().string().rfind(prefix, 0) == 0) matches.push_back(it->path());
        }
        for (const fs::path& path : matches) {
            std::error_code failed;
            fs::remove_all(path, failed);
            removed.push_back(path.string() + (failed ? " (could not be removed: " + failed.message() + ")" : ""));
        }
    }
    return removed;
}

}  // namespace ipcviz::detail

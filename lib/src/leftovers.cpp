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
        for (const auto& entry : fs::directory_iterator(directory, error)) {
            if (entry.path().filename().string().rfind(prefix, 0) != 0) continue;
            std::error_code ignored;
            fs::remove_all(entry.path(), ignored);
            removed.push_back(entry.path().string());
        }
    }
    return removed;
}

}  // namespace ipcviz::detail

#include "ipcviz/names.hpp"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "ipcviz/trace.hpp"

namespace ipcviz {

std::string run_scoped_name(std::string_view purpose) {
    const int run_pid = trace_context().run_pid != 0 ? trace_context().run_pid : static_cast<int>(::getpid());
    return "ipcviz-" + std::to_string(run_pid) + "-" + std::string(purpose);
}

std::string temp_directory() {
    const char* directory = std::getenv("TMPDIR");
    if (directory == nullptr || *directory == '\0' || std::strlen(directory) > kTempDirectoryMax) return "/tmp";
    return directory;
}

}  // namespace ipcviz

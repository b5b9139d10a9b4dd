#include "graded_impl.hpp"

#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>

namespace ipcviz::grade {

namespace {
std::unique_ptr<Implementation>& chosen() {
    static std::unique_ptr<Implementation> implementation;
    return implementation;
}
std::string& chosen_path() {
    static std::string path;
    return path;
}
}  // namespace

void choose_graded_implementation(const std::string& shared_object) {
    chosen() = std::make_unique<Implementation>(shared_object, Implementation::Loading::in_each_run);
    chosen_path() = std::filesystem::canonical(shared_object).string();  // as /proc/self/maps names it
}

const Implementation& graded_implementation() {
    if (!chosen()) throw std::logic_error("the graded tests ran before an implementation was chosen");
    return *chosen();
}

std::string implementation_mappings() {
    std::ifstream maps("/proc/self/maps");
    std::string line, found;
    while (std::getline(maps, line)) {
        const std::size_t path = line.find('/');
        if (path == std::string::npos) continue;
        const std::string file = line.substr(path);
        // The file's own name, not its directories': a checkout path may contain anything.
        const std::string name = file.substr(file.rfind('/') + 1);
        const bool named_like_one = name.rfind("libipcviz-impl", 0) == 0;
        if ((named_like_one || (!chosen_path().empty() && file == chosen_path())) &&
            found.find(file) == std::string::npos) {
            found += (found.empty() ? "" : ", ") + file;
        }
    }
    return found;
}

}  // namespace ipcviz::grade

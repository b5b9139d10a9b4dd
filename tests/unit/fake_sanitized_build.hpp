#pragma once
// A stand-in for the sanitized build, for the sanitizer pass's tests: a temporary tree
// build/san/{sanitizer-runner, fake/libipcviz-impl.so} whose runner is a script, removed with
// everything in it. The grader finds the runner beside the shared object's folder.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "ipcviz/names.hpp"

namespace ipcviz::testing {

class FakeSanitizedBuild {
public:
    /** @param runner_script the runner's text, a script with its #! line */
    explicit FakeSanitizedBuild(const char* runner_script) {
        namespace fs = std::filesystem;
        std::string pattern = ipcviz::temp_directory() + "/ipcviz-" + std::to_string(::getpid()) + "-fakesan-XXXXXX";
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        root_ = pattern;
        fs::create_directories(root_ / "san" / "fake");
        std::ofstream(root_ / "san" / "fake" / "libipcviz-impl.so") << "not a shared object\n";
        std::ofstream(root_ / "san" / "sanitizer-runner") << runner_script;
        fs::permissions(root_ / "san" / "sanitizer-runner", fs::perms::owner_all);
    }
    ~FakeSanitizedBuild() {
        std::error_code ignored;
        std::filesystem::remove_all(root_, ignored);
    }
    FakeSanitizedBuild(const FakeSanitizedBuild&) = delete;
    FakeSanitizedBuild& operator=(const FakeSanitizedBuild&) = delete;
    std::string shared_object() const { return (root_ / "san" / "fake" / "libipcviz-impl.so").string(); }

private:
    std::filesystem::path root_;
};

}  // namespace ipcviz::testing

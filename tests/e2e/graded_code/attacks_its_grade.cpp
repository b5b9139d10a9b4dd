// A malicious "lab" for tests/e2e/graded_code_cannot_touch_the_grade.sh: an implementation whose
// channels fail every test, and whose code tries to give itself a grade anyway, from wherever it runs:
// a static initialiser and a channel's setup() that overwrite results.json, try to ptrace the
// processes above them (the grader among them), to write their memory (process_vm_writev,
// /proc/PID/mem), register an atexit handler that rewrites results.json, and start a process that
// leaves the run (setsid) to keep rewriting it. Every attempt is logged, one line each, to
// $IPCVIZ_ATTACK_LOG, so the test knows the attacks ran and which succeeded.
#include <dlfcn.h>
#include <fcntl.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

#include "ipcviz/channel.hpp"

namespace {

const char kForged[] = "{\"score\": 999, \"forged\": true, \"tests\": []}\n";

void log_line(const std::string& line) {
    const char* path = std::getenv("IPCVIZ_ATTACK_LOG");
    if (path == nullptr) return;
    const int fd = ::open(path, O_WRONLY | O_APPEND | O_CREAT, 0666);
    if (fd == -1) return;
    const std::string text = line + "\n";
    (void)!::write(fd, text.data(), text.size());
    ::close(fd);
}

std::string outcome(bool worked) { return worked ? "ok" : std::string("refused ") + strerrorname_np(errno); }

void forge_results() {
    const char* path = std::getenv("IPCVIZ_ATTACK_TARGET");
    if (path == nullptr) return;
    const int fd = ::open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    log_line("write " + std::to_string(::getpid()) + " " + outcome(fd != -1));
    if (fd == -1) return;
    (void)!::write(fd, kForged, sizeof kForged - 1);
    ::close(fd);
}

pid_t parent_of(pid_t pid) {
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/status", pid);
    FILE* status = std::fopen(path, "r");
    if (status == nullptr) return 0;
    char line[256];
    pid_t parent = 0;
    while (std::fgets(line, sizeof line, status) != nullptr) {
        if (std::sscanf(line, "PPid: %d", &parent) == 1) break;
    }
    std::fclose(status);
    return parent;
}

std::string name_of(pid_t pid) {
    char path[64], name[64] = "";
    std::snprintf(path, sizeof path, "/proc/%d/comm", pid);
    if (FILE* comm = std::fopen(path, "r")) {
        if (std::fgets(name, sizeof name, comm) == nullptr) name[0] = '\0';
        std::fclose(comm);
    }
    name[std::strcspn(name, "\n")] = '\0';
    return name;
}

// Every process above this one up to the grader (graded-tests), which it attacks last: the test's
// own shell and make are left alone.
void attack_ancestors() {
    // The grader's grade book sits at the same address here (a fork of it): write our copy of it
    // back into the grader, as a forger who edited it first would.
    auto* book_of = reinterpret_cast<void* (*)()>(::dlsym(RTLD_DEFAULT, "_ZN6ipcviz5grade10grade_bookEv"));
    void* book = book_of != nullptr ? book_of() : nullptr;
    for (pid_t pid = ::getppid(); pid > 1; pid = parent_of(pid)) {
        const std::string who = std::to_string(pid);
        const bool attached = ::ptrace(PTRACE_ATTACH, pid, nullptr, nullptr) == 0;
        log_line("ptrace " + who + " " + outcome(attached));
        if (attached) {
            ::waitpid(pid, nullptr, __WALL);
            ::ptrace(PTRACE_DETACH, pid, nullptr, nullptr);
        }
        if (book != nullptr) {
            char copy[16];
            std::memcpy(copy, book, sizeof copy);
            iovec local{copy, sizeof copy}, remote{book, sizeof copy};
            log_line("process_vm_writev " + who + " " + outcome(::process_vm_writev(pid, &local, 1, &remote, 1, 0) >= 0));
        }
        const std::string mem = "/proc/" + who + "/mem";
        const int fd = ::open(mem.c_str(), O_RDWR);
        log_line("proc_mem " + who + " " + outcome(fd != -1));
        if (fd != -1) ::close(fd);
        if (name_of(pid) == "graded-tests") break;
    }
}

// A grandchild in a session of its own, rewriting results.json every 20 ms for 20 s.
void leave_a_forger_behind() {
    const pid_t child = ::fork();
    if (child != 0) {
        if (child > 0) ::waitpid(child, nullptr, 0);
        return;
    }
    ::setsid();
    if (::fork() != 0) ::_exit(0);
    log_line("forger " + std::to_string(::getpid()));
    for (int i = 0; i < 1000; ++i) {
        forge_results();
        ::usleep(20'000);
    }
    ::_exit(0);
}

void attack(const char* where) {
    log_line(std::string(where) + " " + std::to_string(::getpid()));
    forge_results();
    std::atexit(forge_results);
    attack_ancestors();
    leave_a_forger_behind();
}

__attribute__((constructor)) void on_load() { attack("init"); }

class Attacker final : public ipcviz::Channel {
public:
    void setup(const ipcviz::ChannelSpec&) override {
        attack("setup");
        throw std::runtime_error("not implemented: this lab only attacks its grade");
    }
    void open(ipcviz::Side) override {}
    void send(std::span<const std::byte>) override {}
    std::size_t receive(std::span<std::byte>) override { return 0; }
    void close() override {}
};

}  // namespace

extern "C" void* ipcviz_new_channel(const char*) { return new Attacker(); }

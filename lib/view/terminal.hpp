#pragma once
// The one owner of the terminal: puts it in the viewer's mode when built, and gives it back as it
// was when destroyed — on a normal quit, an exception, or SIGINT/SIGTERM/SIGHUP (which only set a
// flag here; the loop sees it and unwinds).
#include <string>

#include "canvas.hpp"

namespace ipcviz::view {

class Terminal {
public:
    // @throws std::runtime_error when there is no usable terminal
    Terminal();
    ~Terminal();
    Terminal(const Terminal&) = delete;
    Terminal& operator=(const Terminal&) = delete;

    int width() const;
    int height() const;
    void draw(const Canvas& canvas);
    // The next key (see keys.hpp), or key::none after @p timeout_ms (negative: wait for a key).
    int read_key(int timeout_ms);
    // Forgets keys typed while the viewer was busy (a run, the benchmark), so they do not act later.
    void discard_pending_keys();
    // Why the terminal TERM names cannot show the viewer (unknown to terminfo, or without cursor
    // addressing, as TERM=dumb), in a few words; empty when it can. Checked before a Terminal is
    // made: ncurses would otherwise print its own error and exit.
    static std::string unusable();
    // True once SIGINT, SIGTERM or SIGHUP arrived.
    static bool stop_requested();
    // Which of them (0: none).
    static int stop_signal();

private:
    bool colour_ = false;
    bool utf8_ = true;
};

}  // namespace ipcviz::view

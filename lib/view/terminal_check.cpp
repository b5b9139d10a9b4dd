// Terminal::unusable, apart from terminal.cpp: <term.h> defines macros (tab, back_tab, …) that
// would clash with the names of keys.hpp.
#include "terminal.hpp"

#include <ncurses.h>
#include <term.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace ipcviz::view {

std::string Terminal::unusable() {
    const char* name = std::getenv("TERM");
    if (name == nullptr || *name == '\0') return "TERM is not set";
    int error = 0;
    if (setupterm(name, STDOUT_FILENO, &error) != OK) return std::string("TERM=") + name + " is unknown to terminfo";
    // The viewer moves the cursor to draw its panels: a terminal without cursor addressing cannot.
    const char* move = tigetstr(const_cast<char*>("cup"));
    const bool can_move = move != nullptr && move != reinterpret_cast<char*>(-1);
    del_curterm(cur_term);
    cur_term = nullptr;
    if (!can_move) return std::string("TERM=") + name + " cannot move the cursor";
    return {};
}

}  // namespace ipcviz::view

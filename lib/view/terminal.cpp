#include "terminal.hpp"

#include <langinfo.h>
#include <ncurses.h>
#include <signal.h>

#include <clocale>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <map>
#include <stdexcept>
#include <string>

#include "keys.hpp"

namespace ipcviz::view {

namespace {

volatile std::sig_atomic_t g_stop = 0;
void on_stop_signal(int signal) { g_stop = signal; }

struct sigaction g_saved[3];
constexpr int kStopSignals[3] = {SIGINT, SIGTERM, SIGHUP};

// Colour pairs, one per style that has a colour.
short pair_of(Style style) { return static_cast<short>(static_cast<int>(style) + 1); }

int attributes(Style style, bool colour) {
    switch (style) {
        case Style::normal: return A_NORMAL;
        case Style::dim: return colour ? static_cast<int>(COLOR_PAIR(pair_of(style))) : A_DIM;
        case Style::bold: return A_BOLD;
        case Style::title: return A_BOLD | (colour ? static_cast<int>(COLOR_PAIR(pair_of(style))) : 0);
        case Style::highlight: return A_REVERSE | A_BOLD;
        case Style::user: case Style::kernel: case Style::ok: case Style::accent:
            return colour ? static_cast<int>(COLOR_PAIR(pair_of(style))) : A_BOLD;
        case Style::warning: case Style::error:
            return A_BOLD | (colour ? static_cast<int>(COLOR_PAIR(pair_of(style))) : 0);
    }
    return A_NORMAL;
}

// Glyphs for a terminal that is not UTF-8.
std::string ascii(const std::string& glyph) {
    static const std::map<std::string, std::string> kAscii = {
        {"─", "-"}, {"│", "|"}, {"╭", "+"}, {"╮", "+"}, {"╰", "+"}, {"╯", "+"}, {"█", "#"}, {"░", "."},
        {"→", ">"}, {"←", "<"}, {"↑", "^"}, {"↓", "v"}, {"⇄", "="}, {"·", "-"}, {"×", "x"}, {"µ", "u"},
        {"—", "-"}, {"…", "~"}, {"▶", ">"}, {"✗", "X"}, {"␣", "_"}, {"⇥", ">"},
    };
    const auto found = kAscii.find(glyph);
    if (found != kAscii.end()) return found->second;
    return static_cast<unsigned char>(glyph[0]) < 0x80 ? glyph : "?";
}

}  // namespace

Terminal::Terminal() {
    std::setlocale(LC_ALL, "");
    utf8_ = std::strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
    if (initscr() == nullptr) throw std::runtime_error("cannot initialise the terminal");
    cbreak();
    noecho();
    keypad(stdscr, TRUE);
    curs_set(0);
    set_escdelay(25);
    colour_ = has_colors() && std::getenv("NO_COLOR") == nullptr;
    if (colour_) {
        start_color();
        use_default_colors();
        init_pair(pair_of(Style::dim), COLOR_BLUE, -1);
        init_pair(pair_of(Style::title), COLOR_CYAN, -1);
        init_pair(pair_of(Style::user), COLOR_GREEN, -1);
        init_pair(pair_of(Style::kernel), COLOR_YELLOW, -1);
        init_pair(pair_of(Style::ok), COLOR_GREEN, -1);
        init_pair(pair_of(Style::accent), COLOR_MAGENTA, -1);
        init_pair(pair_of(Style::warning), COLOR_YELLOW, -1);
        init_pair(pair_of(Style::error), COLOR_RED, -1);
    }
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    for (int i = 0; i < 3; ++i) ::sigaction(kStopSignals[i], &action, &g_saved[i]);
}

Terminal::~Terminal() {
    endwin();
    for (int i = 0; i < 3; ++i) ::sigaction(kStopSignals[i], &g_saved[i], nullptr);
}

int Terminal::width() const { return COLS; }
int Terminal::height() const { return LINES; }

void Terminal::draw(const Canvas& canvas) {
    erase();
    for (int y = 0; y < canvas.height() && y < LINES; ++y) {
        // One addstr per run of cells in the same style.
        int x = 0;
        while (x < canvas.width() && x < COLS) {
            const Style style = canvas.at(x, y).style;
            std::string run;
            const int start = x;
            while (x < canvas.width() && x < COLS && canvas.at(x, y).style == style) {
                run += utf8_ ? canvas.at(x, y).glyph : ascii(canvas.at(x, y).glyph);
                ++x;
            }
            attrset(attributes(style, colour_));
            mvaddstr(y, start, run.c_str());  // the bottom-right cell may return ERR: harmless
        }
    }
    attrset(A_NORMAL);
    refresh();
}

int Terminal::read_key(int timeout_ms) {
    timeout(timeout_ms);
    const int c = getch();
    switch (c) {
        case ERR: return key::none;
        case KEY_LEFT: return key::left;
        case KEY_RIGHT: return key::right;
        case KEY_UP: return key::up;
        case KEY_DOWN: return key::down;
        case KEY_HOME: return key::home;
        case KEY_END: return key::end;
        case KEY_PPAGE: return key::page_up;
        case KEY_NPAGE: return key::page_down;
        case KEY_RESIZE: return key::resize;
        case KEY_BTAB: return key::back_tab;
        case KEY_ENTER: return key::enter;
        case KEY_BACKSPACE: case 127: case 8: return key::backspace;
        default: return c;
    }
}

void Terminal::discard_pending_keys() { flushinp(); }

bool Terminal::stop_requested() { return g_stop != 0; }

int Terminal::stop_signal() { return static_cast<int>(g_stop); }

}  // namespace ipcviz::view

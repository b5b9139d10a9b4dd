#pragma once
// The viewer's words: each mechanism's card on the home screen (the design's textbook tags) and the
// plain-words explanation on its screen, which says where the measured figures differ and why.
#include <string>
#include <string_view>

#include "model.hpp"

namespace ipcviz::view {

struct Card {
    std::string_view key;          // "shm", "pipe", "unix", "tcp", "bench"
    std::string_view title;        // "Shared Memory"
    std::string_view description;  // one line
    std::string_view tags;         // "0 copies · 0 syscalls"
};

// The home screen's five cards, in the design's order.
const Card (&cards())[5];

// The explanation for @p model's mechanism, with its measured figures.
std::string explanation(const ViewModel& model);

}  // namespace ipcviz::view

#pragma once
// Every JSON document the kit writes goes through here: nlohmann-json escapes quotes, backslashes
// and control characters, and replaces bytes that are not UTF-8 (a student's error text may hold
// any byte) with U+FFFD, so a strict parser — Gradescope's — always accepts the document.
#include <nlohmann/json.hpp>
#include <string>

namespace ipcviz::json {

using Json = nlohmann::ordered_json;  // fields stay in the order they were written

// One line, `"key": value, "key": value` (the layout scripts grep), ending in a newline.
std::string one_line(const Json& document);

// Indented by two spaces, ending in a newline.
std::string indented(const Json& document);

}  // namespace ipcviz::json

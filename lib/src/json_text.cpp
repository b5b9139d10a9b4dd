#include "json_text.hpp"

namespace ipcviz::json {

std::string one_line(const Json& document) {
    const std::string compact = document.dump(-1, ' ', false, Json::error_handler_t::replace);
    // A space after each ':' and ',' outside strings. Inside a string the dump escapes every '"'
    // and '\', so tracking quotes and backslashes is enough to know where strings are.
    std::string out;
    out.reserve(compact.size() + compact.size() / 4);
    bool in_string = false;
    for (std::size_t i = 0; i < compact.size(); ++i) {
        const char c = compact[i];
        out += c;
        if (in_string) {
            if (c == '\\' && i + 1 < compact.size()) out += compact[++i];
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == ':' || c == ',') {
            out += ' ';
        }
    }
    return out + "\n";
}

std::string indented(const Json& document) {
    return document.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace ipcviz::json

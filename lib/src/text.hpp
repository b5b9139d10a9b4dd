#pragma once
// Small text helpers shared by the reports, the viewer and the benchmark.
#include <cstdio>
#include <string>

namespace ipcviz::text {

// printf into a std::string (at most 511 characters: a line of a report).
template <typename... Values>
std::string format(const char* pattern, Values... values) {
    char text[512];
    std::snprintf(text, sizeof text, pattern, values...);
    return text;
}

// A duration in microseconds with sensible precision: "0.42 µs", "12.3 µs", "456 µs".
inline std::string micros(double microseconds) {
    if (microseconds >= 100) return format("%.0f µs", microseconds);
    if (microseconds >= 10) return format("%.1f µs", microseconds);
    return format("%.2f µs", microseconds);
}

}  // namespace ipcviz::text

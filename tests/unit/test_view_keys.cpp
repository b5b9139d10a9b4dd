// The viewer's key tables: the same key means the same thing on every screen where it means anything.
#include <catch2/catch.hpp>

#include "../../lib/view/keys.hpp"

using namespace ipcviz::view;

TEST_CASE("h and l step back and on as ← and → do, and Esc goes home", "[view]") {
    CHECK(mechanism_action('l') == mechanism_action(key::right));
    CHECK(mechanism_action('h') == mechanism_action(key::left));
    CHECK(mechanism_action('h') == Action::previous);
    CHECK(mechanism_action(key::escape) == Action::home);
    // On the home screen they move between the cards the same way.
    CHECK(home_action('h') == home_action(key::left));
    CHECK(home_action('l') == home_action(key::right));
}

TEST_CASE("Tab and Shift-Tab go round the mechanisms both ways", "[view]") {
    CHECK(mechanism_action(key::tab) == Action::next_mechanism);
    CHECK(mechanism_action(key::back_tab) == Action::previous_mechanism);
}

TEST_CASE("? is help and q quits on both screens", "[view]") {
    CHECK(home_action('?') == Action::help);
    CHECK(mechanism_action('?') == Action::help);
    CHECK(home_action('q') == Action::quit);
    CHECK(mechanism_action('q') == Action::quit);
}

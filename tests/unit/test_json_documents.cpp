// Every JSON document the kit writes — build/grade/results.json, `ipcviz trace --format json`,
// `ipcviz bench --format json` — parses with a strict parser (nlohmann::json::parse rejects bytes
// that are not UTF-8), whatever a student's channel puts in its error text: quotes, backslashes,
// control characters, backticks and invalid UTF-8 arrive escaped or replaced, never raw.
#include <catch2/catch.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "../../lib/bench/bench.hpp"
#include "../../lib/grade/grade_book.hpp"
#include "ipcviz/error.hpp"
#include "ipcviz/harness.hpp"
#include "ipcviz/report.hpp"
#include "ipcviz/sys.hpp"
#include "test_pipe.hpp"

using namespace ipcviz;

namespace {

// What a careless or hostile error message may hold: a lone 0xff, a UTF-8 sequence cut short
// (0xc3 then ASCII), an overlong encoding (0xc0 0xaf), quotes, a backslash, control characters,
// a run of backticks (which would end a Markdown code fence) and one valid non-ASCII character.
const std::string kNasty = std::string("bad byte \xff, cut \xc3( overlong \xc0\xaf \"quoted\" back\\slash ") +
                           "bell\x07 tab\t nul-free ctrl\x01\x1f newline\n ```` fence µs";

// A pipe-shaped channel whose writer throws a ProtocolError carrying kNasty on its first send.
class NastyChannel : public testing::TestPipe {
public:
    void send(std::span<const std::byte>) override { throw ProtocolError(kNasty); }
};

RunResult nasty_run() {
    Workload workload;
    workload.messages = 3;
    workload.deadline = std::chrono::milliseconds(2000);
    return run(*find_mechanism("pipe"), [] { return std::unique_ptr<Channel>(new NastyChannel()); }, workload);
}

// The strict parse; fails the test with the parser's reason.
nlohmann::json strict_parse(const std::string& text) {
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& error) {
        FAIL("not valid JSON: " << error.what());
    }
    return {};
}

const std::string kReplacement = "\xef\xbf\xbd";  // U+FFFD, what an invalid byte becomes

}  // namespace

TEST_CASE("a run's JSON stays valid when the channel's error text holds any bytes", "[json]") {
    const RunResult result = nasty_run();
    REQUIRE_FALSE(result.ok);
    REQUIRE(result.failure.find("bad byte \xff") != std::string::npos);  // the raw byte reached the report
    const nlohmann::json document = strict_parse(format_json(result, true));
    const std::string failure = document.at("failure").get<std::string>();
    CHECK(failure.find("bad byte " + kReplacement) != std::string::npos);
    CHECK(failure.find("\"quoted\" back\\slash") != std::string::npos);  // kept, escaped on the way
    CHECK(failure.find("µs") != std::string::npos);                        // valid UTF-8 untouched
    CHECK(document.at("sides").size() == 2);
    CHECK(document.at("trace").is_array());
}

TEST_CASE("results.json stays valid and follows Gradescope's format when a test's output holds any bytes", "[json]") {
    const RunResult result = nasty_run();
    grade::GradeBook book;
    book.add({"01", "one message arrives", 5, false, "expected: 1 message\nactual:   " + result.failure, 0.5, "", {"lab01"}});
    book.add({"04", "no syscall while the peer keeps up", 15, true, "", 2, "graded for 1 usable CPU", {"lab04"}});
    book.add({"04", "a second Lab 04 test", 10, true, "", 1, "", {"lab04"}});
    book.add_note("a run-wide note with a stray byte \xfe");
    const nlohmann::json document = strict_parse(book.results_json(12.4));
    CHECK(document.at("score") == 25);
    CHECK(document.at("max_score") == 30);
    CHECK(document.at("execution_time") == 12);
    CHECK(document.at("output_format") == "md");
    CHECK(document.at("test_output_format") == "md");
    CHECK(document.at("visibility") == "visible");
    CHECK(document.at("stdout_visibility") == "hidden");
    const std::string table = document.at("output").get<std::string>();
    CHECK(table.rfind("```\n", 0) == 0);  // the score table in a fixed-width block
    CHECK(table.find("Total    25 / 30 points") != std::string::npos);
    CHECK(table.find("stray byte " + kReplacement) != std::string::npos);

    const nlohmann::json& tests = document.at("tests");
    REQUIRE(tests.size() == 3);
    CHECK(tests[0].at("name") == "Lab 01: one message arrives");
    CHECK(tests[0].at("number") == "1.1");
    CHECK(tests[0].at("tags") == nlohmann::json::array({"lab01"}));
    CHECK(tests[0].at("status") == "failed");
    CHECK(tests[0].at("score") == 0);
    CHECK(tests[0].at("max_score") == 5);
    const std::string output = tests[0].at("output").get<std::string>();
    CHECK(output.rfind("`````\n", 0) == 0);  // a fence longer than the four backticks inside
    CHECK(output.find("bad byte " + kReplacement) != std::string::npos);
    CHECK(tests[1].at("number") == "4.1");
    CHECK(tests[1].at("status") == "passed");
    CHECK(tests[1].at("output").get<std::string>().find("graded for 1 usable CPU") != std::string::npos);
    CHECK(tests[2].at("number") == "4.2");
    CHECK(tests[2].at("output") == "");
}

TEST_CASE("the benchmark's JSON stays valid when a mechanism failed with any bytes in its error", "[json]") {
    bench::BenchReport report;
    bench::MechanismResult failed;
    failed.name = "pipe";
    failed.ok = false;
    failed.failure = nasty_run().failure;
    report.results.push_back(failed);
    bench::MechanismResult fine;
    fine.name = "shm";
    fine.round_trip_p50_us = {0.25, 0.2, 0.3};
    report.results.push_back(fine);
    const nlohmann::json document = strict_parse(bench::format_json(report));
    REQUIRE(document.at("results").size() == 2);
    CHECK(document.at("results")[0].at("ok") == false);
    CHECK(document.at("results")[0].at("failure").get<std::string>().find("bad byte " + kReplacement) != std::string::npos);
    CHECK(document.at("results")[1].at("rt_p50_us").at("median") == 0.25);
}

// Replays tests/data/curl-corpus (requests with their expected status, Location and CORS
// headers) through http::simulate. `igw serve` will be held to the same data.
#include "lib/check/workspace.h"
#include "lib/compile/compile.h"
#include "lib/http/simulate.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace igw::http {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> corpus_dirs() {
  std::vector<fs::path> out;
  fs::path root = fs::path(IGW_SOURCE_DIR) / "tests/data/curl-corpus";
  for (const auto& e : fs::directory_iterator(root)) {
    if (e.is_directory() && fs::exists(e.path() / "cases.json"))
      out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string lower(std::string s) {
  for (auto& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

TEST(CurlCorpus, EveryCaseGivesTheExpectedAnswer) {
  auto dirs = corpus_dirs();
  ASSERT_GE(dirs.size(), 2u) << "the corpus directory is missing";
  size_t cases = 0;
  for (const auto& dir : dirs) {
    std::ifstream in(dir / "cases.json");
    nlohmann::json doc = nlohmann::json::parse(in);
    std::vector<std::string> files;
    for (const auto& f : doc["config"])
      files.push_back((dir / f.get<std::string>()).string());
    // As igw curl-sim loads input: checks run, and objects Istio would reject are left out.
    std::istringstream no_stdin;
    check::WorkspaceOptions wo;
    wo.paths = files;
    check::Workspace ws = check::load_workspace(wo, no_stdin);
    ASSERT_FALSE(ws.input_error) << dir;
    compile::RouteTablePtr table = compile::compile(ws.config);

    SimOptions options;
    options.now = 0;
    options.seed = 1;
    if (doc.contains("upstream")) {
      options.upstream_status = doc["upstream"].value("status", 200u);
      for (const auto& h : doc["upstream"].value("headers", nlohmann::json::array()))
        options.upstream_headers.add(h[0].get<std::string>(), h[1].get<std::string>());
    }
    for (const auto& c : doc["cases"]) {
      ++cases;
      std::string name = dir.filename().string() + ": " + c["name"].get<std::string>();
      SCOPED_TRACE(name);
      auto cmd = parse_curl_command(c["curl"].get<std::vector<std::string>>(), nullptr);
      ASSERT_TRUE(cmd.has_value()) << cmd.error().message;
      Simulation sim = simulate(*table, *cmd, options);
      const auto& expect = c["expect"];
      if (expect.contains("error")) {
        EXPECT_EQ(sim.exit_code, expect["error"].get<int>()) << sim.error;
        continue;
      }
      ASSERT_FALSE(sim.exchanges.empty());
      const Exchange& last = sim.exchanges.back();
      EXPECT_EQ(sim.exit_code, 0) << sim.error;
      EXPECT_EQ(last.status, expect["status"].get<uint32_t>());
      if (expect.contains("location")) {
        auto loc = last.response_headers.get("location");
        if (expect["location"].is_null())
          EXPECT_FALSE(loc.has_value()) << *loc;
        else
          EXPECT_EQ(loc.value_or("(none)"), expect["location"].get<std::string>());
      }
      if (expect.contains("cors")) {
        std::map<std::string, std::string> got;
        for (const auto& h : last.response_headers) {
          std::string n = lower(h.name);
          if (n.starts_with("access-control-"))
            got[n] = h.value;
        }
        std::map<std::string, std::string> want;
        for (const auto& [k, v] : expect["cors"].items())
          want[lower(k)] = v.get<std::string>();
        EXPECT_EQ(got, want);
      }
    }
  }
  EXPECT_GE(cases, 20u);
}

}  // namespace
}  // namespace igw::http

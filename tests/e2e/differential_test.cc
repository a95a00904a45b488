// The differential test of issue 5: every request of tests/data/curl-corpus is sent by the real
// curl to a running `igw serve` (certificates from --dev-certs, upstreams answering as the case
// file says) and predicted by `igw curl-sim`; the final status, the Location header and the set of
// access-control-* headers must be the same in both, and equal to what the corpus expects (curl's
// exit code when no HTTP answer comes).
#include "tests/e2e/e2e_util.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <regex>
#include <set>

namespace igw::e2e {
namespace {

namespace fs = std::filesystem;

std::string lower(std::string s) {
  for (auto& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// What a client saw: curl's exit code, and for an HTTP answer its status, Location and CORS.
struct Outcome {
  int exit_code = 0;
  uint32_t status = 0;
  std::optional<std::string> location;
  std::map<std::string, std::string> cors;

  std::string text() const {
    if (exit_code != 0)
      return fmt::format("curl exit {}", exit_code);
    std::string out = fmt::format("{} location={}", status, location ? *location : "(none)");
    for (const auto& [k, v] : cors)
      out += fmt::format(" {}={}", k, v);
    return out;
  }
  bool operator==(const Outcome&) const = default;
};

Outcome expected_outcome(const nlohmann::json& expect) {
  Outcome o;
  if (expect.contains("error")) {
    o.exit_code = expect["error"].get<int>();
    return o;
  }
  o.status = expect["status"].get<uint32_t>();
  if (expect.contains("location") && !expect["location"].is_null())
    o.location = expect["location"].get<std::string>();
  const nlohmann::json cors = expect.value("cors", nlohmann::json::object());
  for (const auto& [k, v] : cors.items())
    o.cors[lower(k)] = v.get<std::string>();
  return o;
}

// An upstream answering every request as the case file's "upstream" says.
class CorpusUpstream {
 public:
  explicit CorpusUpstream(const nlohmann::json& spec) {
    int status = spec.value("status", 200);
    std::vector<std::pair<std::string, std::string>> headers;
    for (const auto& h : spec.value("headers", nlohmann::json::array()))
      headers.emplace_back(h[0].get<std::string>(), h[1].get<std::string>());
    std::string body = spec.value("body", std::string());
    auto handler = [=](const httplib::Request&, httplib::Response& res) {
      res.status = status;
      for (const auto& [k, v] : headers)
        res.set_header(k, v);
      res.set_content(body, "text/plain");
    };
    server_.Get(".*", handler);
    server_.Post(".*", handler);
    server_.Put(".*", handler);
    server_.Delete(".*", handler);
    server_.Options(".*", handler);
    server_.Patch(".*", handler);
    port_ = static_cast<uint16_t>(server_.bind_to_any_port("127.0.0.1"));
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    wait_until([this] { return server_.is_running(); }, 5s);
  }
  ~CorpusUpstream() {
    server_.stop();
    if (thread_.joinable())
      thread_.join();
  }
  std::string address() const { return fmt::format("127.0.0.1:{}", port_); }

 private:
  httplib::Server server_;
  std::thread thread_;
  uint16_t port_ = 0;
};

// The URL's port (the Gateway port the corpus means): explicit, else 80/443 by scheme.
std::optional<uint16_t> url_port(const std::string& url) {
  static const std::regex re(R"(^(https?)://(\[[^\]]*\]|[^/:?#]*)(:(\d+))?)", std::regex::icase);
  std::smatch m;
  if (!std::regex_search(url, m, re))
    return std::nullopt;
  if (m[4].matched)
    return static_cast<uint16_t>(std::stoi(m[4].str()));
  return lower(m[1].str()) == "https" ? 443 : 80;
}

// The case's curl arguments for the real curl: the leading "curl" dropped, --resolve dropped
// (every host resolves to the gateway), and --connect-to for every port sending Gateway port P to
// 127.0.0.1:P+offset.
std::vector<std::string> real_curl_args(std::vector<std::string> args, int offset,
                                        const std::set<uint16_t>& ports,
                                        const std::vector<std::string>& server_hosts,
                                        const std::string& cacert) {
  if (!args.empty() && args.front() == "curl")
    args.erase(args.begin());
  std::vector<std::string> out = {"--cacert", cacert};
  // A host no Gateway server lists does not resolve to the gateway (the corpus's rule): it is
  // sent to a name under .invalid (RFC 6761), which never resolves, so curl exits 6.
  static const std::regex host_re(R"(^https?://([^/:?#]+))", std::regex::icase);
  for (const auto& a : args) {
    std::smatch m;
    if (!std::regex_search(a, m, host_re))
      continue;
    std::string host = lower(m[1].str());
    bool listed = false;
    for (const auto& h : server_hosts) {
      listed |= h == "*" || h == host ||
                (h.starts_with("*") && host.size() > h.size() - 1 && host.ends_with(h.substr(1)));
    }
    // A host the command resolves itself (--resolve HOST:PORT:ADDR) reaches the gateway.
    for (size_t i = 0; i + 1 < args.size(); ++i)
      listed |= args[i] == "--resolve" && lower(args[i + 1]).starts_with(host + ":");
    if (!listed) {
      for (uint16_t p : ports) {
        out.push_back("--connect-to");
        out.push_back(fmt::format("{}:{}:gateway-does-not-list-it.invalid:{}", host, p, p));
      }
    }
  }
  for (uint16_t p : ports) {
    out.push_back("--connect-to");  // curl takes no --option=value spelling
    out.push_back(fmt::format(":{}:127.0.0.1:{}", p, p + offset));
  }
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--resolve" && i + 1 < args.size()) {
      ++i;
      continue;
    }
    if (args[i].starts_with("--resolve="))
      continue;
    out.push_back(args[i]);
  }
  return out;
}

Outcome served_outcome(const HttpResult& r) {
  Outcome o;
  if (r.curl_exit != 0 || r.status == 0) {
    o.exit_code = r.curl_exit;
    return o;
  }
  o.status = static_cast<uint32_t>(r.status);
  if (r.has("location"))
    o.location = r.header("location");
  for (const auto& [k, v] : r.headers) {
    if (k.starts_with("access-control-"))
      o.cors[k] = v;
  }
  return o;
}

Outcome simulated_outcome(const std::vector<std::string>& files, const nlohmann::json& upstream,
                          const std::vector<std::string>& curl_args, std::string& why) {
  std::vector<std::string> argv = {igw_path(), "curl-sim", "-o", "json"};
  for (const auto& f : files) {
    argv.push_back("-f");
    argv.push_back(f);
  }
  if (upstream.is_object()) {
    if (upstream.contains("status")) {
      argv.push_back("--upstream-status");
      argv.push_back(std::to_string(upstream["status"].get<int>()));
    }
    for (const auto& h : upstream.value("headers", nlohmann::json::array())) {
      argv.push_back("--upstream-header");
      argv.push_back(h[0].get<std::string>() + ": " + h[1].get<std::string>());
    }
  }
  argv.push_back("--");
  argv.insert(argv.end(), curl_args.begin(), curl_args.end());
  RunResult r = run(argv, 30s);
  Outcome o;
  auto doc = nlohmann::json::parse(r.out, nullptr, false);
  if (!doc.is_object()) {
    why = "igw curl-sim printed no JSON: " + r.err;
    o.exit_code = -1;
    return o;
  }
  o.exit_code = doc.value("exitCode", -1);
  if (o.exit_code != 0 || doc["exchanges"].empty())
    return o;
  const auto& resp = doc["exchanges"].back()["response"];
  o.status = resp.value("status", 0u);
  for (const auto& h : resp.value("headers", nlohmann::json::array())) {
    std::string name = lower(h[0].get<std::string>());
    if (name == "location" && !o.location)
      o.location = h[1].get<std::string>();
    else if (name.starts_with("access-control-"))
      o.cors[name] = h[1].get<std::string>();
  }
  return o;
}

std::vector<fs::path> corpus_dirs() {
  std::vector<fs::path> out;
  fs::path root = fs::path(IGW_SOURCE_DIR) / "tests/data/curl-corpus";
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(root, ec)) {
    if (e.is_directory() && fs::exists(e.path() / "cases.json"))
      out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class CurlCorpus : public ::testing::TestWithParam<fs::path> {};

TEST_P(CurlCorpus, ServeAnswersAsCurlSimPredicts) {
  const fs::path dir = GetParam();
  std::ifstream in(dir / "cases.json");
  nlohmann::json doc = nlohmann::json::parse(in, nullptr, false);
  ASSERT_TRUE(doc.is_object()) << dir;
  std::vector<std::string> files;
  for (const auto& f : doc["config"])
    files.push_back((dir / f.get<std::string>()).string());

  // Every cluster the configuration routes to goes to one upstream answering as the file says.
  nlohmann::json upstream_spec = doc.value("upstream", nlohmann::json::object());
  CorpusUpstream upstream(upstream_spec);
  std::vector<std::string> compile_argv = {igw_path(), "compile"};
  for (const auto& f : files) {
    compile_argv.push_back("-f");
    compile_argv.push_back(f);
  }
  RunResult compiled = run(compile_argv, 30s);
  auto table = nlohmann::json::parse(compiled.out, nullptr, false);
  ASSERT_TRUE(table.is_object()) << compiled.err;
  std::set<uint16_t> ports;
  std::vector<std::string> server_hosts;
  for (const auto& l : table["listeners"]) {
    ports.insert(static_cast<uint16_t>(l.value("port", 0)));
    for (const auto& c : l.value("filterChains", nlohmann::json::array())) {
      const nlohmann::json server = c.value("server", nlohmann::json::object());
      for (const auto& h : server.value("hosts", nlohmann::json::array())) {
        std::string host = lower(h.get<std::string>());
        if (size_t slash = host.find('/'); slash != std::string::npos)
          host = host.substr(slash + 1);  // "ns/host"
        server_hosts.push_back(host);
      }
    }
  }
  for (const auto& c : doc["cases"]) {
    for (const auto& a : c["curl"]) {
      if (auto p = url_port(a.get<std::string>()))
        ports.insert(*p);
    }
  }

  TempDir tmp;
  int offset = free_offset(std::vector<uint16_t>(ports.begin(), ports.end()));
  std::vector<std::string> args = {"--port-offset", std::to_string(offset),
                                   "--dev-certs=" + tmp.file("dev-ca")};
  for (const auto& f : files) {
    args.push_back("-f");
    args.push_back(f);
  }
  for (const auto& c : table["clusters"]) {
    args.push_back("--endpoint");
    args.push_back(c["host"].get<std::string>() + "=" + upstream.address());
  }
  IgwServe serve(tmp, args);
  ASSERT_TRUE(serve.ready()) << serve.stderr_text();
  std::string cacert = tmp.file("dev-ca/ca.crt");

  size_t n = 0;
  for (const auto& c : doc["cases"]) {
    ++n;
    std::string name = c["name"].get<std::string>();
    SCOPED_TRACE(dir.filename().string() + ": " + name);
    auto curl_args = c["curl"].get<std::vector<std::string>>();
    Outcome want = expected_outcome(c["expect"]);
    std::string why;
    Outcome predicted = simulated_outcome(files, upstream_spec, curl_args, why);
    Outcome got =
        served_outcome(curl(real_curl_args(curl_args, offset, ports, server_hosts, cacert)));
    EXPECT_EQ(got.text(), predicted.text()) << "serve vs curl-sim " << why;
    EXPECT_EQ(got.text(), want.text()) << "serve vs the corpus";
  }
  EXPECT_GT(n, 0u);
}

std::string param_name(const ::testing::TestParamInfo<fs::path>& info) {
  std::string s = info.param.filename().string();
  for (auto& c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)))
      c = '_';
  }
  return s;
}

INSTANTIATE_TEST_SUITE_P(Corpus, CurlCorpus, ::testing::ValuesIn(corpus_dirs()), param_name);

}  // namespace
}  // namespace igw::e2e

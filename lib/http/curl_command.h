// http::CurlCommand: a curl command line as curl reads it, and the request curl would send for
// it — so `igw curl-sim` accepts a command pasted from a terminal or a runbook unchanged.
//
// Followed curl's documented behaviour (curl(1), "Everything curl"): option syntax (short
// bundles "-sSL", attached values "-XPOST", no "--opt=value"), -d/--data* joining with "&",
// POST and application/x-www-form-urlencoded for data, -G, -I, -u basic auth, -H "Name:" to
// remove and "Name;" for an empty value, header order (Host, Authorization, User-Agent, Accept,
// Referer, Cookie, custom headers, Content-Length, Content-Type), and -L rules (301/302/303 turn
// a POST into a GET unless -X was given; credentials are not sent to another host).
#pragma once

#include "lib/base/result.h"
#include "lib/http/headers.h"
#include "lib/http/url.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace igw::http {

// The user agent igw's curl announces (Debian 12's curl).
inline constexpr std::string_view kCurlUserAgent = "curl/7.88.1";

enum class HttpVersion { kDefault, kHttp11, kHttp2, kHttp2PriorKnowledge };

// One -H argument.
struct CustomHeader {
  enum class Kind { kSet, kRemove, kEmpty };  // "N: v", "N:", "N;"
  Kind kind = Kind::kSet;
  std::string name;
  std::string value;
};

struct CurlCommand {
  std::string url_text;
  Url url;
  std::optional<std::string> method;      // -X
  bool head = false;                      // -I
  bool get = false;                       // -G: data goes to the query
  std::vector<CustomHeader> headers;      // -H, in order
  std::optional<std::string> data;        // -d/--data*/--json, joined with "&"
  bool json = false;                      // --json
  std::optional<std::string> upload;      // -T: the file's content, sent with PUT
  std::optional<std::string> user;        // -u user:password
  std::optional<std::string> user_agent;  // -A
  std::optional<std::string> referer;     // -e
  std::optional<std::string> range;       // -r
  std::vector<std::string> cookies;       // -b NAME=VALUE[; …]
  bool include = false;                   // -i
  bool verbose = false;                   // -v
  bool silent = false;                    // -s
  bool show_error = false;                // -S
  bool fail = false;                      // -f / --fail-with-body
  bool fail_with_body = false;
  bool location = false;                 // -L
  bool location_trusted = false;         // --location-trusted
  int64_t max_redirs = 50;               // --max-redirs (-1: unlimited)
  bool insecure = false;                 // -k
  bool compressed = false;               // --compressed
  bool path_as_is = false;               // --path-as-is
  std::optional<std::string> output;     // -o FILE
  std::optional<std::string> write_out;  // -w FORMAT
  HttpVersion http_version = HttpVersion::kDefault;
  std::optional<std::string> tls_min;   // "1.0" … "1.3" from --tlsv1.x
  std::optional<std::string> tls_max;   // --tls-max
  bool client_certificate = false;      // --cert / -E
  std::vector<std::string> resolve;     // --resolve HOST:PORT:ADDR
  std::vector<std::string> connect_to;  // --connect-to H1:P1:H2:P2
  // Options accepted that have no effect offline (timeouts, progress meters), for a note.
  std::vector<std::string> no_effect;
};

// Reads a file named by -d @file, --data-binary @file, -T file.
using FileReader = std::function<base::Result<std::string>(const std::string& path)>;

// Parses curl's arguments (the leading word "curl" is optional). A single argument holding a
// whole command ("curl -X POST …") is split like a POSIX shell would. Errors name the option.
base::Result<CurlCommand> parse_curl_command(const std::vector<std::string>& args,
                                             const FileReader& read_file);

// POSIX-shell word splitting for a pasted command: quotes, backslashes, "\" line continuations.
base::Result<std::vector<std::string>> split_shell_words(std::string_view text);

// The request curl sends for one hop.
struct ClientRequest {
  Url url;
  std::string method;
  Headers headers;  // as curl sends and prints them (Host first), original case
  std::string body;
  bool http2 = false;
};

// Where a -L chain stands.
struct FollowState {
  bool following = false;              // this hop follows a redirect
  std::optional<std::string> method;   // the method after a 301/302/303 change
  bool drop_body = false;              // the redirect turned the request into a GET
  bool same_host_as_first = true;      // host, port and scheme equal to the first URL's
  bool same_hostname_as_first = true;  // the host name equal (custom Host: is kept)
};

// The request curl sends to `url` for `command` (the first hop or a followed redirect).
ClientRequest build_curl_request(const CurlCommand& command, const Url& url,
                                 const FollowState& follow);

// The port curl connects to for `url` after --connect-to (curl's first matching entry), and
// whether --resolve or --connect-to names the host (so it resolves whatever DNS says).
struct ConnectTarget {
  uint32_t port = 0;
  bool pinned = false;  // named by --resolve / --connect-to
  std::string via;      // the option that applied, for explanations
};
ConnectTarget connect_target(const CurlCommand& command, const Url& url);

// The method curl uses on the next hop after `status` (curl's -L rules), given the method of the
// hop that got it. nullopt: unchanged.
std::optional<std::string> curl_redirect_method(const CurlCommand& command, uint32_t status,
                                                std::string_view method);

// curl's -w expansion: %{variable}, %header{name}, %%, \n \r \t \\. Unknown variables are
// reported in `unknown` (curl warns and prints nothing for them).
struct WriteOutValues {
  uint32_t http_code = 0;
  std::string url_effective;
  std::string redirect_url;
  uint32_t num_redirects = 0;
  std::string method;
  std::string scheme;
  std::string http_version;  // "1.1", "2"
  std::string content_type;
  uint64_t size_download = 0;
  uint64_t size_header = 0;
  uint64_t size_request = 0;
  uint64_t size_upload = 0;
  uint32_t remote_port = 0;
  uint32_t local_port = 0;
  int exit_code = 0;
  std::string errormsg;
  Headers response_headers;
};
std::string expand_write_out(std::string_view format, const WriteOutValues& values,
                             std::vector<std::string>* unknown = nullptr);

}  // namespace igw::http

// http::CurlCommand: curl's command line and the requests it sends.
#include "lib/http/curl_command.h"

#include "lib/base/base64.h"
#include "lib/base/strings.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace igw::http {

namespace {

enum class Opt {
  kRequest,
  kHeader,
  kData,
  kDataAscii,
  kDataRaw,
  kDataBinary,
  kDataUrlencode,
  kJson,
  kGet,
  kHead,
  kInclude,
  kVerbose,
  kSilent,
  kShowError,
  kLocation,
  kLocationTrusted,
  kMaxRedirs,
  kInsecure,
  kResolve,
  kConnectTo,
  kHttp11,
  kHttp2,
  kHttp2PriorKnowledge,
  kUserAgent,
  kReferer,
  kUser,
  kCookie,
  kCookieJar,
  kOutput,
  kWriteOut,
  kFail,
  kFailWithBody,
  kCompressed,
  kPathAsIs,
  kUrl,
  kCert,
  kRange,
  kUploadFile,
  kTlsv10,
  kTlsv11,
  kTlsv12,
  kTlsv13,
  kTlsMax,
  kNoEffectArg,  // accepted, takes a value, no offline effect
  kNoEffect,     // accepted flag, no offline effect
  kUnsupported,  // known to curl, not simulated
};

struct OptSpec {
  std::string_view long_name;  // without "--"
  char short_name;             // 0 when none
  bool takes_arg;
  Opt id;
  std::string_view why = {};  // kUnsupported: what to do instead
};

constexpr std::array kOptions = {
    OptSpec{"request", 'X', true, Opt::kRequest},
    OptSpec{"header", 'H', true, Opt::kHeader},
    OptSpec{"data", 'd', true, Opt::kData},
    OptSpec{"data-ascii", 0, true, Opt::kDataAscii},
    OptSpec{"data-raw", 0, true, Opt::kDataRaw},
    OptSpec{"data-binary", 0, true, Opt::kDataBinary},
    OptSpec{"data-urlencode", 0, true, Opt::kDataUrlencode},
    OptSpec{"json", 0, true, Opt::kJson},
    OptSpec{"get", 'G', false, Opt::kGet},
    OptSpec{"head", 'I', false, Opt::kHead},
    OptSpec{"include", 'i', false, Opt::kInclude},
    OptSpec{"verbose", 'v', false, Opt::kVerbose},
    OptSpec{"silent", 's', false, Opt::kSilent},
    OptSpec{"show-error", 'S', false, Opt::kShowError},
    OptSpec{"location", 'L', false, Opt::kLocation},
    OptSpec{"location-trusted", 0, false, Opt::kLocationTrusted},
    OptSpec{"max-redirs", 0, true, Opt::kMaxRedirs},
    OptSpec{"insecure", 'k', false, Opt::kInsecure},
    OptSpec{"resolve", 0, true, Opt::kResolve},
    OptSpec{"connect-to", 0, true, Opt::kConnectTo},
    OptSpec{"http1.1", 0, false, Opt::kHttp11},
    OptSpec{"http2", 0, false, Opt::kHttp2},
    OptSpec{"http2-prior-knowledge", 0, false, Opt::kHttp2PriorKnowledge},
    OptSpec{"user-agent", 'A', true, Opt::kUserAgent},
    OptSpec{"referer", 'e', true, Opt::kReferer},
    OptSpec{"user", 'u', true, Opt::kUser},
    OptSpec{"cookie", 'b', true, Opt::kCookie},
    OptSpec{"cookie-jar", 'c', true, Opt::kCookieJar},
    OptSpec{"output", 'o', true, Opt::kOutput},
    OptSpec{"write-out", 'w', true, Opt::kWriteOut},
    OptSpec{"fail", 'f', false, Opt::kFail},
    OptSpec{"fail-with-body", 0, false, Opt::kFailWithBody},
    OptSpec{"compressed", 0, false, Opt::kCompressed},
    OptSpec{"path-as-is", 0, false, Opt::kPathAsIs},
    OptSpec{"url", 0, true, Opt::kUrl},
    OptSpec{"cert", 'E', true, Opt::kCert},
    OptSpec{"range", 'r', true, Opt::kRange},
    OptSpec{"upload-file", 'T', true, Opt::kUploadFile},
    OptSpec{"tlsv1", '1', false, Opt::kTlsv10},
    OptSpec{"tlsv1.0", 0, false, Opt::kTlsv10},
    OptSpec{"tlsv1.1", 0, false, Opt::kTlsv11},
    OptSpec{"tlsv1.2", 0, false, Opt::kTlsv12},
    OptSpec{"tlsv1.3", 0, false, Opt::kTlsv13},
    OptSpec{"tls-max", 0, true, Opt::kTlsMax},
    OptSpec{"key", 0, true, Opt::kNoEffectArg},
    OptSpec{"cacert", 0, true, Opt::kNoEffectArg},
    OptSpec{"capath", 0, true, Opt::kNoEffectArg},
    OptSpec{"cert-type", 0, true, Opt::kNoEffectArg},
    OptSpec{"key-type", 0, true, Opt::kNoEffectArg},
    OptSpec{"max-time", 'm', true, Opt::kNoEffectArg},
    OptSpec{"connect-timeout", 0, true, Opt::kNoEffectArg},
    OptSpec{"retry", 0, true, Opt::kNoEffectArg},
    OptSpec{"retry-delay", 0, true, Opt::kNoEffectArg},
    OptSpec{"retry-max-time", 0, true, Opt::kNoEffectArg},
    OptSpec{"ipv4", '4', false, Opt::kNoEffect},
    OptSpec{"ipv6", '6', false, Opt::kNoEffect},
    OptSpec{"globoff", 'g', false, Opt::kNoEffect},
    OptSpec{"no-buffer", 'N', false, Opt::kNoEffect},
    OptSpec{"progress-bar", '#', false, Opt::kNoEffect},
    OptSpec{"no-progress-meter", 0, false, Opt::kNoEffect},
    OptSpec{"retry-connrefused", 0, false, Opt::kNoEffect},
    OptSpec{"retry-all-errors", 0, false, Opt::kNoEffect},
    OptSpec{"no-keepalive", 0, false, Opt::kNoEffect},
    OptSpec{"form", 'F', true, Opt::kUnsupported, "multipart forms are not simulated; use -d"},
    OptSpec{"form-string", 0, true, Opt::kUnsupported, "multipart forms are not simulated; use -d"},
    OptSpec{"proxy", 'x', true, Opt::kUnsupported,
            "igw simulates the ingress gateway itself, not a forward proxy in front of it"},
    OptSpec{"remote-name", 'O', false, Opt::kUnsupported, "use -o FILE"},
    OptSpec{"http1.0", '0', false, Opt::kUnsupported,
            "HTTP/1.0 is not simulated (Istio gateways refuse it unless configured)"},
    OptSpec{"http3", 0, false, Opt::kUnsupported, "HTTP/3 is not simulated"},
    OptSpec{"dump-header", 'D', true, Opt::kUnsupported,
            "the transcript already shows the headers; use -i"},
    OptSpec{"config", 'K', true, Opt::kUnsupported, "give the options on the command line"},
    OptSpec{"netrc", 'n', false, Opt::kUnsupported, "give credentials with -u"},
    OptSpec{"proto-redir", 0, true, Opt::kUnsupported, "igw follows http and https only"},
};

const OptSpec* find_long(std::string_view name) {
  for (const auto& o : kOptions) {
    if (o.long_name == name)
      return &o;
  }
  return nullptr;
}

const OptSpec* find_short(char c) {
  for (const auto& o : kOptions) {
    if (o.short_name == c)
      return &o;
  }
  return nullptr;
}

base::Error usage(std::string message) {
  return base::make_error(std::move(message));
}

std::string url_encode(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

// -d @file strips carriage returns and newlines; --data-binary keeps the bytes.
std::string strip_newlines(std::string s) {
  s.erase(std::remove_if(s.begin(), s.end(), [](char c) { return c == '\r' || c == '\n'; }),
          s.end());
  return s;
}

// curl removes "/./" and "/../" sequences from the URL path before sending (unless
// --path-as-is).
std::string squash_dots(const std::string& path_and_query) {
  size_t q = path_and_query.find('?');
  std::string path = path_and_query.substr(0, q);
  std::string query = q == std::string::npos ? "" : path_and_query.substr(q);
  std::vector<std::string> segs;
  size_t i = 1;
  bool trailing = false;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos)
      j = path.size();
    std::string seg = path.substr(i, j - i);
    trailing = false;
    if (seg == ".") {
      trailing = true;
    } else if (seg == "..") {
      if (!segs.empty())
        segs.pop_back();
      trailing = true;
    } else {
      segs.push_back(seg);
    }
    i = j + 1;
  }
  std::string out = "/";
  for (size_t k = 0; k < segs.size(); ++k) {
    if (k)
      out += "/";
    out += segs[k];
  }
  if (trailing && out.back() != '/')
    out += "/";
  return out + query;
}

bool has_custom(const CurlCommand& c, std::string_view name) {
  return std::any_of(c.headers.begin(), c.headers.end(),
                     [&](const CustomHeader& h) { return base::iequals(h.name, name); });
}

}  // namespace

base::Result<std::vector<std::string>> split_shell_words(std::string_view text) {
  std::vector<std::string> words;
  std::string cur;
  bool in_word = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\') {
      if (i + 1 < text.size() && (text[i + 1] == '\n' || text[i + 1] == '\r')) {
        ++i;
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
          ++i;
        continue;
      }
      if (i + 1 < text.size()) {
        cur.push_back(text[++i]);
        in_word = true;
      }
      continue;
    }
    if (c == '\'') {
      size_t end = text.find('\'', i + 1);
      if (end == std::string_view::npos)
        return usage("unterminated ' quote in the curl command");
      cur.append(text.substr(i + 1, end - i - 1));
      i = end;
      in_word = true;
      continue;
    }
    if (c == '"') {
      ++i;
      for (; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\' && i + 1 < text.size() &&
            std::string_view("\"\\$`\n").find(text[i + 1]) != std::string_view::npos) {
          ++i;
          if (text[i] == '\n')
            continue;
        }
        cur.push_back(text[i]);
      }
      if (i >= text.size())
        return usage("unterminated \" quote in the curl command");
      in_word = true;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (in_word) {
        words.push_back(std::move(cur));
        cur.clear();
        in_word = false;
      }
      continue;
    }
    cur.push_back(c);
    in_word = true;
  }
  if (in_word)
    words.push_back(std::move(cur));
  return words;
}

base::Result<CurlCommand> parse_curl_command(const std::vector<std::string>& in_args,
                                             const FileReader& read_file) {
  std::vector<std::string> args = in_args;
  if (args.size() == 1 && args[0].find_first_of(" \t\n") != std::string::npos) {
    auto words = split_shell_words(args[0]);
    if (!words)
      return words.error();
    args = std::move(*words);
  }
  if (!args.empty() && (args[0] == "curl" || args[0].ends_with("/curl")))
    args.erase(args.begin());

  CurlCommand c;
  std::vector<std::string> urls;
  std::vector<std::string> data_parts;
  bool have_data = false;

  auto read = [&](const std::string& path) -> base::Result<std::string> {
    if (!read_file)
      return usage("cannot read " + path + ": no file access");
    return read_file(path);
  };

  auto apply = [&](const OptSpec& o, const std::string& flag,
                   const std::string& v) -> base::Result<void> {
    switch (o.id) {
      case Opt::kRequest:
        c.method = v;
        break;
      case Opt::kHeader: {
        if (!v.empty() && v[0] == '@')
          return usage(flag + " @file is not supported: give each header with -H");
        size_t colon = v.find(':');
        size_t semi = v.find(';');
        CustomHeader h;
        if (colon == std::string::npos && semi != std::string::npos &&
            base::trim(std::string_view(v).substr(semi + 1)).empty()) {
          h.kind = CustomHeader::Kind::kEmpty;
          h.name = std::string(base::trim(std::string_view(v).substr(0, semi)));
        } else if (colon == std::string::npos) {
          return usage("bad header " + base::quote(v) + " for " + flag +
                       ": write it as \"Name: value\"");
        } else {
          h.name = std::string(base::trim(std::string_view(v).substr(0, colon)));
          h.value = std::string(base::trim(std::string_view(v).substr(colon + 1)));
          h.kind = h.value.empty() ? CustomHeader::Kind::kRemove : CustomHeader::Kind::kSet;
        }
        if (h.name.empty())
          return usage("bad header " + base::quote(v) + " for " + flag + ": no name");
        c.headers.push_back(std::move(h));
        break;
      }
      case Opt::kData:
      case Opt::kDataAscii:
      case Opt::kDataRaw:
      case Opt::kDataBinary:
      case Opt::kJson: {
        std::string part = v;
        if (o.id != Opt::kDataRaw && !v.empty() && v[0] == '@') {
          auto content = read(v.substr(1));
          if (!content)
            return usage(flag + ": " + content.error().message);
          part = (o.id == Opt::kDataBinary || o.id == Opt::kJson) ? *content
                                                                  : strip_newlines(*content);
        }
        if (o.id == Opt::kJson)
          c.json = true;
        data_parts.push_back(std::move(part));
        have_data = true;
        break;
      }
      case Opt::kDataUrlencode: {
        std::string part;
        size_t eq = v.find('=');
        size_t at = v.find('@');
        if (eq != std::string::npos && (at == std::string::npos || eq < at)) {
          part = v.substr(0, eq) + (eq ? "=" : "") + url_encode(std::string_view(v).substr(eq + 1));
        } else if (at != std::string::npos) {
          auto content = read(v.substr(at + 1));
          if (!content)
            return usage(flag + ": " + content.error().message);
          part = v.substr(0, at) + (at ? "=" : "") + url_encode(*content);
        } else {
          part = url_encode(v);
        }
        data_parts.push_back(std::move(part));
        have_data = true;
        break;
      }
      case Opt::kGet:
        c.get = true;
        break;
      case Opt::kHead:
        c.head = true;
        break;
      case Opt::kInclude:
        c.include = true;
        break;
      case Opt::kVerbose:
        c.verbose = true;
        break;
      case Opt::kSilent:
        c.silent = true;
        break;
      case Opt::kShowError:
        c.show_error = true;
        break;
      case Opt::kLocation:
        c.location = true;
        break;
      case Opt::kLocationTrusted:
        c.location = true;
        c.location_trusted = true;
        break;
      case Opt::kMaxRedirs: {
        auto n = base::parse_int(v);
        if (!n || *n < -1)
          return usage(flag + " expects a number (-1 for no limit), not " + base::quote(v));
        c.max_redirs = *n;
        break;
      }
      case Opt::kInsecure:
        c.insecure = true;
        break;
      case Opt::kResolve:
        if (std::count(v.begin(), v.end(), ':') < 2)
          return usage(flag + " expects HOST:PORT:ADDRESS, not " + base::quote(v));
        c.resolve.push_back(v);
        break;
      case Opt::kConnectTo:
        if (std::count(v.begin(), v.end(), ':') < 3)
          return usage(flag + " expects HOST1:PORT1:HOST2:PORT2, not " + base::quote(v));
        c.connect_to.push_back(v);
        break;
      case Opt::kHttp11:
        c.http_version = HttpVersion::kHttp11;
        break;
      case Opt::kHttp2:
        c.http_version = HttpVersion::kHttp2;
        break;
      case Opt::kHttp2PriorKnowledge:
        c.http_version = HttpVersion::kHttp2PriorKnowledge;
        break;
      case Opt::kUserAgent:
        c.user_agent = v;
        break;
      case Opt::kReferer:
        c.referer = v;
        break;
      case Opt::kUser:
        if (v.find(':') == std::string::npos)
          return usage(flag + " " + base::quote(v) +
                       ": igw cannot prompt for a password; give -u user:password");
        c.user = v;
        break;
      case Opt::kCookie:
        if (v.find('=') == std::string::npos)
          return usage(flag + " " + base::quote(v) +
                       ": cookie files are not read; give the cookies inline (-b 'name=value')");
        c.cookies.push_back(v);
        break;
      case Opt::kCookieJar:
        c.no_effect.push_back(flag + " (no cookie jar is written offline)");
        break;
      case Opt::kOutput:
        c.output = v;
        break;
      case Opt::kWriteOut:
        c.write_out = v;
        break;
      case Opt::kFail:
        c.fail = true;
        break;
      case Opt::kFailWithBody:
        c.fail = true;
        c.fail_with_body = true;
        break;
      case Opt::kCompressed:
        c.compressed = true;
        break;
      case Opt::kPathAsIs:
        c.path_as_is = true;
        break;
      case Opt::kUrl:
        urls.push_back(v);
        break;
      case Opt::kCert:
        c.client_certificate = true;
        break;
      case Opt::kRange:
        c.range = v;
        break;
      case Opt::kUploadFile: {
        auto content = read(v);
        if (!content)
          return usage(flag + ": " + content.error().message);
        c.upload = *content;
        break;
      }
      case Opt::kTlsv10:
        c.tls_min = "1.0";
        break;
      case Opt::kTlsv11:
        c.tls_min = "1.1";
        break;
      case Opt::kTlsv12:
        c.tls_min = "1.2";
        break;
      case Opt::kTlsv13:
        c.tls_min = "1.3";
        break;
      case Opt::kTlsMax:
        if (v != "1.0" && v != "1.1" && v != "1.2" && v != "1.3" && v != "default")
          return usage(flag + " expects 1.0, 1.1, 1.2, 1.3 or default, not " + base::quote(v));
        if (v != "default")
          c.tls_max = v;
        break;
      case Opt::kNoEffectArg:
      case Opt::kNoEffect:
        c.no_effect.push_back(flag);
        break;
      case Opt::kUnsupported:
        return usage("curl option " + flag +
                     " is not supported by igw curl-sim: " + std::string(o.why));
    }
    return {};
  };

  std::vector<std::string> known_long;
  for (const auto& o : kOptions)
    known_long.push_back("--" + std::string(o.long_name));

  bool options_done = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (options_done || a.size() < 2 || a[0] != '-') {
      urls.push_back(a);
      continue;
    }
    if (a == "--") {
      options_done = true;
      continue;
    }
    if (a.starts_with("--")) {
      std::string name = a.substr(2);
      if (size_t eq = name.find('='); eq != std::string::npos) {
        std::string base_name = name.substr(0, eq);
        if (find_long(base_name))
          return usage("curl does not read \"" + a + "\": write it as --" + base_name + " " +
                       base::quote(name.substr(eq + 1)));
      }
      const OptSpec* o = find_long(name);
      bool negated = false;
      if (!o && name.starts_with("no-")) {
        o = find_long(name.substr(3));
        negated = o && !o->takes_arg;
        if (!negated)
          o = nullptr;
      }
      if (!o) {
        std::string msg = "unknown curl option " + base::quote(a);
        if (auto near = base::closest_match(a, known_long))
          msg += " (did you mean " + *near + "?)";
        return usage(msg);
      }
      if (negated) {
        // Only the boolean switches curl users negate in practice.
        if (o->id == Opt::kLocation)
          c.location = false;
        else if (o->id == Opt::kVerbose)
          c.verbose = false;
        else if (o->id == Opt::kInsecure)
          c.insecure = false;
        else if (o->id == Opt::kFail)
          c.fail = false;
        else if (o->id == Opt::kSilent)
          c.silent = false;
        else if (o->id == Opt::kInclude)
          c.include = false;
        continue;
      }
      std::string value;
      if (o->takes_arg) {
        if (i + 1 >= args.size())
          return usage("curl option " + a + " needs a value");
        value = args[++i];
      }
      auto r = apply(*o, a, value);
      if (!r)
        return r.error();
      continue;
    }
    // A bundle of short options: "-sSL", "-XPOST", "-H" "x: y".
    for (size_t k = 1; k < a.size(); ++k) {
      const OptSpec* o = find_short(a[k]);
      std::string flag = std::string("-") + a[k];
      if (!o)
        return usage("unknown curl option " + base::quote(flag) +
                     (a.size() > 2 ? " (in " + base::quote(a) + ")" : std::string()));
      std::string value;
      if (o->takes_arg) {
        if (k + 1 < a.size()) {
          value = a.substr(k + 1);
        } else if (i + 1 < args.size()) {
          value = args[++i];
        } else {
          return usage("curl option " + flag + " needs a value");
        }
        auto r = apply(*o, flag, value);
        if (!r)
          return r.error();
        break;
      }
      auto r = apply(*o, flag, value);
      if (!r)
        return r.error();
    }
  }

  if (urls.empty())
    return usage("no URL in the curl command");
  if (urls.size() > 1)
    return usage("the curl command has several URLs (" + base::join(urls, ", ") +
                 "): igw curl-sim simulates one at a time");
  if (c.head && have_data && !c.get)
    return usage(
        "curl refuses -I together with -d: \"You can only select one HTTP request "
        "method!\"");
  c.url_text = urls[0];
  std::string why;
  auto url = parse_url(c.url_text, &why);
  if (!url)
    return usage(why);
  c.url = std::move(*url);
  if (!c.path_as_is)
    c.url.path = squash_dots(c.url.path);
  if (!c.url.userinfo.empty() && !c.user)
    c.user = c.url.userinfo;
  if (have_data) {
    std::string joined = base::join(data_parts, "&");
    if (c.get) {
      c.url.path += (c.url.path.find('?') == std::string::npos ? "?" : "&") + joined;
    } else {
      c.data = std::move(joined);
    }
  }
  return c;
}

ClientRequest build_curl_request(const CurlCommand& c, const Url& url, const FollowState& f) {
  ClientRequest r;
  r.url = url;
  r.http2 = c.http_version == HttpVersion::kHttp2PriorKnowledge ||
            (url.scheme == "https" && c.http_version != HttpVersion::kHttp11);

  bool body = !f.drop_body && (c.data.has_value() || c.upload.has_value());
  if (f.method) {
    r.method = *f.method;
  } else if (c.method) {
    r.method = *c.method;
  } else if (c.head) {
    r.method = "HEAD";
  } else if (c.upload) {
    r.method = "PUT";
  } else if (c.data) {
    r.method = "POST";
  } else {
    r.method = "GET";
  }
  if (body)
    r.body = c.upload ? *c.upload : *c.data;

  // Credentials go to the first host only unless --location-trusted (curl ≥ 7.58 for -u, ≥ 7.83
  // for custom Authorization and Cookie headers).
  bool send_credentials = !f.following || f.same_host_as_first || c.location_trusted;
  auto custom_suppresses = [&](std::string_view name) { return has_custom(c, name); };

  Headers& h = r.headers;
  if (!custom_suppresses("host") || (f.following && !f.same_hostname_as_first))
    h.add("Host", url.host_header());
  if (c.user && send_credentials && !custom_suppresses("authorization"))
    h.add("Authorization", "Basic " + base::base64_encode(*c.user));
  if (c.range && !custom_suppresses("range"))
    h.add("Range", "bytes=" + *c.range);
  if (!custom_suppresses("user-agent"))
    h.add("User-Agent", c.user_agent ? *c.user_agent : std::string(kCurlUserAgent));
  if (!custom_suppresses("accept"))
    h.add("Accept", c.json ? "application/json" : "*/*");
  if (c.compressed && !custom_suppresses("accept-encoding"))
    h.add("Accept-Encoding", "deflate, gzip");
  if (c.referer && !custom_suppresses("referer"))
    h.add("Referer", *c.referer);
  if (!c.cookies.empty() && !custom_suppresses("cookie"))
    h.add("Cookie", base::join(c.cookies, "; "));
  if (c.http_version == HttpVersion::kHttp2 && url.scheme == "http") {
    // curl --http2 on http:// asks for an h2c upgrade.
    h.add("Connection", "Upgrade, HTTP2-Settings");
    h.add("Upgrade", "h2c");
    h.add("HTTP2-Settings", "AAMAAABkAAQAoAAAAAIAAAAA");
  }
  for (const auto& ch : c.headers) {
    if (base::iequals(ch.name, "host") && f.following && !f.same_hostname_as_first)
      continue;
    if ((base::iequals(ch.name, "authorization") || base::iequals(ch.name, "cookie")) &&
        !send_credentials)
      continue;
    if (f.drop_body &&
        (base::iequals(ch.name, "content-type") || base::iequals(ch.name, "content-length")))
      continue;
    switch (ch.kind) {
      case CustomHeader::Kind::kSet:
        h.add(ch.name, ch.value);
        break;
      case CustomHeader::Kind::kEmpty:
        h.add(ch.name, "");
        break;
      case CustomHeader::Kind::kRemove:
        break;
    }
  }
  if (body) {
    if (!custom_suppresses("content-length"))
      h.add("Content-Length", std::to_string(r.body.size()));
    if (!c.upload && !custom_suppresses("content-type"))
      h.add("Content-Type", c.json ? "application/json" : "application/x-www-form-urlencoded");
  }
  return r;
}

ConnectTarget connect_target(const CurlCommand& c, const Url& url) {
  ConnectTarget t;
  t.port = url.port;
  for (const auto& spec : c.resolve) {
    std::string_view s = spec;
    if (!s.empty() && (s[0] == '+' || s[0] == '-'))
      s.remove_prefix(1);
    auto parts = base::split(s, ':');
    if (parts.size() >= 3 && (parts[0] == "*" || base::iequals(parts[0], url.host)) &&
        parts[1] == std::to_string(url.port)) {
      t.pinned = true;
      t.via = "--resolve " + spec;
    }
  }
  for (const auto& spec : c.connect_to) {
    // HOST1:PORT1:HOST2:PORT2 (IPv6 in brackets is not split here).
    auto parts = base::split(spec, ':');
    if (parts.size() < 4)
      continue;
    bool host_ok = parts[0].empty() || base::iequals(parts[0], url.host);
    bool port_ok = parts[1].empty() || parts[1] == std::to_string(url.port);
    if (!host_ok || !port_ok)
      continue;
    t.pinned = true;
    t.via = "--connect-to " + spec;
    if (!parts[3].empty()) {
      if (auto p = base::parse_int(parts[3]); p && *p > 0 && *p < 65536)
        t.port = static_cast<uint32_t>(*p);
    }
    break;
  }
  return t;
}

std::optional<std::string> curl_redirect_method(const CurlCommand& c, uint32_t status,
                                                std::string_view method) {
  if (c.method)
    return std::nullopt;  // -X: curl keeps the given method on every hop
  if ((status == 301 || status == 302) && method == "POST")
    return std::string("GET");
  if (status == 303 && method != "GET" && method != "HEAD")
    return std::string("GET");
  return std::nullopt;
}

std::string expand_write_out(std::string_view fmt_text, const WriteOutValues& v,
                             std::vector<std::string>* unknown) {
  std::string out;
  for (size_t i = 0; i < fmt_text.size(); ++i) {
    char ch = fmt_text[i];
    if (ch == '\\' && i + 1 < fmt_text.size()) {
      char n = fmt_text[++i];
      switch (n) {
        case 'n':
          out.push_back('\n');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 't':
          out.push_back('\t');
          break;
        case '\\':
          out.push_back('\\');
          break;
        default:
          out.push_back('\\');
          out.push_back(n);
      }
      continue;
    }
    if (ch != '%') {
      out.push_back(ch);
      continue;
    }
    if (fmt_text.substr(i).starts_with("%%")) {
      out.push_back('%');
      ++i;
      continue;
    }
    if (fmt_text.substr(i).starts_with("%header{")) {
      size_t end = fmt_text.find('}', i);
      if (end == std::string_view::npos) {
        out.append(fmt_text.substr(i));
        break;
      }
      std::string_view name = fmt_text.substr(i + 8, end - i - 8);
      if (auto val = v.response_headers.get_joined(name, ", "))
        out += *val;
      i = end;
      continue;
    }
    if (!fmt_text.substr(i).starts_with("%{")) {
      out.push_back('%');
      continue;
    }
    size_t end = fmt_text.find('}', i);
    if (end == std::string_view::npos) {
      out.append(fmt_text.substr(i));
      break;
    }
    std::string_view var = fmt_text.substr(i + 2, end - i - 2);
    i = end;
    if (var == "http_code" || var == "response_code") {
      out += fmt::format("{:03d}", v.http_code);
    } else if (var == "url_effective" || var == "url") {
      out += v.url_effective;
    } else if (var == "redirect_url") {
      out += v.redirect_url;
    } else if (var == "num_redirects") {
      out += std::to_string(v.num_redirects);
    } else if (var == "method") {
      out += v.method;
    } else if (var == "scheme") {
      out += base::to_lower(v.scheme) == "https" ? "HTTPS" : "HTTP";
    } else if (var == "http_version") {
      out += v.http_version;
    } else if (var == "content_type") {
      out += v.content_type;
    } else if (var == "size_download") {
      out += std::to_string(v.size_download);
    } else if (var == "size_header") {
      out += std::to_string(v.size_header);
    } else if (var == "size_request") {
      out += std::to_string(v.size_request);
    } else if (var == "size_upload") {
      out += std::to_string(v.size_upload);
    } else if (var == "remote_port") {
      out += std::to_string(v.remote_port);
    } else if (var == "local_port") {
      out += std::to_string(v.local_port);
    } else if (var == "exitcode") {
      out += std::to_string(v.exit_code);
    } else if (var == "errormsg") {
      out += v.errormsg;
    } else if (var == "remote_ip" || var == "local_ip") {
      // Nothing is connected offline.
    } else if (var.starts_with("time_") || var.starts_with("speed_")) {
      out += var.starts_with("time_") ? "0.000000" : "0";
    } else if (var == "ssl_verify_result" || var == "proxy_ssl_verify_result" ||
               var == "num_connects" || var == "http_connect" || var == "num_headers") {
      out += var == "num_connects"  ? "1"
             : var == "num_headers" ? std::to_string(v.response_headers.size())
                                    : "0";
    } else {
      if (unknown)
        unknown->emplace_back(var);
    }
  }
  return out;
}

}  // namespace igw::http

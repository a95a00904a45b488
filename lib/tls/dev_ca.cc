// The development CA; see dev_ca.h.
#include "lib/tls/dev_ca.h"

#include "lib/base/strings.h"
#include "lib/tls/pem.h"
#include "lib/tls/x509_facts.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <pwd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace igw::tls {

namespace {

namespace fs = std::filesystem;

constexpr int64_t kDay = 24 * 60 * 60;
constexpr int64_t kCaLifetime = 10 * 365 * kDay;
constexpr int64_t kLeafLifetime = 365 * kDay;
// A cached server certificate is re-issued when it has less than this left.
constexpr int64_t kLeafRenewBefore = 7 * kDay;
// Certificates start an hour in the past so that a peer with a slightly slow clock accepts them.
constexpr int64_t kBackdate = 60 * 60;

int64_t now_unix() {
  return static_cast<int64_t>(std::time(nullptr));
}

std::string errno_text() {
  return std::strerror(errno);
}

// Holds an exclusive flock on DIR/.lock so that two igw processes starting together do not both
// create a CA (or a certificate) and overwrite each other's files.
class DirLock {
 public:
  explicit DirLock(const std::string& dir) {
    fd_ = ::open((dir + "/.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ >= 0 && ::flock(fd_, LOCK_EX) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~DirLock() {
    if (fd_ >= 0)
      ::close(fd_);  // releases the lock
  }
  DirLock(const DirLock&) = delete;
  DirLock& operator=(const DirLock&) = delete;
  bool locked() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

base::Result<void> ensure_dir(const std::string& dir) {
  std::error_code ec;
  if (fs::is_directory(dir, ec))
    return {};
  fs::create_directories(dir, ec);
  if (ec)
    return base::make_error("cannot create " + dir + ": " + ec.message());
  // Only the owner needs to see a directory that holds private keys.
  fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  return {};
}

// Writes `data` to `path` with `mode` through a temporary file and rename, so that a reader never
// sees half a file and the mode is right from the first byte.
base::Result<void> write_file(const std::string& path, const std::string& data, mode_t mode) {
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0)
    return base::make_error("cannot write " + tmp + ": " + errno_text());
  ::fchmod(fd, mode);  // in case the file already existed with another mode
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      std::string why = errno_text();
      ::close(fd);
      ::unlink(tmp.c_str());
      return base::make_error("cannot write " + tmp + ": " + why);
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    std::string why = errno_text();
    ::unlink(tmp.c_str());
    return base::make_error("cannot write " + tmp + ": " + why);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    std::string why = errno_text();
    ::unlink(tmp.c_str());
    return base::make_error("cannot rename " + tmp + " to " + path + ": " + why);
  }
  return {};
}

base::Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return base::make_error("cannot read " + path + ": " + errno_text());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool is_ip_literal(const std::string& s) {
  unsigned char buf[16];
  return inet_pton(AF_INET, s.c_str(), buf) == 1 || inet_pton(AF_INET6, s.c_str(), buf) == 1;
}

// Letters, digits, '-', '_' and '.', with an optional leading "*." — what a DNS subjectAltName
// of a development certificate may hold.
bool dns_name_ok(std::string_view s) {
  if (s.starts_with("*."))
    s.remove_prefix(2);
  if (s.empty() || s.size() > 253 || s.front() == '.' || s.back() == '.')
    return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

EvpPkeyPtr new_p256_key() {
  return EvpPkeyPtr(EVP_EC_gen("P-256"));
}

bool set_random_serial(X509* x) {
  std::unique_ptr<BIGNUM, decltype(&BN_free)> bn(BN_new(), &BN_free);
  // 127 random bits: positive, unique enough, within RFC 5280's 20 octets.
  return bn && BN_rand(bn.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1 &&
         BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(x)) != nullptr;
}

bool add_conf_ext(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509ExtensionPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
  return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

// subjectAltName built value by value (never through a config string, so that no host name can
// inject other entries).
bool add_sans(X509* cert, const std::vector<std::string>& sans) {
  if (sans.empty())
    return true;
  GeneralNamesPtr names(sk_GENERAL_NAME_new_null());
  if (!names)
    return false;
  for (const auto& s : sans) {
    GENERAL_NAME* g = GENERAL_NAME_new();
    if (!g)
      return false;
    if (is_ip_literal(s)) {
      ASN1_OCTET_STRING* ip = a2i_IPADDRESS(s.c_str());
      if (!ip) {
        GENERAL_NAME_free(g);
        return false;
      }
      GENERAL_NAME_set0_value(g, GEN_IPADD, ip);
    } else {
      ASN1_IA5STRING* text = ASN1_IA5STRING_new();
      if (!text || ASN1_STRING_set(text, s.data(), static_cast<int>(s.size())) != 1) {
        ASN1_IA5STRING_free(text);
        GENERAL_NAME_free(g);
        return false;
      }
      GENERAL_NAME_set0_value(g, s.find("://") != std::string::npos ? GEN_URI : GEN_DNS, text);
    }
    if (sk_GENERAL_NAME_push(names.get(), g) == 0) {
      GENERAL_NAME_free(g);
      return false;
    }
  }
  return X509_add1_ext_i2d(cert, NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT) == 1;
}

struct CertSpec {
  std::string common_name;
  std::string organization;
  int64_t lifetime = kLeafLifetime;
  bool ca = false;
  const char* extended_key_usage = nullptr;  // "serverAuth", "clientAuth"
  std::vector<std::string> sans;
};

// Issues a certificate for `key` signed by `issuer`/`issuer_key` (self-signed when null).
base::Result<X509Ptr> make_certificate(const CertSpec& spec, EVP_PKEY* key, X509* issuer,
                                       EVP_PKEY* issuer_key) {
  X509Ptr cert(X509_new());
  if (!cert)
    return base::make_error("out of memory");
  X509_NAME* name = X509_get_subject_name(cert.get());
  bool ok = X509_set_version(cert.get(), 2) == 1 && set_random_serial(cert.get()) &&
            X509_time_adj_ex(X509_getm_notBefore(cert.get()), 0, -kBackdate, nullptr) &&
            X509_time_adj_ex(X509_getm_notAfter(cert.get()), 0, spec.lifetime, nullptr) &&
            X509_set_pubkey(cert.get(), key) == 1;
  if (ok && !spec.organization.empty())
    ok = X509_NAME_add_entry_by_txt(
             name, "O", MBSTRING_UTF8,
             reinterpret_cast<const unsigned char*>(spec.organization.c_str()), -1, -1, 0) == 1;
  if (ok && !spec.common_name.empty())
    ok = X509_NAME_add_entry_by_txt(
             name, "CN", MBSTRING_UTF8,
             reinterpret_cast<const unsigned char*>(spec.common_name.c_str()), -1, -1, 0) == 1;
  X509* signer = issuer ? issuer : cert.get();
  ok = ok && X509_set_issuer_name(cert.get(), X509_get_subject_name(signer)) == 1;
  if (spec.ca) {
    ok = ok &&
         add_conf_ext(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE,pathlen:0") &&
         add_conf_ext(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    ok = ok && add_conf_ext(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE") &&
         add_conf_ext(cert.get(), signer, NID_key_usage, "critical,digitalSignature") &&
         (!spec.extended_key_usage ||
          add_conf_ext(cert.get(), signer, NID_ext_key_usage, spec.extended_key_usage));
  }
  // The subject key identifier first: the authority key identifier of a self-signed CA is
  // computed from it.
  ok = ok && add_conf_ext(cert.get(), signer, NID_subject_key_identifier, "hash") &&
       add_conf_ext(cert.get(), signer, NID_authority_key_identifier, "keyid:always") &&
       add_sans(cert.get(), spec.sans) &&
       X509_sign(cert.get(), issuer_key ? issuer_key : key, EVP_sha256()) > 0;
  if (!ok) {
    std::string why = take_openssl_errors();
    return base::make_error("cannot issue a certificate" + (why.empty() ? "" : ": " + why));
  }
  return cert;
}

std::string short_hex(const unsigned char* data, size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out += digits[data[i] >> 4];
    out += digits[data[i] & 0xf];
  }
  return out;
}

std::string shell_quote(std::string_view s) {
  bool plain = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("_./:@%+=,-").find(c) != std::string_view::npos;
  });
  if (plain)
    return std::string(s);
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

// Host and port of "https://host:port/…" (port 443 when absent), for openssl s_client.
std::pair<std::string, std::string> host_port(std::string_view url) {
  if (size_t p = url.find("://"); p != std::string_view::npos)
    url.remove_prefix(p + 3);
  url = url.substr(0, url.find('/'));
  std::string host(url);
  std::string port = "443";
  if (!host.empty() && host.front() == '[') {
    size_t close = host.find(']');
    if (close != std::string::npos) {
      if (close + 1 < host.size() && host[close + 1] == ':')
        port = host.substr(close + 2);
      host = host.substr(0, close + 1);
    }
  } else if (size_t colon = host.rfind(':'); colon != std::string::npos) {
    port = host.substr(colon + 1);
    host.resize(colon);
  }
  return {host, port};
}

// The stored server certificate at `crt`/`key` when it is still good for `sans` under `ca`.
std::optional<KeyPair> reuse_server_certificate(const std::string& crt, const std::string& key,
                                                const std::vector<std::string>& sans, X509* ca) {
  std::error_code ec;
  if (!fs::exists(crt, ec) || !fs::exists(key, ec))
    return std::nullopt;
  auto crt_text = read_file(crt);
  auto key_text = read_file(key);
  if (!crt_text || !key_text)
    return std::nullopt;
  auto chain = parse_certificates(*crt_text);
  auto pkey = parse_private_key(*key_text);
  if (!chain || !pkey)
    return std::nullopt;
  X509* leaf = chain->front().get();
  bool good = X509_check_private_key(leaf, pkey->get()) == 1 &&
              X509_verify(leaf, X509_get0_pubkey(ca)) == 1 &&
              not_after_unix(leaf) > now_unix() + kLeafRenewBefore &&
              not_before_unix(leaf) <= now_unix();
  ERR_clear_error();
  if (!good)
    return std::nullopt;
  // The SANs are the cache key; compare them anyway in case a file was edited by hand.
  std::vector<std::string> have = dns_names(leaf);
  for (const auto& s : sans) {
    if (!is_ip_literal(s) && std::find(have.begin(), have.end(), s) == have.end())
      return std::nullopt;
  }
  KeyPair out;
  out.chain = std::move(*chain);
  out.key = std::move(*pkey);
  return out;
}

}  // namespace

std::string DevCa::default_dir() {
  if (const char* state = std::getenv("XDG_STATE_HOME"); state && state[0] == '/')
    return std::string(state) + "/igw/dev-certs";
  std::string home;
  if (const char* h = std::getenv("HOME"); h && h[0])
    home = h;
  else if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_dir)
    home = pw->pw_dir;
  return home + "/.local/state/igw/dev-certs";
}

std::string DevCa::ca_cert_path() const {
  return dir_ + "/ca.crt";
}

std::string DevCa::ca_key_path() const {
  return dir_ + "/ca.key";
}

base::Result<std::shared_ptr<DevCa>> DevCa::open(const std::string& dir,
                                                 std::vector<LogLine>* log) {
  if (dir.empty())
    return base::make_error("--dev-certs: empty directory");
  if (auto made = ensure_dir(dir); !made)
    return made.error();
  DirLock lock(dir);
  if (!lock.locked())
    return base::make_error("cannot lock " + dir + "/.lock: " + errno_text());

  std::shared_ptr<DevCa> ca(new DevCa());
  ca->dir_ = dir;
  const std::string crt = ca->ca_cert_path();
  const std::string key = ca->ca_key_path();
  std::error_code ec;
  bool have_crt = fs::exists(crt, ec);
  bool have_key = fs::exists(key, ec);
  if (have_crt != have_key)
    return base::make_error("development CA in " + dir +
                            " is incomplete: " + (have_crt ? key : crt) +
                            " is missing; restore it, or remove the other file to let igw create "
                            "a new CA");
  if (have_crt) {
    auto unusable = [&](const std::string& why) {
      return base::make_error("cannot use the development CA in " + dir + ": " + why + "; remove " +
                              crt + " and " + key + " to let igw create a new one");
    };
    auto crt_text = read_file(crt);
    if (!crt_text)
      return unusable(crt_text.error().message);
    auto key_text = read_file(key);
    if (!key_text)
      return unusable(key_text.error().message);
    auto chain = parse_certificates(*crt_text);
    if (!chain)
      return unusable(crt + ": " + chain.error().message);
    auto pkey = parse_private_key(*key_text);
    if (!pkey)
      return unusable(key + ": " + pkey.error().message);
    if (X509_check_private_key(chain->front().get(), pkey->get()) != 1) {
      ERR_clear_error();
      return unusable(key + " does not belong to " + crt);
    }
    if (X509_check_ca(chain->front().get()) < 1)
      return unusable(crt + " is not a CA certificate");
    struct stat st {};
    if (log && ::stat(key.c_str(), &st) == 0 && (st.st_mode & 077) != 0)
      log->push_back(LogLine::warning(key + " is readable by other users; run chmod 600 " + key));
    int64_t expires = not_after_unix(chain->front().get());
    if (expires > now_unix() + kDay) {
      ca->cert_ = std::move(chain->front());
      ca->key_ = std::move(*pkey);
      return ca;
    }
    if (log)
      log->push_back(
          LogLine::info("development CA " + crt + " expired on " + format_utc(expires) +
                        "; creating a new one (certificates it issued are no longer trusted)"));
  }

  EvpPkeyPtr ca_key = new_p256_key();
  if (!ca_key)
    return base::make_error("cannot generate a key: " + take_openssl_errors());
  unsigned char tag[4];
  if (RAND_bytes(tag, sizeof(tag)) != 1)
    return base::make_error("no randomness: " + take_openssl_errors());
  CertSpec spec;
  spec.common_name = "igw development CA " + short_hex(tag, sizeof(tag));
  spec.organization = "igw (local development only)";
  spec.lifetime = kCaLifetime;
  spec.ca = true;
  auto cert = make_certificate(spec, ca_key.get(), nullptr, nullptr);
  if (!cert)
    return cert.error();
  // The key first: a ca.crt without its key is the state open() refuses to repair.
  if (auto w = write_file(key, to_pem(ca_key.get()), 0600); !w)
    return w.error();
  if (auto w = write_file(crt, to_pem(cert->get()), 0644); !w)
    return w.error();
  ca->cert_ = std::move(*cert);
  ca->key_ = std::move(ca_key);
  ca->created_ = true;
  if (log)
    log->push_back(
        LogLine::info("created development CA " + crt + " (key " + key + ", mode 0600)"));
  return ca;
}

CaBundle DevCa::ca_bundle() const {
  CaBundle out;
  out.certs.push_back(share(cert_.get()));
  out.name = "dev CA";
  out.source = "dev CA " + ca_cert_path();
  out.files = {ca_cert_path()};
  return out;
}

std::vector<std::string> DevCa::san_list(const std::vector<std::string>& hosts) {
  std::vector<std::string> out;
  auto add = [&out](std::string s) {
    if (std::find(out.begin(), out.end(), s) == out.end())
      out.push_back(std::move(s));
  };
  for (const auto& h : hosts) {
    std::string_view v = h;
    if (size_t slash = v.find('/'); slash != std::string_view::npos)
      v.remove_prefix(slash + 1);
    std::string host = base::to_lower(v);
    if (host == "*") {
      add("localhost");
      add("127.0.0.1");
      add("::1");
    } else if (is_ip_literal(host) || dns_name_ok(host)) {
      add(host);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

base::Result<KeyPair> DevCa::server_certificate(const std::vector<std::string>& sans,
                                                std::vector<LogLine>* log) const {
  if (sans.empty())
    return base::make_error("no host name a certificate can carry");
  std::string joined = base::join(sans, "\n");
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(joined.data()), joined.size(), digest);
  const std::string servers = dir_ + "/servers";
  if (auto made = ensure_dir(servers); !made)
    return made.error();
  const std::string base = servers + "/" + short_hex(digest, 8);
  const std::string crt = base + ".crt";
  const std::string key = base + ".key";
  const std::string names = base::join(sans, ", ");

  DirLock lock(dir_);
  KeyPair out;
  if (auto cached = reuse_server_certificate(crt, key, sans, cert_.get())) {
    out = std::move(*cached);
  } else {
    EvpPkeyPtr leaf_key = new_p256_key();
    if (!leaf_key)
      return base::make_error("cannot generate a key: " + take_openssl_errors());
    CertSpec spec;
    // The first DNS name as CN, for tools that still show it; every name is a SAN.
    for (const auto& s : sans) {
      if (!is_ip_literal(s) && s.size() <= 64) {
        spec.common_name = s;
        break;
      }
    }
    spec.organization = "igw development certificate";
    spec.extended_key_usage = "serverAuth";
    spec.sans = sans;
    auto cert = make_certificate(spec, leaf_key.get(), cert_.get(), key_.get());
    if (!cert)
      return cert.error();
    if (auto w = write_file(key, to_pem(leaf_key.get()), 0600); !w)
      return w.error();
    if (auto w = write_file(crt, to_pem(cert->get()), 0644); !w)
      return w.error();
    if (log)
      log->push_back(
          LogLine::info("issued development certificate for " + names + " (" + crt + ")"));
    out.chain.push_back(std::move(*cert));
    out.key = std::move(leaf_key);
  }
  out.name = "dev:" + names;
  out.source = "dev CA " + ca_cert_path() + " (" + crt + ")";
  out.files = {crt, key};
  return out;
}

base::Result<KeyPair> DevCa::issue_client_certificate(std::string_view common_name,
                                                      const std::vector<std::string>& sans) const {
  if (common_name.empty() || common_name.size() > 64)
    return base::make_error("a client certificate needs a common name of 1 to 64 characters");
  EvpPkeyPtr key = new_p256_key();
  if (!key)
    return base::make_error("cannot generate a key: " + take_openssl_errors());
  CertSpec spec;
  spec.common_name = std::string(common_name);
  spec.organization = "igw development client";
  spec.extended_key_usage = "clientAuth";
  spec.sans = sans;
  auto cert = make_certificate(spec, key.get(), cert_.get(), key_.get());
  if (!cert)
    return cert.error();
  KeyPair out;
  out.chain.push_back(std::move(*cert));
  out.key = std::move(key);
  out.name = std::string(common_name);
  out.source = "dev CA " + ca_cert_path();
  return out;
}

base::Result<ClientCertFiles> DevCa::write_client_certificate(
    std::string_view name, const std::vector<std::string>& sans) const {
  bool ok =
      !name.empty() && name.size() <= 64 && name.front() != '.' &&
      std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
      });
  if (!ok)
    return base::make_error("client certificate name \"" + std::string(name) +
                            "\": use 1 to 64 letters, digits, '.', '-' or '_'");
  auto kp = issue_client_certificate(name, sans);
  if (!kp)
    return kp.error();
  const std::string clients = dir_ + "/clients";
  if (auto made = ensure_dir(clients); !made)
    return made.error();
  ClientCertFiles files{clients + "/" + std::string(name) + ".crt",
                        clients + "/" + std::string(name) + ".key"};
  if (auto w = write_file(files.key_path, to_pem(kp->key.get()), 0600); !w)
    return w.error();
  if (auto w = write_file(files.cert_path, to_pem(kp->leaf()), 0644); !w)
    return w.error();
  return files;
}

std::vector<std::string> DevCa::trust_instructions(std::string_view url) const {
  auto [host, port] = host_port(url);
  std::string ca = shell_quote(ca_cert_path());
  std::vector<std::string> out;
  out.push_back("development CA: " + ca_cert_path() + (created_ ? " (created now)" : ""));
  out.push_back("  curl --cacert " + ca + " " + shell_quote(url));
  out.push_back("  openssl s_client -CAfile " + ca + " -servername " + shell_quote(host) +
                " -connect " + shell_quote(host + ":" + port));
  return out;
}

std::vector<std::string> DevCa::client_instructions(const ClientCertFiles& files,
                                                    std::string_view url) const {
  auto [host, port] = host_port(url);
  std::string ca = shell_quote(ca_cert_path());
  std::string crt = shell_quote(files.cert_path);
  std::string key = shell_quote(files.key_path);
  return {"  curl --cacert " + ca + " --cert " + crt + " --key " + key + " " + shell_quote(url),
          "  openssl s_client -CAfile " + ca + " -cert " + crt + " -key " + key + " -servername " +
              shell_quote(host) + " -connect " + shell_quote(host + ":" + port)};
}

}  // namespace igw::tls

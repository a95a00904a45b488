// ServerTls: building the per-chain and per-listener contexts, and the ClientHello dispatch.
#include "lib/tls/server_tls.h"

#include "lib/tls/cert_source.h"
#include "lib/tls/chain_context.h"
#include "lib/tls/ssl_state.h"
#include "lib/tls/tls_params.h"
#include "lib/tls/x509_facts.h"

#include <openssl/err.h>
#include <openssl/tls1.h>

#include <algorithm>
#include <ctime>
#include <set>

namespace igw::tls {

namespace {

// Refusal reasons recorded on an SSL (static storage, see ssl_state.h).
constexpr const char* kNoChain = "no filter chain matches the SNI";
constexpr const char* kNotTerminating =
    "the filter chain selected by the SNI does not terminate TLS";
constexpr const char* kNoCredential = "the filter chain's certificate is not available";
constexpr const char* kListenerRejected = "Envoy would reject this listener's TLS configuration";
constexpr const char* kBadServerName = "malformed server_name extension";
constexpr const char* kSwitchFailed = "cannot switch to the filter chain's context";

// The options a dispatch context manages on a connection; others (set by the caller on the SSL)
// are left alone.
constexpr uint64_t kManagedOptions =
    SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_PRIORITIZE_CHACHA | SSL_OP_NO_RENEGOTIATION;

// The host_name of the ClientHello's server_name extension (RFC 6066 §3), lower-cased into
// `buf` (the TLS inspector hands Envoy's chain matcher a lower-case name). Empty when absent.
bool read_sni(SSL* ssl, char (&buf)[256], std::string_view* out) {
  const unsigned char* p = nullptr;
  size_t len = 0;
  *out = {};
  if (SSL_client_hello_get0_ext(ssl, TLSEXT_TYPE_server_name, &p, &len) != 1)
    return true;
  if (len < 2 || static_cast<size_t>((p[0] << 8) | p[1]) != len - 2)
    return false;
  p += 2;
  len -= 2;
  while (len >= 3) {
    unsigned type = p[0];
    size_t n = static_cast<size_t>((p[1] << 8) | p[2]);
    if (n > len - 3)
      return false;
    if (type == TLSEXT_NAMETYPE_host_name) {
      if (n == 0 || n >= sizeof(buf))
        return false;
      for (size_t i = 0; i < n; ++i) {
        char c = static_cast<char>(p[3 + i]);
        if (c == '\0')
          return false;
        buf[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      }
      *out = std::string_view(buf, n);
      return true;
    }
    p += 3 + n;
    len -= 3 + n;
  }
  return len == 0;
}

std::string chain_label(const compile::FilterChain& c) {
  std::string out = "TLS chain " + c.name + " (Gateway " + c.server.gateway + " servers[" +
                    std::to_string(c.server.server_index) + "]";
  if (c.server.loc.known()) {
    out += ", " + c.server.loc.path();
    if (c.server.loc.line)
      out += ":" + std::to_string(c.server.loc.line);
  }
  return out + ")";
}

const model::ServerTlsSettings* find_model_tls(const model::Config* config,
                                               const compile::ServerRef& ref) {
  if (!config)
    return nullptr;
  for (const auto& gw : config->gateways) {
    if (gw.ns() + "/" + gw.name() != ref.gateway)
      continue;
    for (const auto& s : gw.servers) {
      if (s.index == ref.server_index && s.tls)
        return &*s.tls;
    }
  }
  return nullptr;
}

std::string join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (const auto& s : v)
    out += (out.empty() ? "" : std::string(sep)) + s;
  return out;
}

std::string describe_pair(const KeyPair& kp) {
  X509* leaf = kp.leaf();
  return kp.source + " [" + key_description(kp.key.get()) + ", expires " +
         format_utc(not_after_unix(leaf)) + "]";
}

}  // namespace

struct ServerTls::ChainState {
  const compile::FilterChain* chain = nullptr;
  std::unique_ptr<ChainContext> context;  // null: handshakes refused
  const char* refusal = kNoCredential;
  bool reapply_ciphers = false;  // the dispatch context's cipher strings differ
};

struct ServerTls::ListenerState {
  const compile::Listener* listener = nullptr;
  SslCtxPtr own_dispatch;  // when several chains (or none usable) share the listener
  SSL_CTX* dispatch = nullptr;
  ConnectionSettings dispatch_settings;
  std::vector<const ChainState*> by_index;  // aligned with listener->chains; null = no TLS
  const char* rejected = nullptr;           // Envoy would refuse the whole listener
};

ServerTls::ServerTls() = default;
ServerTls::~ServerTls() = default;

// Resolves credentials and builds contexts; owns nothing after build().
class ServerTls::Builder {
 public:
  Builder(ServerTls& out, const CredentialSources& sources, const BuildOptions& options,
          std::vector<LogLine>& log)
      : out_(out), sources_(sources), options_(options), certs_(sources), log_(log) {}

  base::Result<void> run(const compile::RouteTable& table) {
    out_.ticket_keys_ = options_.ticket_keys ? options_.ticket_keys : SessionTicketKeys::generate();
    if (!out_.ticket_keys_)
      return base::make_error("cannot generate session ticket keys: " + take_openssl_errors());
    if (sources_.dev_certs_dir) {
      auto ca = DevCa::open(*sources_.dev_certs_dir, &log_);
      if (!ca)
        return ca.error();
      out_.dev_ca_ = std::move(*ca);
      add_file(out_.dev_ca_->ca_cert_path());
    }
    for (const auto& l : table.listeners()) {
      if (auto r = build_listener(l); !r)
        return r;
    }
    return {};
  }

 private:
  base::Result<void> build_listener(const compile::Listener& l) {
    auto ls = std::make_unique<ListenerState>();
    ls->listener = &l;
    ls->by_index.assign(l.chains.size(), nullptr);
    std::vector<ChainState*> tls_chains;
    for (size_t i = 0; i < l.chains.size(); ++i) {
      const compile::FilterChain& c = l.chains[i];
      if (!c.tls)
        continue;
      auto cs = std::make_unique<ChainState>();
      cs->chain = &c;
      build_chain(*cs, *ls);
      ls->by_index[i] = cs.get();
      tls_chains.push_back(cs.get());
      out_.chain_states_.push_back(std::move(cs));
    }
    if (tls_chains.empty())
      return {};
    if (ls->rejected) {
      for (auto& st : out_.chain_status_) {
        if (std::find_if(tls_chains.begin(), tls_chains.end(), [&st](const ChainState* cs) {
              return cs->chain == st.chain;
            }) == tls_chains.end())
          continue;
        st.ready = false;
        st.reason = rejection_;
      }
    }

    ChainState* first_ready = nullptr;
    for (ChainState* cs : tls_chains) {
      if (cs->context && !first_ready)
        first_ready = cs;
    }
    if (tls_chains.size() == 1 && first_ready && !ls->rejected) {
      // One chain: its own context dispatches (the callback only checks the SNI and records
      // the chain), saving a context switch per handshake.
      ls->dispatch = first_ready->context->ctx();
      ls->dispatch_settings = first_ready->context->settings();
      first_ready->context->set_client_hello_callback(&ServerTls::on_client_hello, ls.get());
    } else {
      auto d = make_dispatch(first_ready ? &first_ready->context->settings() : nullptr, *ls);
      if (!d)
        return d.error();
      ls->own_dispatch = std::move(*d);
      ls->dispatch = ls->own_dispatch.get();
    }
    // Sessions are cached (and tickets sealed) by the context a connection was created from,
    // whichever chain it switched to: the dispatch context. One TLS 1.3 ticket per full
    // handshake instead of OpenSSL's two: an HTTP client resumes with one ticket per connection,
    // and each ticket costs a session encode, AES and HMAC (SSL_new copies the count).
    SSL_CTX_sess_set_cache_size(ls->dispatch, options_.session_cache_size);
    SSL_CTX_set_num_tickets(ls->dispatch, 1);
    for (ChainState* cs : tls_chains) {
      if (cs->context)
        cs->reapply_ciphers = !cs->context->settings().same_ciphers(ls->dispatch_settings);
    }
    out_.listeners_.push_back(std::move(ls));
    return {};
  }

  base::Result<SslCtxPtr> make_dispatch(const ConnectionSettings* like, ListenerState& ls) {
    SslCtxPtr d(SSL_CTX_new(TLS_server_method()));
    if (!d)
      return base::make_error("cannot create an SSL_CTX: " + take_openssl_errors());
    ConnectionSettings s;
    if (like) {
      s = *like;
    } else {
      s.min_version = TLS1_2_VERSION;
      s.max_version = TLS1_3_VERSION;
      s.cipher_list = cipher_string({}, nullptr);
      s.ciphersuites = std::string(kTls13Suites);
      s.options = server_options(true);
    }
    s.verify_mode = SSL_VERIFY_NONE;
    // Connections start with these (SSL_new copies them); a chain whose settings match needs
    // no re-applying after the switch.
    SSL_CTX* ctx = d.get();
    SSL_CTX_set_security_level(ctx, 0);
    bool ok = SSL_CTX_set_min_proto_version(ctx, s.min_version) == 1 &&
              SSL_CTX_set_max_proto_version(ctx, s.max_version) == 1 &&
              SSL_CTX_set_cipher_list(ctx, s.cipher_list.c_str()) == 1 &&
              SSL_CTX_set_ciphersuites(ctx, s.ciphersuites.c_str()) == 1 &&
              SSL_CTX_set1_groups_list(ctx, std::string(kGroups).c_str()) == 1;
    static constexpr unsigned char kSid[] = "igw-dispatch";
    ok = ok && SSL_CTX_set_session_id_context(ctx, kSid, sizeof(kSid) - 1) == 1 &&
         out_.ticket_keys_->apply(ctx);
    if (!ok)
      return base::make_error("cannot set up a dispatch context: " + take_openssl_errors());
    SSL_CTX_clear_options(ctx, kManagedOptions);
    SSL_CTX_set_options(ctx, s.options & kManagedOptions);
    s.options = SSL_CTX_get_options(ctx);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_SERVER);
    SSL_CTX_set_client_hello_cb(ctx, &ServerTls::on_client_hello, &ls);
    ls.dispatch_settings = s;
    return d;
  }

  void build_chain(ChainState& cs, ListenerState& ls) {
    const compile::FilterChain& c = *cs.chain;
    const compile::TlsContext& t = *c.tls;
    const std::string label = chain_label(c);
    ChainStatus status;
    status.chain = &c;

    const bool istio_mutual = t.mode == model::TlsMode::kIstioMutual;
    const bool by_credential =
        !istio_mutual && (!t.credential_names.empty() || !t.credential_name.empty());
    const bool validate = t.validate_client_certificate;

    // A SIMPLE server with subjectAltNames and a credentialName gets a validation context of
    // SAN matchers without a trusted CA (ApplyCredentialSDSToServerCommonTLSContext), which
    // Envoy refuses ("SAN-based verification of peer certificates without trusted CA is
    // insecure and not allowed"): the whole listener is rejected.
    if (t.mode == model::TlsMode::kSimple && by_credential && !t.subject_alt_names.empty() &&
        !ls.rejected) {
      ls.rejected = kListenerRejected;
      rejection_ = label +
                   ": SIMPLE TLS with subjectAltNames: Envoy rejects the listener (SAN-based "
                   "verification of peer certificates without trusted CA is insecure and not "
                   "allowed), so every TLS handshake on " +
                   ls.listener->name + " fails";
      log_.push_back(LogLine::warning(rejection_));
    }

    ChainMaterial m;
    // Istio applies server versions and ciphers to SIMPLE, MUTUAL and OPTIONAL_MUTUAL only
    // (isSimpleOrMutual in BuildListenerTLSContext); ISTIO_MUTUAL keeps Envoy's defaults.
    m.min_version = istio_mutual ? TLS1_2_VERSION : protocol_version(t.min_protocol_version);
    m.max_version = istio_mutual ? TLS1_3_VERSION : protocol_version(t.max_protocol_version);
    if (!istio_mutual)
      m.cipher_suites = t.cipher_suites;
    for (const auto& p : t.alpn) {
      if (std::find(options_.served_alpn.begin(), options_.served_alpn.end(), p) !=
          options_.served_alpn.end())
        m.alpn.push_back(p);
    }

    // Server certificates.
    std::vector<std::string> problems;
    if (istio_mutual) {
      problems.push_back(
          "ISTIO_MUTUAL serves the gateway workload's own mesh certificate, which igw does not "
          "have");
    } else if (by_credential) {
      std::vector<std::string> names = t.credential_names.empty()
                                           ? std::vector<std::string>{t.credential_name}
                                           : t.credential_names;
      for (const auto& n : names) {
        auto kp = certs_.key_pair(n);
        if (kp)
          m.key_pairs.push_back(std::move(*kp));
        else
          problems.push_back("credentialName \"" + n + "\": " + kp.error().message);
      }
    } else {
      const model::ServerTlsSettings* mt = find_model_tls(sources_.config, c.server);
      if (mt && !mt->tls_certificates.empty()) {
        for (const auto& tc : mt->tls_certificates) {
          auto kp = certs_.file_key_pair(tc.server_certificate.value, tc.private_key.value);
          if (kp)
            m.key_pairs.push_back(std::move(*kp));
          else
            problems.push_back("tlsCertificates: " + kp.error().message);
        }
      } else {
        auto kp = certs_.file_key_pair(t.server_certificate, t.private_key);
        if (kp)
          m.key_pairs.push_back(std::move(*kp));
        else
          problems.push_back("serverCertificate/privateKey: " + kp.error().message);
      }
    }
    if (!problems.empty()) {
      m.key_pairs.clear();
      std::string why = join(problems, "; ");
      if (!out_.dev_ca_) {
        refuse(cs, status,
               label + ": " + why +
                   "; handshakes on this chain fail, as Istio's would (run with "
                   "--dev-certs to serve a development certificate)");
        return;
      }
      std::vector<std::string> hosts = c.server_names.empty() ? c.server.hosts : c.server_names;
      auto dev = out_.dev_ca_->server_certificate(DevCa::san_list(hosts), &log_);
      if (!dev) {
        refuse(cs, status,
               label + ": " + why + "; no development certificate either: " + dev.error().message);
        return;
      }
      log_.push_back(
          LogLine::info(label + ": " + why + "; serving a development certificate instead"));
      m.key_pairs.push_back(std::move(*dev));
    }
    for (const auto& kp : m.key_pairs) {
      if (not_after_unix(kp.leaf()) < static_cast<int64_t>(std::time(nullptr)))
        log_.push_back(LogLine::warning(label + ": the certificate of " + kp.source +
                                        " expired on " + format_utc(not_after_unix(kp.leaf())) +
                                        " (Istio serves it anyway; clients will refuse it)"));
    }

    // Client-certificate validation.
    if (validate) {
      base::Result<CaBundle> ca = base::make_error("");
      if (istio_mutual) {
        ca = base::make_error(
            "ISTIO_MUTUAL validates clients against the mesh root CA, which "
            "igw does not have");
      } else if (by_credential && !t.ca_cert_credential_name.empty()) {
        ca = certs_.named_ca(t.ca_cert_credential_name);
      } else if (by_credential) {
        ca = certs_.credential_ca(t.credential_names.empty() ? t.credential_name
                                                             : t.credential_names.front());
      } else if (t.ca_certificates.empty()) {
        ca = base::make_error(
            "no caCertificates: Istio would use the mesh root CA, which igw "
            "does not have");
      } else {
        ca = certs_.file_ca(t.ca_certificates, t.ca_crl);
      }
      if (ca) {
        m.ca = std::move(*ca);
      } else if (out_.dev_ca_) {
        log_.push_back(LogLine::info(label + ": client CA: " + ca.error().message +
                                     "; the development CA verifies client certificates instead"));
        m.ca = out_.dev_ca_->ca_bundle();
      } else {
        refuse(cs, status,
               label + ": client CA: " + ca.error().message +
                   "; handshakes on this chain fail, as Istio's would (run with --dev-certs to "
                   "verify client certificates with the development CA)");
        return;
      }
      // Pins: subjectAltNames always; hash and SPKI pins only through credentialName (the
      // file-based and ISTIO_MUTUAL contexts of ApplyToCommonTLSContext carry SANs only).
      m.validation.subject_alt_names = t.subject_alt_names;
      if (by_credential) {
        for (const auto& h : t.verify_certificate_hash) {
          auto parsed = parse_certificate_hash(h);
          if (!parsed) {
            refuse(cs, status,
                   label + ": verifyCertificateHash: " + parsed.error().message +
                       "; Envoy refuses this context, so handshakes fail");
            return;
          }
          m.validation.certificate_hashes.push_back(*parsed);
        }
        for (const auto& h : t.verify_certificate_spki) {
          auto parsed = parse_spki_hash(h);
          if (!parsed) {
            refuse(cs, status,
                   label + ": verifyCertificateSpki: " + parsed.error().message +
                       "; Envoy refuses this context, so handshakes fail");
            return;
          }
          m.validation.spki_hashes.push_back(*parsed);
        }
      }
      // DefaultCertValidator::initializeSslContexts + addClientValidationContext: a CA asks
      // for a certificate; any pin, or MUTUAL/ISTIO_MUTUAL, requires one.
      m.validation.verify_mode = SSL_VERIFY_PEER;
      if (m.validation.has_pins() || t.require_client_certificate)
        m.validation.verify_mode |= SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
    }

    for (const auto& kp : m.key_pairs)
      record(kp, status);
    if (m.ca)
      record(*m.ca, status);

    auto ctx = ChainContext::build(c, std::move(m), out_.ticket_keys_);
    if (!ctx) {
      refuse(cs, status, label + ": " + ctx.error().message + "; handshakes on this chain fail");
      return;
    }
    cs.context = std::move(*ctx);
    const ChainMaterial& built = cs.context->material();
    std::string line = label + ": serving";
    for (const auto& kp : built.key_pairs)
      line += " " + describe_pair(kp);
    if (built.ca)
      line += "; client certificates " +
              std::string(t.require_client_certificate ? "required" : "requested") +
              ", verified against " + built.ca->source;
    log_.push_back(LogLine::info(std::move(line)));
    status.ready = true;
    out_.chain_status_.push_back(std::move(status));
  }

  void refuse(ChainState& cs, ChainStatus& status, std::string why) {
    cs.context.reset();
    cs.refusal = kNoCredential;
    status.ready = false;
    status.reason = why;
    log_.push_back(LogLine::warning(why));
    out_.chain_status_.push_back(std::move(status));
  }

  void add_file(const std::string& f) {
    if (std::find(out_.watch_files_.begin(), out_.watch_files_.end(), f) == out_.watch_files_.end())
      out_.watch_files_.push_back(f);
  }

  void add_credential(CredentialInfo info) {
    for (const auto& c : out_.credentials_) {
      if (c.name == info.name && c.source == info.source && c.role == info.role)
        return;
    }
    out_.credentials_.push_back(std::move(info));
  }

  void record(const KeyPair& kp, ChainStatus& status) {
    for (const auto& f : kp.files)
      add_file(f);
    status.sources.push_back(kp.source);
    add_credential(
        {kp.name, kp.source, "server", subject_text(kp.leaf()), not_after_unix(kp.leaf())});
  }

  void record(const CaBundle& ca, ChainStatus& status) {
    for (const auto& f : ca.files)
      add_file(f);
    status.sources.push_back(ca.source);
    // The bundle expires, as a credential, with its first certificate to expire.
    int64_t earliest = 0;
    std::string subject;
    for (const auto& c : ca.certs) {
      int64_t t = not_after_unix(c.get());
      if (earliest == 0 || t < earliest) {
        earliest = t;
        subject = subject_text(c.get());
      }
    }
    add_credential({ca.name, ca.source, "ca", subject, earliest});
  }

  ServerTls& out_;
  const CredentialSources& sources_;
  const BuildOptions& options_;
  CertSource certs_;
  std::vector<LogLine>& log_;
  std::string rejection_;  // why the listener being built is rejected
};

base::Result<std::shared_ptr<const ServerTls>> ServerTls::build(const compile::RouteTable& table,
                                                                const CredentialSources& sources,
                                                                std::vector<LogLine>& log_lines) {
  return build(table, sources, BuildOptions{}, log_lines);
}

base::Result<std::shared_ptr<const ServerTls>> ServerTls::build(const compile::RouteTable& table,
                                                                const CredentialSources& sources,
                                                                const BuildOptions& options,
                                                                std::vector<LogLine>& log_lines) {
  std::shared_ptr<ServerTls> out(new ServerTls());
  Builder builder(*out, sources, options, log_lines);
  if (auto r = builder.run(table); !r)
    return r.error();
  ERR_clear_error();
  return std::shared_ptr<const ServerTls>(std::move(out));
}

SSL_CTX* ServerTls::listener_context(const compile::Listener& listener) const {
  for (const auto& l : listeners_) {
    if (l->listener == &listener)
      return l->dispatch;
  }
  return nullptr;
}

const compile::FilterChain* ServerTls::selected_chain(const SSL* ssl) {
  return detail::get_selected_chain(ssl);
}

const char* ServerTls::refusal_reason(const SSL* ssl) {
  return detail::get_refusal(ssl);
}

const ChainStatus* ServerTls::chain_status(const compile::FilterChain& chain) const {
  for (const auto& s : chain_status_) {
    if (s.chain == &chain)
      return &s;
  }
  return nullptr;
}

int ServerTls::on_client_hello(SSL* ssl, int* alert, void* arg) {
  const auto* ls = static_cast<const ListenerState*>(arg);
  auto refuse = [ssl, alert](const char* why, int code) {
    detail::set_refusal(ssl, why);
    *alert = code;
    return SSL_CLIENT_HELLO_ERROR;
  };
  if (ls->rejected)
    return refuse(ls->rejected, SSL_AD_HANDSHAKE_FAILURE);
  char buf[256];
  std::string_view sni;
  if (!read_sni(ssl, buf, &sni))
    return refuse(kBadServerName, SSL_AD_DECODE_ERROR);
  // R1.13: exact name, longest wildcard, then a chain without server names; none: refused
  // (Envoy closes such a connection; an alert tells the client why).
  const compile::FilterChain* chain = ls->listener->find_chain(sni);
  if (!chain)
    return refuse(kNoChain, SSL_AD_UNRECOGNIZED_NAME);
  const ChainState* cs = ls->by_index[static_cast<size_t>(chain - ls->listener->chains.data())];
  if (!cs)
    return refuse(kNotTerminating, SSL_AD_HANDSHAKE_FAILURE);
  if (!cs->context)
    return refuse(cs->refusal, SSL_AD_HANDSHAKE_FAILURE);
  SSL_CTX* target = cs->context->ctx();
  if (SSL_get_SSL_CTX(ssl) != target && !SSL_set_SSL_CTX(ssl, target))
    return refuse(kSwitchFailed, SSL_AD_INTERNAL_ERROR);
  // SSL_set_SSL_CTX brings the certificates, CA store, ALPN and verify callbacks and the
  // session id context; the rest was copied from the dispatch context at SSL_new.
  const ConnectionSettings& s = cs->context->settings();
  SSL_clear_options(ssl, kManagedOptions & ~s.options);
  SSL_set_options(ssl, s.options & kManagedOptions);
  SSL_set_min_proto_version(ssl, s.min_version);
  SSL_set_max_proto_version(ssl, s.max_version);
  if (cs->reapply_ciphers && (SSL_set_cipher_list(ssl, s.cipher_list.c_str()) != 1 ||
                              SSL_set_ciphersuites(ssl, s.ciphersuites.c_str()) != 1))
    return refuse(kSwitchFailed, SSL_AD_INTERNAL_ERROR);
  SSL_set_verify(ssl, s.verify_mode, nullptr);
  detail::set_selected_chain(ssl, chain);
  return SSL_CLIENT_HELLO_SUCCESS;
}

}  // namespace igw::tls

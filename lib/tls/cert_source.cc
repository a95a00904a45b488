// Credential resolution; see cert_source.h.
#include "lib/tls/cert_source.h"

#include "lib/tls/pem.h"
#include "lib/tls/x509_facts.h"

#include <openssl/err.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace igw::tls {

namespace {

constexpr std::string_view kCaSuffix = "-cacert";
constexpr std::streamoff kMaxFileBytes = 4 * 1024 * 1024;

bool has_value(const SecretData& d, std::string_view key) {
  const std::string* v = d.get(key);
  return v && !v->empty();
}

bool has_key(const SecretData& d, std::string_view key) {
  return d.get(key) != nullptr;
}

}  // namespace

base::Result<std::string> read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in)
    return base::make_error("cannot read " + path + ": " + std::strerror(errno));
  std::streamoff size = in.tellg();
  if (size > kMaxFileBytes)
    return base::make_error(path + " is larger than 4 MiB; not a certificate file");
  in.seekg(0);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

base::Result<KeyPair> make_key_pair(std::string_view cert_pem, std::string_view key_pem,
                                    std::string name, std::string source) {
  auto chain = parse_certificates(cert_pem);
  if (!chain)
    return base::make_error("certificate: " + chain.error().message);
  auto key = parse_private_key(key_pem);
  if (!key)
    return base::make_error("private key: " + key.error().message);
  X509* leaf = chain->front().get();
  if (X509_check_private_key(leaf, key->get()) != 1) {
    ERR_clear_error();
    return base::make_error("the private key does not belong to the certificate (" +
                            subject_text(leaf) + ")");
  }
  std::string why;
  if (!envoy_accepts_server_key(key->get(), &why))
    return base::make_error("Envoy refuses this certificate: " + why);
  KeyPair out;
  out.chain = std::move(*chain);
  out.key = std::move(*key);
  out.name = std::move(name);
  out.source = std::move(source);
  return out;
}

base::Result<KeyPair> CertSource::key_pair(const std::string& credential) const {
  auto ref = parse_credential_name(credential, sources_.gateway_namespace);
  if (!ref)
    return ref.error();
  auto found = store_.find_secret(*ref);
  if (!found)
    return base::make_error("Secret " + ref->text() + " not found in " + store_.searched());
  const SecretData& d = *found;
  std::string_view cert_key;
  std::string_view key_key;
  if (has_value(d, "cert") && has_value(d, "key")) {
    cert_key = "cert";
    key_key = "key";
  } else if (has_value(d, "tls.crt") && has_value(d, "tls.key")) {
    cert_key = "tls.crt";
    key_key = "tls.key";
  } else if (has_key(d, "cert") && has_key(d, "key")) {
    return base::make_error(d.source + ": keys \"cert\" and \"key\" are present but empty");
  } else if (has_key(d, "tls.crt") && has_key(d, "tls.key")) {
    return base::make_error(d.source + ": keys \"tls.crt\" and \"tls.key\" are present but empty");
  } else {
    return base::make_error(
        d.source +
        " has neither keys (cert and key) nor (tls.crt and tls.key); it has: " + d.key_summary());
  }
  auto kp = make_key_pair(*d.get(cert_key), *d.get(key_key), credential, d.source);
  if (!kp)
    return base::make_error(d.source + " (" + std::string(cert_key) + "/" + std::string(key_key) +
                            "): " + kp.error().message);
  kp->files = d.files;
  return kp;
}

base::Result<CaBundle> CertSource::root_of(const SecretData& d, const std::string& name) const {
  std::string_view ca_key;
  std::string_view crl_key;
  if (has_value(d, "cacert")) {
    ca_key = "cacert";
    crl_key = "crl";
  } else if (has_value(d, "ca.crt")) {
    ca_key = "ca.crt";
    crl_key = "ca.crl";
  } else if (has_key(d, "cacert")) {
    return base::make_error(d.source + ": key \"cacert\" is present but empty");
  } else if (has_key(d, "ca.crt")) {
    return base::make_error(d.source + ": key \"ca.crt\" is present but empty");
  } else {
    return base::make_error(d.source +
                            " has neither key cacert nor ca.crt; it has: " + d.key_summary());
  }
  auto ca = parse_ca_bundle(*d.get(ca_key));
  if (!ca)
    return base::make_error(d.source + " (" + std::string(ca_key) + "): " + ca.error().message);
  CaBundle out;
  out.certs = std::move(ca->certs);
  out.crls = std::move(ca->crls);
  if (has_value(d, crl_key)) {
    auto crls = parse_crls(*d.get(crl_key));
    if (!crls)
      return base::make_error(d.source + " (" + std::string(crl_key) +
                              "): " + crls.error().message);
    for (auto& c : *crls)
      out.crls.push_back(std::move(c));
  }
  out.name = name;
  out.source = d.source;
  out.files = d.files;
  return out;
}

base::Result<CaBundle> CertSource::credential_ca(const std::string& credential) const {
  auto with_suffix =
      parse_credential_name(credential + std::string(kCaSuffix), sources_.gateway_namespace);
  if (!with_suffix)
    return with_suffix.error();
  if (auto d = store_.find_secret(*with_suffix))
    return root_of(*d, credential + std::string(kCaSuffix));
  auto plain = parse_credential_name(credential, sources_.gateway_namespace);
  if (!plain)
    return plain.error();
  if (auto d = store_.find_secret(*plain))
    return root_of(*d, credential + std::string(kCaSuffix));
  return base::make_error("neither Secret " + with_suffix->text() + " nor Secret " + plain->text() +
                          " found in " + store_.searched());
}

base::Result<CaBundle> CertSource::named_ca(const std::string& name) const {
  auto ref = parse_credential_name(name, sources_.gateway_namespace);
  if (!ref)
    return ref.error();
  std::vector<ResourceName> tried;
  if (ref->kind != ResourceKind::kConfigMap) {
    if (auto d = store_.find_secret(*ref))
      return root_of(*d, name);
    tried.push_back(*ref);
    if (ref->name.ends_with(kCaSuffix)) {
      ResourceName stripped = *ref;
      stripped.name.resize(stripped.name.size() - kCaSuffix.size());
      if (auto d = store_.find_secret(stripped))
        return root_of(*d, name);
      tried.push_back(stripped);
    }
  }
  ResourceName cm = *ref;
  cm.kind = ResourceKind::kConfigMap;
  if (cm.name.ends_with(kCaSuffix))
    cm.name.resize(cm.name.size() - kCaSuffix.size());
  if (auto d = store_.find_config_map(cm))
    return root_of(*d, name);
  std::string what;
  for (const auto& t : tried)
    what += "Secret " + t.text() + ", ";
  what += "ConfigMap " + cm.text();
  return base::make_error("caCertCredentialName \"" + name + "\": none of " + what + " found in " +
                          store_.searched());
}

base::Result<KeyPair> CertSource::file_key_pair(const std::string& cert_path,
                                                const std::string& key_path) const {
  if (cert_path.empty() || key_path.empty())
    return base::make_error("serverCertificate and privateKey must both be set");
  auto cert = read_text_file(cert_path);
  if (!cert)
    return cert.error();
  auto key = read_text_file(key_path);
  if (!key)
    return key.error();
  auto kp = make_key_pair(*cert, *key, cert_path, "file " + cert_path);
  if (!kp)
    return base::make_error(cert_path + ", " + key_path + ": " + kp.error().message);
  kp->files = {cert_path, key_path};
  return kp;
}

base::Result<CaBundle> CertSource::file_ca(const std::string& ca_path,
                                           const std::string& crl_path) const {
  auto text = read_text_file(ca_path);
  if (!text)
    return text.error();
  auto ca = parse_ca_bundle(*text);
  if (!ca)
    return base::make_error(ca_path + ": " + ca.error().message);
  CaBundle out;
  out.certs = std::move(ca->certs);
  out.crls = std::move(ca->crls);
  out.name = ca_path;
  out.source = "file " + ca_path;
  out.files = {ca_path};
  if (!crl_path.empty()) {
    auto crl_text = read_text_file(crl_path);
    if (!crl_text)
      return crl_text.error();
    auto crls = parse_crls(*crl_text);
    if (!crls)
      return base::make_error(crl_path + ": " + crls.error().message);
    for (auto& c : *crls)
      out.crls.push_back(std::move(c));
    out.files.push_back(crl_path);
  }
  return out;
}

}  // namespace igw::tls

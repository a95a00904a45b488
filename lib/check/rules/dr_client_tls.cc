// Client TLS settings of a DestinationRule (istio/istio pkg/config/validation/agent/
// validation.go ValidateTLS; configmap:// names per pilot/pkg/model/credentials/resource.go).
#include "lib/base/strings.h"
#include "lib/check/rules/kinds.h"

#include <fmt/format.h>

namespace igw::check::rules {

namespace {

constexpr std::string_view kConfigMapPrefix = "configmap://";

// credentials.ParseResourceName for configmap:// names; the namespace, or the error.
bool parse_configmap_name(std::string_view name, std::string& ns, std::string& err) {
  std::string_view rest = name.substr(kConfigMapPrefix.size());
  std::vector<std::string_view> split = base::split(rest, '/');
  if (split.size() <= 1) {
    err = fmt::format("invalid resource name {}. Expected namespace and name", base::quote(name));
    return false;
  }
  if (split[0].empty()) {
    err = fmt::format("invalid resource name {}. Expected namespace", base::quote(name));
    return false;
  }
  if (split[1].empty()) {
    err = fmt::format("invalid resource name {}. Expected name", base::quote(name));
    return false;
  }
  ns = std::string(split[0]);
  return true;
}

// ClientTLSSettings.TLSmode by name or number; empty when unknown.
std::string client_tls_mode(const View& tls) {
  static constexpr std::string_view kModes[] = {"DISABLE", "SIMPLE", "MUTUAL", "ISTIO_MUTUAL"};
  View mode = tls["mode"];
  if (!mode.present())
    return "DISABLE";
  std::string m = mode.as_string().value_or("");
  for (std::string_view k : kModes) {
    if (m == k)
      return m;
  }
  if (auto n = base::parse_int(m); n && *n >= 0 && *n < 4)
    return std::string(kModes[*n]);
  return "";
}

}  // namespace

void validate_client_tls(const View& tls, std::string_view ns, Findings& f) {
  std::string mode = client_tls_mode(tls);
  if (mode.empty())
    return;  // an unknown mode: check::schema reports it
  auto text = [&tls](std::string_view key) { return tls.string_at(key).value_or(""); };
  std::string credential = text("credentialName");
  if (!credential.empty() && credential.starts_with(kConfigMapPrefix)) {
    std::string cm_ns, err;
    if (!parse_configmap_name(credential, cm_ns, err)) {
      f.error(fmt::format("invalid configmap:// credentialName: {}", err),
              tls["credentialName"].loc(), "write configmap://<namespace>/<name>");
    } else if (cm_ns != ns || ns.empty()) {
      f.error(fmt::format("invalid configmap:// credentialName: namespace must match the "
                          "configuration namespace {}",
                          base::quote(ns)),
              tls["credentialName"].loc(),
              "a DestinationRule may only read ConfigMaps of its own namespace");
    }
  }
  bool has_ca = !text("caCertificates").empty();
  bool has_sans = tls["subjectAltNames"].size() > 0;
  if (tls.bool_at("insecureSkipVerify").value_or(false)) {
    base::SourceLoc loc = tls["insecureSkipVerify"].loc();
    if (mode == "SIMPLE" && (has_ca || !credential.empty() || has_sans)) {
      f.error(
          "cannot specify CaCertificates or CredentialName or SubjectAltNames when "
          "InsecureSkipVerify is set true",
          loc, "either verify the server (CA, SANs) or skip verification, not both");
    }
    if (mode == "MUTUAL" && (has_ca || has_sans)) {
      f.error(
          "cannot specify CaCertificates or SubjectAltNames when InsecureSkipVerify is set "
          "true",
          loc, "either verify the server (CA, SANs) or skip verification, not both");
    }
  }
  if ((mode == "SIMPLE" || mode == "MUTUAL") && !credential.empty()) {
    if (!text("clientCertificate").empty() || has_ca || !text("privateKey").empty() ||
        !text("caCrl").empty()) {
      f.error(
          "cannot specify client certificates or CA certificate or CA CRL If credentialName "
          "is set",
          tls["credentialName"].loc(),
          "the secret named by credentialName supplies certificate, key and CA; remove the "
          "file fields");
    }
    return;
  }
  if (mode == "MUTUAL") {
    if (text("clientCertificate").empty()) {
      f.error("client certificate required for mutual tls", tls["mode"].loc(),
              "set clientCertificate and privateKey, or credentialName");
    }
    if (text("privateKey").empty()) {
      f.error("private key required for mutual tls", tls["mode"].loc(),
              "set clientCertificate and privateKey, or credentialName");
    }
  }
}

}  // namespace igw::check::rules

// Where igw looks for the certificates a Gateway's TLS settings name (DESIGN.md "Serving
// model"): Secret manifests in the input, a --secrets-dir laid out like mounted secrets, and the
// --dev-certs development CA.
#pragma once

#include "lib/model/config.h"

#include <optional>
#include <string>

namespace igw::tls {

struct CredentialSources {
  // Secret (and ConfigMap) manifests of the input; null when there is no input config.
  const model::Config* config = nullptr;
  // DIR/<ns>/<name>/<key> or DIR/<name>/<key>, one file per Secret key ("" = not used).
  std::string secrets_dir;
  // --dev-certs[=DIR]: the development CA's directory; unset = no development certificates.
  std::optional<std::string> dev_certs_dir;
  // The gateway workload's namespace: credentialName without a namespace is looked up here.
  std::string gateway_namespace = "istio-system";
};

}  // namespace igw::tls

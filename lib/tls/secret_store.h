// Finding the Secret (or ConfigMap) a credential names: first among the input's manifests, then
// in --secrets-dir. Also the parsing of credential names into namespace and name.
#pragma once

#include "lib/base/result.h"
#include "lib/tls/credential_sources.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace igw::tls {

// The keys and (decoded) values of one Secret or ConfigMap, and where it was found.
struct SecretData {
  std::vector<std::pair<std::string, std::string>> entries;
  std::string source;  // "Secret istio-system/web-cert (secrets.yaml:3)", "--secrets-dir …"
  std::vector<std::string> files;  // files read (secrets-dir), for --watch

  const std::string* get(std::string_view key) const;
  // Sorted key names, at most three then "and N more" (Istio's truncatedKeysMessage).
  std::string key_summary() const;
};

enum class ResourceKind { kSecret, kConfigMap, kAny };

// A credential reference resolved to a namespace and name.
struct ResourceName {
  std::string ns;
  std::string name;
  ResourceKind kind = ResourceKind::kSecret;
  std::string text() const { return ns + "/" + name; }
};

// credentials.ToResourceName + ParseResourceName (istio:pilot/pkg/model/credentials/resource.go):
// `name` and `kubernetes://name` live in the workload's namespace; `ns/name` and
// `kubernetes://ns/name` in `ns`; `kubernetes-gateway://ns/name` and `configmap://ns/name` need
// both parts. `builtin://` (the workload's own mesh certificate) is refused with a reason: igw
// has no mesh identity.
base::Result<ResourceName> parse_credential_name(std::string_view credential,
                                                 std::string_view workload_namespace);

class SecretStore {
 public:
  explicit SecretStore(const CredentialSources& sources) : sources_(sources) {}

  // A Secret named `r` (kind kSecret or kAny), or nullopt when no source has it. Secrets that
  // Istio's validation rejected are not seen, as the API server would not have stored them.
  std::optional<SecretData> find_secret(const ResourceName& r) const;
  // A ConfigMap named `r` (kind kConfigMap or kAny): its `data` and decoded `binaryData`.
  std::optional<SecretData> find_config_map(const ResourceName& r) const;
  // "the input" or "the input and --secrets-dir DIR", for "not found" messages.
  std::string searched() const;

 private:
  std::optional<SecretData> from_dir(const ResourceName& r, std::string_view kind) const;

  const CredentialSources& sources_;
};

}  // namespace igw::tls

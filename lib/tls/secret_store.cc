// Secret and ConfigMap lookup; see secret_store.h.
#include "lib/tls/secret_store.h"

#include "lib/base/base64.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace igw::tls {

namespace {

// Kubernetes caps a Secret at 1 MiB; a larger file in --secrets-dir is not a secret key.
constexpr std::uintmax_t kMaxKeyFileBytes = 1024 * 1024;

constexpr std::string_view kKubernetes = "kubernetes://";
constexpr std::string_view kKubernetesGateway = "kubernetes-gateway://";
constexpr std::string_view kConfigMap = "configmap://";
constexpr std::string_view kBuiltin = "builtin://";

std::string where(const base::SourceLoc& loc) {
  if (!loc.known())
    return {};
  std::string out = loc.path();
  if (loc.line > 0)
    out += ":" + std::to_string(loc.line);
  return " (" + out + ")";
}

base::Result<ResourceName> split_required(std::string_view rest, std::string_view original,
                                          ResourceKind kind) {
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos)
    return base::make_error("invalid credential name \"" + std::string(original) +
                            "\": expected namespace and name");
  std::string_view name = rest.substr(slash + 1);
  ResourceName r{std::string(rest.substr(0, slash)), std::string(name.substr(0, name.find('/'))),
                 kind};
  if (r.ns.empty())
    return base::make_error("invalid credential name \"" + std::string(original) +
                            "\": expected namespace");
  if (r.name.empty())
    return base::make_error("invalid credential name \"" + std::string(original) +
                            "\": expected name");
  return r;
}

}  // namespace

const std::string* SecretData::get(std::string_view key) const {
  for (const auto& [k, v] : entries) {
    if (k == key)
      return &v;
  }
  return nullptr;
}

std::string SecretData::key_summary() const {
  std::vector<std::string> keys;
  for (const auto& e : entries)
    keys.push_back(e.first);
  std::sort(keys.begin(), keys.end());
  if (keys.empty())
    return "no keys";
  std::string out;
  for (size_t i = 0; i < keys.size() && i < 3; ++i)
    out += (i ? ", " : "") + keys[i];
  if (keys.size() > 3)
    out += ", and " + std::to_string(keys.size() - 3) + " more...";
  return out;
}

base::Result<ResourceName> parse_credential_name(std::string_view credential,
                                                 std::string_view workload_namespace) {
  if (credential.starts_with(kBuiltin))
    return base::make_error("\"" + std::string(credential) +
                            "\" names the gateway workload's own mesh certificate, which igw "
                            "does not have");
  if (credential.starts_with(kConfigMap))
    return split_required(credential.substr(kConfigMap.size()), credential,
                          ResourceKind::kConfigMap);
  if (credential.starts_with(kKubernetesGateway))
    return split_required(credential.substr(kKubernetesGateway.size()), credential,
                          ResourceKind::kSecret);
  // A bare name becomes kubernetes://<name> (ToResourceName); only the first two '/'-separated
  // parts count, as in ParseResourceName.
  std::string_view rest =
      credential.starts_with(kKubernetes) ? credential.substr(kKubernetes.size()) : credential;
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos)
    return ResourceName{std::string(workload_namespace), std::string(rest), ResourceKind::kSecret};
  std::string_view name = rest.substr(slash + 1);
  name = name.substr(0, name.find('/'));
  return ResourceName{std::string(rest.substr(0, slash)), std::string(name), ResourceKind::kSecret};
}

std::string SecretStore::searched() const {
  std::string out = "the input";
  if (!sources_.secrets_dir.empty())
    out += " and --secrets-dir " + sources_.secrets_dir;
  return out;
}

std::optional<SecretData> SecretStore::find_secret(const ResourceName& r) const {
  if (r.kind == ResourceKind::kConfigMap)
    return std::nullopt;
  if (sources_.config) {
    for (const auto& s : sources_.config->secrets) {
      if (s.rejected || s.ns() != r.ns || s.name() != r.name)
        continue;
      SecretData out;
      for (const auto& e : s.entries) {
        // A value that is not valid base64 would have made the API server refuse the object;
        // the linter reports it, and here the key simply does not exist.
        if (e.valid)
          out.entries.emplace_back(e.key.value, e.data);
      }
      out.source = "Secret " + r.text() + where(s.loc);
      return out;
    }
  }
  return from_dir(r, "Secret");
}

std::optional<SecretData> SecretStore::find_config_map(const ResourceName& r) const {
  if (r.kind == ResourceKind::kSecret)
    return std::nullopt;
  if (sources_.config) {
    for (const auto& o : sources_.config->others) {
      if (o.kind != "ConfigMap" || o.rejected || o.ns() != r.ns || o.name() != r.name)
        continue;
      SecretData out;
      if (o.node) {
        if (const config::Node* data = o.node->find("data"); data && data->is_map()) {
          for (const auto& [k, v] : data->entries) {
            if (v.is_scalar())
              out.entries.emplace_back(k.value, v.value);
          }
        }
        if (const config::Node* bin = o.node->find("binaryData"); bin && bin->is_map()) {
          for (const auto& [k, v] : bin->entries) {
            if (!v.is_scalar())
              continue;
            if (auto decoded = base::base64_decode(v.value))
              out.entries.emplace_back(k.value, *decoded);
          }
        }
      }
      out.source = "ConfigMap " + r.text() + where(o.loc);
      return out;
    }
  }
  return from_dir(r, "ConfigMap");
}

std::optional<SecretData> SecretStore::from_dir(const ResourceName& r,
                                                std::string_view kind) const {
  if (sources_.secrets_dir.empty())
    return std::nullopt;
  namespace fs = std::filesystem;
  const fs::path base(sources_.secrets_dir);
  for (const fs::path& dir : {base / r.ns / r.name, base / r.name}) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
      continue;
    SecretData out;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      std::string key = it->path().filename().string();
      // Mounted secrets keep their real files under "..data" / "..<timestamp>" and expose each
      // key as a symlink; dot names are that machinery, not keys.
      if (key.empty() || key.front() == '.')
        continue;
      std::error_code fe;
      if (!fs::is_regular_file(it->path(), fe) || fs::file_size(it->path(), fe) > kMaxKeyFileBytes)
        continue;
      std::ifstream in(it->path(), std::ios::binary);
      if (!in)
        continue;
      std::ostringstream text;
      text << in.rdbuf();
      out.entries.emplace_back(key, text.str());
      out.files.push_back(it->path().string());
    }
    // A directory without key files (say, a namespace directory that happens to carry the
    // Secret's name) is not the Secret.
    if (out.entries.empty())
      continue;
    std::sort(out.entries.begin(), out.entries.end());
    std::sort(out.files.begin(), out.files.end());
    out.source = std::string(kind) + " " + r.text() + " (--secrets-dir " + dir.string() + ")";
    return out;
  }
  return std::nullopt;
}

}  // namespace igw::tls

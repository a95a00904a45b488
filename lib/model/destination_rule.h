// networking.istio.io DestinationRule (v1alpha3, v1beta1, v1).
#pragma once

#include "lib/model/object.h"
#include "lib/model/virtual_service.h"

#include <optional>
#include <vector>

namespace igw::model {

// A sub-tree kept as YAML: load balancer, connection pool and outlier settings are only
// validated field by field (lib/check reads them through the node), never routed on.
struct RawField {
  const config::Node* node = nullptr;
  base::SourceLoc loc;
  explicit operator bool() const { return node != nullptr; }
};

struct ClientTlsSettings {
  LString mode;  // DISABLE | SIMPLE | MUTUAL | ISTIO_MUTUAL
  LString client_certificate;
  LString private_key;
  LString ca_certificates;
  LString credential_name;
  std::vector<LString> subject_alt_names;
  LString sni;
  LBool insecure_skip_verify;
  LString ca_crl;
  base::SourceLoc loc;
};

struct PortTrafficPolicy {
  std::optional<PortSelector> port;
  RawField load_balancer;
  RawField connection_pool;
  RawField outlier_detection;
  std::optional<ClientTlsSettings> tls;
  base::SourceLoc loc;
  bool null_entry = false;
};

struct TrafficPolicy {
  RawField load_balancer;
  RawField connection_pool;
  RawField outlier_detection;
  std::optional<ClientTlsSettings> tls;
  std::vector<PortTrafficPolicy> port_level_settings;
  bool has_port_level_settings = false;
  RawField tunnel;
  RawField proxy_protocol;
  RawField retry_budget;
  base::SourceLoc loc;
};

struct Subset {
  LString name;
  StringMap labels;
  std::optional<TrafficPolicy> traffic_policy;
  base::SourceLoc loc;
  bool null_entry = false;
};

struct WorkloadSelector {
  StringMap match_labels;
  base::SourceLoc loc;
};

struct DestinationRule : ObjectBase {
  LString host;
  std::optional<TrafficPolicy> traffic_policy;
  std::vector<Subset> subsets;
  std::vector<LString> export_to;
  std::optional<WorkloadSelector> workload_selector;
};

}  // namespace igw::model

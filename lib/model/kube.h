// The Kubernetes and cert-manager kinds igw reads for cross-checks and serving.
#pragma once

#include "lib/model/object.h"

#include <optional>
#include <string>
#include <vector>

namespace igw::model {

struct SecretEntry {
  LString key;
  std::string data;   // decoded bytes
  bool valid = true;  // false when `data` held invalid base64
  base::SourceLoc loc;
};

struct Secret : ObjectBase {
  LString type;
  std::vector<SecretEntry> entries;  // data (decoded) and stringData, stringData winning

  // Decoded value of `key`, or nullptr.
  const std::string* get(std::string_view key) const;
};

// A Service port; targetPort may be a number or a name.
struct KubeServicePort {
  LString name;
  LInt port;
  LString protocol;  // "TCP" when unset, as Kubernetes defaults it
  LInt target_port_number;
  LString target_port_name;
  LInt node_port;
  base::SourceLoc loc;
};

struct Service : ObjectBase {
  StringMap selector;
  std::vector<KubeServicePort> ports;
  LString type;
  LString external_name;
  LString cluster_ip;
};

struct Pod : ObjectBase {
  LString node_name;
};

struct EndpointAddress {
  LString ip;
  LString hostname;
  base::SourceLoc loc;
};
struct EndpointPort {
  LString name;
  LInt port;
  LString protocol;
  base::SourceLoc loc;
};
struct EndpointSubset {
  std::vector<EndpointAddress> addresses;
  std::vector<EndpointPort> ports;
};

struct Endpoints : ObjectBase {
  std::vector<EndpointSubset> subsets;
};

// cert-manager.io Certificate: what will be written into a Secret.
struct Certificate : ObjectBase {
  LString secret_name;
  std::vector<LString> dns_names;
  LString common_name;
  LString duration;
  LString renew_before;
  LString issuer_name;
  LString issuer_kind;
};

// Any other object: kept for reference lookups (a Gateway API Gateway, a Sidecar, a Node…).
struct OtherObject : ObjectBase {};

}  // namespace igw::model

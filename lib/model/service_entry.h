// networking.istio.io ServiceEntry: extra hosts (and their endpoints) known to the mesh.
#pragma once

#include "lib/model/object.h"

#include <optional>
#include <vector>

namespace igw::model {

struct ServicePort {
  LInt number;
  LString protocol;
  LString name;
  LInt target_port;
  base::SourceLoc loc;
};

struct WorkloadEntrySpec {
  LString address;
  std::vector<std::pair<LString, LInt>> ports;  // port name -> number
  StringMap labels;
  LString network;
  LString locality;
  LInt weight;
  LString service_account;
  base::SourceLoc loc;
};

struct ServiceEntry : ObjectBase {
  std::vector<LString> hosts;
  std::vector<LString> addresses;
  std::vector<ServicePort> ports;
  LString location;    // MESH_EXTERNAL | MESH_INTERNAL
  LString resolution;  // NONE | STATIC | DNS | DNS_ROUND_ROBIN
  std::vector<WorkloadEntrySpec> endpoints;
  std::optional<StringMap> workload_selector;
  std::vector<LString> export_to;
  std::vector<LString> subject_alt_names;
};

}  // namespace igw::model

// What every Kubernetes object has: apiVersion, kind, metadata, and where it came from.
#pragma once

#include "lib/base/diagnostic.h"
#include "lib/config/document.h"
#include "lib/model/located.h"

#include <cstdint>
#include <string>

namespace igw::model {

struct ObjectMeta {
  LString name;
  LString namespace_;  // after defaulting (see ParseOptions::default_namespace)
  bool namespace_defaulted = false;
  StringMap labels;
  StringMap annotations;
  LString creation_timestamp;
  int64_t creation_seconds = 0;  // parsed creationTimestamp (RFC 3339), 0 when absent
  base::SourceLoc loc;
};

struct ObjectBase {
  std::string api_version;
  std::string kind;
  ObjectMeta meta;
  base::SourceLoc loc;                 // start of the object
  const config::Node* node = nullptr;  // the object's YAML (owned by Config::documents)
  const config::Document* doc = nullptr;
  uint32_t input_order = 0;  // position among all objects of the input, for stable ordering
  // Set by the check pipeline when Istio's validation would reject the object (the API server
  // would refuse it); compile leaves rejected objects out.
  bool rejected = false;

  const std::string& name() const { return meta.name.value; }
  const std::string& ns() const { return meta.namespace_.value; }
  base::ResourceRef ref() const;
  // Location of `n`, a node of this object's document.
  base::SourceLoc loc_of(const config::Node& n) const;
  // Value of annotation `key`, or nullptr.
  const LString* annotation(std::string_view key) const;
};

}  // namespace igw::model

// Checks an object's YAML against a compiled schema the way the Kubernetes API server does:
// one finding per problem, each pointing at the offending key or value.
#pragma once

#include "lib/base/diagnostic.h"
#include "lib/check/schema/schema.h"
#include "lib/config/node.h"

#include <string>
#include <vector>

namespace igw::check::schema {

struct Finding {
  const base::MessageType* type = nullptr;
  // JSON path first, worded like the API server's errors:
  // `spec.servers[0].tls.httpsRedirects: unknown field "httpsRedirects"`.
  std::string message;
  std::string hint;  // "did you mean `httpsRedirect`?", the allowed values, ...; may be empty
  // Where to point: the key of an unknown field or of the second field of a one-of conflict;
  // the value of a wrong type, enum or range; the enclosing map of a missing required field.
  const config::Node* node = nullptr;
};

// Validates `value` (usually a whole Kubernetes object) against `schema`. Null map values count
// as absent (the API server prunes them); a subtree of the wrong type is not descended into.
// Findings come in document order of the checks that produced them.
std::vector<Finding> validate(const Schema& schema, const config::Node& value);

}  // namespace igw::check::schema

// Typed objects from YAML documents: envelope, `kind: List`, apiVersion dispatch.
#pragma once

#include "lib/base/diagnostic.h"
#include "lib/config/load.h"
#include "lib/model/config.h"

#include <string>

namespace igw::model {

struct ParseOptions {
  // Namespace given to objects without metadata.namespace (istioctl's -n; "default").
  std::string default_namespace = "default";
  // Istio's analyzer test harness keeps such objects namespace-less; the CLI never does.
  bool apply_default_namespace = true;
  // Report skipped documents and kinds as Info findings (IGW0004).
  bool verbose = false;
};

// Takes ownership of the loaded documents. Documents that are not Kubernetes objects (no
// apiVersion/kind) are skipped silently; unknown networking.istio.io versions are errors.
// Shape problems are left to check::schema: parsing is lenient and never fails.
Config parse(config::LoadResult&& loaded, const ParseOptions& options, base::Diagnostics& diags);

}  // namespace igw::model

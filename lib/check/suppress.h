// What `igw lint` prints and fails on: suppressions (-S, the analyze-suppress annotation), the
// namespace filter, and the output/failure thresholds, applied to the checks' findings.
#pragma once

#include "lib/base/diagnostic.h"
#include "lib/base/result.h"
#include "lib/model/config.h"

#include <string>
#include <string_view>
#include <vector>

namespace igw::check {

// Istio's per-object opt-out: a comma list of codes, or "*" for every code.
inline constexpr std::string_view kSuppressAnnotation = "galley.istio.io/analyze-suppress";

// One `-S CODE=RESOURCE` flag. RESOURCE is a glob (`*` matches any run of characters) over the
// finding's resource as istioctl prints it, "Kind ns/name" ("Kind name" without a namespace).
struct Suppression {
  std::string code;
  std::string resource;
};

// Parses "IST0101=VirtualService prod/*". Exactly one '=' with a non-empty code and resource,
// as istioctl requires; anything else is an error naming the value.
base::Result<Suppression> parse_suppression(std::string_view text);

// `*` matches any (possibly empty) run of characters; every other character matches itself.
// The same rules as github.com/ryanuber/go-glob, which istioctl uses for -S.
bool glob_match(std::string_view pattern, std::string_view text);

// Whether `s` applies to `d`. Besides istioctl's "Kind ns/name", the resource pattern is also
// tried against the older "Kind name.ns" form that istioctl's help text still shows.
bool suppression_matches(const Suppression& s, const base::Diagnostic& d);

// Whether some check (or the loader) can report `code`.
bool is_known_code(std::string_view code);

// Findings about input that could not be read or parsed (IGW0001-IGW0003): they decide exit 65,
// not the failure threshold (istioctl keeps parse errors apart from analyzer messages).
bool is_input_error(const base::Diagnostic& d);

// Every object of the input that igw types and checks (Gateways, VirtualServices, ... Pods,
// Certificates), in input order. Unrelated kinds are left out.
std::vector<const model::ObjectBase*> checked_objects(const model::Config& config);

// The input object `d` is attached to (same kind, namespace and name; the one in `d`'s file when
// several match), or nullptr for findings without a resource or on Istio's implicit objects.
const model::ObjectBase* object_of(const base::Diagnostic& d, const model::Config& config);

// Fills `document_index` of findings that lack it: from the finding's position when it points
// into a parsed document, else from the object it is attached to.
void annotate_documents(base::Diagnostics& diags, const model::Config& config);

struct LintPolicy {
  std::vector<Suppression> suppressions;
  // When set, findings on resources in another namespace are dropped; findings without a resource
  // or on cluster-scoped objects are kept (istioctl's filterMessages). Empty keeps every namespace.
  std::string only_namespace;
  base::Severity output_threshold = base::Severity::Info;
  base::Severity failure_threshold = base::Severity::Error;
};

struct PolicyOutcome {
  base::Diagnostics shown;  // kept findings at or above the output threshold, order preserved
  size_t suppressed = 0;    // dropped by -S or by the annotation
  size_t other_namespace = 0;
  size_t below_output_threshold = 0;
  // Some kept finding (input errors aside) is at or above the failure threshold. Decided before
  // the output threshold, as istioctl does: hiding a finding does not make the run pass.
  bool threshold_reached = false;
};

// Applies `policy` to `all` (already sorted; the order is kept). `config` supplies the objects
// whose annotations may suppress findings.
PolicyOutcome apply_policy(base::Diagnostics all, const model::Config& config,
                           const LintPolicy& policy);

}  // namespace igw::check

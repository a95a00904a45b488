#include "lib/check/suppress.h"

#include "lib/base/strings.h"
#include "lib/check/registry.h"
#include "lib/config/messages.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

namespace igw::check {

base::Result<Suppression> parse_suppression(std::string_view text) {
  // istioctl splits on '=' and wants exactly two parts (istioctl/pkg/analyze/analyze.go).
  std::vector<std::string_view> parts = base::split(text, '=');
  if (parts.size() != 2 || base::trim(parts[0]).empty() || base::trim(parts[1]).empty()) {
    return base::make_error(
        fmt::format("{} is not a valid suppression value: use CODE=RESOURCE, for example "
                    "\"IST0101=VirtualService prod/web\" (see igw lint --help)",
                    base::quote(text)));
  }
  return Suppression{std::string(base::trim(parts[0])), std::string(base::trim(parts[1]))};
}

bool glob_match(std::string_view pattern, std::string_view text) {
  // Greedy matching with one backtrack point: the classic wildcard algorithm, linear enough for
  // resource names and exact for a single metacharacter.
  size_t p = 0, t = 0;
  size_t star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*')
    ++p;
  return p == pattern.size();
}

bool suppression_matches(const Suppression& s, const base::Diagnostic& d) {
  // Like istioctl, -S only applies to findings attached to a resource.
  if (d.resource.empty() || s.code != d.code)
    return false;
  if (glob_match(s.resource, d.resource.str()))
    return true;
  if (d.resource.ns.empty())
    return false;
  std::string legacy = d.resource.kind + " " + d.resource.name + "." + d.resource.ns;
  return glob_match(s.resource, legacy);
}

bool is_known_code(std::string_view code) {
  for (const auto* m : all_message_types()) {
    if (m->code == code)
      return true;
  }
  return false;
}

bool is_input_error(const base::Diagnostic& d) {
  return d.code == config::msg::kFileUnreadable.code || d.code == config::msg::kYamlSyntax.code ||
         d.code == config::msg::kDuplicateKey.code;
}

std::vector<const model::ObjectBase*> checked_objects(const model::Config& config) {
  std::vector<const model::ObjectBase*> out;
  auto add = [&out](const auto& objects) {
    for (const auto& o : objects)
      out.push_back(&o);
  };
  add(config.gateways);
  add(config.virtual_services);
  add(config.destination_rules);
  add(config.service_entries);
  add(config.secrets);
  add(config.services);
  add(config.pods);
  add(config.endpoints);
  add(config.certificates);
  std::stable_sort(out.begin(), out.end(),
                   [](const auto* a, const auto* b) { return a->input_order < b->input_order; });
  return out;
}

namespace {

bool same_file(const model::ObjectBase& o, const base::SourceLoc& loc) {
  return loc.file && o.doc && o.doc->file == loc.file;
}

std::string key_of(std::string_view kind, std::string_view ns, std::string_view name) {
  return fmt::format("{}\n{}\n{}", kind, ns, name);
}

// Objects by kind, namespace and name, built once per run (findings and objects can both number
// in the thousands).
class ObjectIndex {
 public:
  explicit ObjectIndex(const model::Config& config) {
    auto add = [this](const model::ObjectBase& o) {
      by_key_[key_of(o.kind, o.ns(), o.name())].push_back(&o);
    };
    for (const auto* o : checked_objects(config))
      add(*o);
    for (const auto& o : config.others)
      add(o);
  }

  const model::ObjectBase* find(const base::Diagnostic& d) const {
    if (d.resource.empty())
      return nullptr;
    auto it = by_key_.find(key_of(d.resource.kind, d.resource.ns, d.resource.name));
    if (it == by_key_.end())
      return nullptr;
    for (const auto* o : it->second) {
      if (same_file(*o, d.loc))
        return o;
    }
    return it->second.front();
  }

 private:
  std::unordered_map<std::string, std::vector<const model::ObjectBase*>> by_key_;
};

// The annotation check of istioctl's filterMessages, with one difference: entries are trimmed,
// so "IST0101, IST0132" works as a reader would expect.
bool annotation_suppresses(const model::ObjectBase& o, const base::Diagnostic& d) {
  const model::LString* value = o.annotation(kSuppressAnnotation);
  if (!value || value->value.empty())
    return false;
  for (std::string_view code : base::split(value->value, ',')) {
    code = base::trim(code);
    if (code == "*" || code == d.code)
      return true;
  }
  return false;
}

void annotate(base::Diagnostics& diags, const model::Config& config, const ObjectIndex& index) {
  // Each file's documents in file order, so a finding's document is found by its line.
  std::unordered_map<const base::SourceFile*, std::vector<const config::Document*>> by_file;
  for (const auto& doc : config.documents)
    by_file[doc.file.get()].push_back(&doc);
  for (auto& d : diags.items()) {
    if (d.document_index >= 0)
      continue;
    if (d.loc.has_position()) {
      auto it = by_file.find(d.loc.file.get());
      if (it != by_file.end()) {
        // The last document starting at or before the finding.
        const auto& docs = it->second;
        auto after = std::upper_bound(
            docs.begin(), docs.end(), d.loc.line,
            [](uint32_t line, const config::Document* doc) { return line < doc->root.line; });
        if (after != docs.begin()) {
          d.document_index = static_cast<int>((*std::prev(after))->index);
          continue;
        }
      }
    }
    if (const model::ObjectBase* o = index.find(d); o && o->doc)
      d.document_index = static_cast<int>(o->doc->index);
  }
}

}  // namespace

const model::ObjectBase* object_of(const base::Diagnostic& d, const model::Config& config) {
  return ObjectIndex(config).find(d);
}

void annotate_documents(base::Diagnostics& diags, const model::Config& config) {
  annotate(diags, config, ObjectIndex(config));
}

PolicyOutcome apply_policy(base::Diagnostics all, const model::Config& config,
                           const LintPolicy& policy) {
  PolicyOutcome out;
  ObjectIndex index(config);
  for (auto& d : all.items()) {
    // istioctl's filterMessages: namespace first, then the annotation, then -S.
    if (!policy.only_namespace.empty() && !d.resource.empty() && !d.resource.ns.empty() &&
        d.resource.ns != policy.only_namespace) {
      ++out.other_namespace;
      continue;
    }
    const model::ObjectBase* o = index.find(d);
    bool suppressed = o && annotation_suppresses(*o, d);
    suppressed =
        suppressed || std::any_of(policy.suppressions.begin(), policy.suppressions.end(),
                                  [&d](const Suppression& s) { return suppression_matches(s, d); });
    if (suppressed) {
      ++out.suppressed;
      continue;
    }
    if (!is_input_error(d) && d.severity >= policy.failure_threshold)
      out.threshold_reached = true;
    if (d.severity < policy.output_threshold) {
      ++out.below_output_threshold;
      continue;
    }
    out.shown.add(std::move(d));
  }
  return out;
}

}  // namespace igw::check

// Collects one object's validation errors and warnings in Istio's order, then reports them the
// way the schema ValidationAnalyzer does: every error (IST0106), then every warning (IST0133,
// or IST0130/IST0131 for the VirtualService rule-overlap warnings).
#pragma once

#include "lib/base/source_loc.h"
#include "lib/check/context.h"
#include "lib/model/object.h"

#include <string>
#include <vector>

namespace igw::check::rules {

struct Finding {
  enum class Kind { ValidationError, Warning, UnreachableRule, IneffectiveMatch };
  Kind kind = Kind::ValidationError;
  std::string text;  // Istio's validation text, or the full IST0130/IST0131 message
  base::SourceLoc loc;
  std::string hint;
};

class Findings {
 public:
  void error(std::string text, base::SourceLoc loc, std::string hint = {});
  void warning(std::string text, base::SourceLoc loc, std::string hint = {});
  // IST0130: `VirtualService rule %v not used (%s).`
  void unreachable_rule(const std::string& rule, const std::string& reason, base::SourceLoc loc);
  // IST0131: `VirtualService rule %v match %v is not used (duplicate/overlapping match in rule
  // %v).`
  void ineffective_match(const std::string& rule, const std::string& match, const std::string& dup,
                         base::SourceLoc loc);

  const std::vector<Finding>& errors() const { return errors_; }
  const std::vector<Finding>& warnings() const { return warnings_; }
  size_t error_count() const { return errors_.size(); }

  // Reports everything on `obj`: errors first, then warnings, each in the order found.
  void report(Context& ctx, const model::ObjectBase& obj) const;

  // While alive, warnings are dropped: Istio passes some validators' results through
  // appendErrors, which keeps only their errors (e.g. subset traffic policies, fault aborts).
  class DropWarnings {
   public:
    explicit DropWarnings(Findings& f) : f_(f), saved_(f.keep_warnings_) {
      f_.keep_warnings_ = false;
    }
    ~DropWarnings() { f_.keep_warnings_ = saved_; }
    DropWarnings(const DropWarnings&) = delete;
    DropWarnings& operator=(const DropWarnings&) = delete;

   private:
    Findings& f_;
    bool saved_;
  };

 private:
  std::vector<Finding> errors_;
  std::vector<Finding> warnings_;
  bool keep_warnings_ = true;
};

}  // namespace igw::check::rules

// What every check sees: the typed input, options, Istio's implicit objects, and the sink.
#pragma once

#include "lib/base/diagnostic.h"
#include "lib/model/config.h"

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace igw::check {

struct CheckOptions {
  int cert_expiry_days = 30;  // IGW certificate-expiry warning horizon
  int64_t now = 0;            // seconds since the epoch; 0 = the current time
  std::string istio_namespace = "istio-system";
  // Istio's implicit default ingress Pod and Service (istioctl analyze adds them too).
  bool add_default_ingress = true;
  // Checks needing Pods/Services/Secrets normally run only when the input has objects of that
  // kind (as istioctl does against a cluster). Istio's analyzer test harness runs them anyway.
  bool assume_all_kinds_present = false;
  // Run only the checks with these names (empty = all).
  std::vector<std::string> only;
};

class Context {
 public:
  Context(const model::Config& config, const CheckOptions& options, base::Diagnostics& out);

  const model::Config& config() const { return config_; }
  const CheckOptions& options() const { return options_; }
  int64_t now() const { return now_; }

  // Pods and Services of the input plus Istio's implicit ingress ones (when enabled).
  const std::vector<const model::Pod*>& pods() const { return pods_; }
  const std::vector<const model::Service*>& services() const { return services_; }
  // Whether the input itself (not the implicit objects) has an object of `kind`.
  bool input_has_kind(std::string_view kind) const;

  // Adds a finding on `obj` at `loc` (the object's start when `loc` is unknown).
  base::Diagnostic& report(const base::MessageType& type, std::string message,
                           const model::ObjectBase& obj, base::SourceLoc loc = {});
  base::Diagnostics& sink() { return out_; }

 private:
  const model::Config& config_;
  const CheckOptions& options_;
  base::Diagnostics& out_;
  int64_t now_;
  std::deque<model::Pod> implicit_pods_;
  std::deque<model::Service> implicit_services_;
  std::vector<const model::Pod*> pods_;
  std::vector<const model::Service*> services_;
};

}  // namespace igw::check

// The echo upstream's JSON body.
#include "lib/serve/echo_upstream.h"

#include <nlohmann/json.hpp>

namespace igw::serve {

std::string echo_body(const http::ForwardPlan& plan, unsigned attempt) {
  nlohmann::ordered_json doc;
  doc["cluster"] = plan.cluster;
  doc["method"] = plan.request.method;
  doc["path"] = plan.request.path;
  doc["authority"] = plan.request.authority;
  nlohmann::ordered_json headers = nlohmann::ordered_json::object();
  for (const auto& h : plan.request.headers) {
    std::string value = h.name == "x-envoy-attempt-count" ? std::to_string(attempt) : h.value;
    auto it = headers.find(h.name);
    if (it == headers.end())
      headers[h.name] = value;
    else
      *it = it->get<std::string>() + ", " + value;
  }
  doc["headers"] = std::move(headers);
  return doc.dump(2) + "\n";
}

}  // namespace igw::serve

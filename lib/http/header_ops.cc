// R4.4 header edits, in Envoy HeaderParser order.
#include "lib/http/header_ops.h"

#include "lib/base/strings.h"

#include <utility>

namespace igw::http {

void evaluate_header_ops(const std::vector<compile::HeaderValueOption>& add,
                         const std::vector<std::string>& remove, Headers& headers) {
  for (const auto& name : remove)
    headers.remove(name);
  // Envoy collects the values first, then overwrites, then appends: a `set` and an `add` of the
  // same name therefore end as the set value followed by the added one, whatever their order.
  for (const auto& op : add) {
    std::string value = unescape_header_value(op.value);
    if (!op.append && !value.empty())
      headers.overwrite(base::to_lower(op.key), std::move(value));
  }
  for (const auto& op : add) {
    std::string value = unescape_header_value(op.value);
    if (op.append && !value.empty())
      headers.add(base::to_lower(op.key), std::move(value));
  }
}

void apply_request_ops(const compile::HeaderOps& ops, Headers& headers) {
  evaluate_header_ops(ops.request_add, ops.request_remove, headers);
}

void apply_response_ops(const compile::HeaderOps& ops, Headers& headers) {
  evaluate_header_ops(ops.response_add, ops.response_remove, headers);
}

std::string unescape_header_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (size_t i = 0; i < value.size(); ++i) {
    out.push_back(value[i]);
    if (value[i] == '%' && i + 1 < value.size() && value[i + 1] == '%')
      ++i;
  }
  return out;
}

std::vector<std::string> substitution_commands(std::string_view value) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < value.size()) {
    if (value[i] != '%') {
      ++i;
      continue;
    }
    if (i + 1 < value.size() && value[i + 1] == '%') {
      i += 2;
      continue;
    }
    size_t end = value.find('%', i + 1);
    if (end == std::string_view::npos)
      break;
    out.emplace_back(value.substr(i, end - i + 1));
    i = end + 1;
  }
  return out;
}

}  // namespace igw::http

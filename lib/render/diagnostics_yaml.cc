#include "lib/render/diagnostics_yaml.h"

#include "lib/render/diagnostics_json.h"

#include <fmt/format.h>

#include <string>

namespace igw::render {

namespace {

using Json = nlohmann::ordered_json;

std::string scalar(const Json& v) {
  std::string text = v.dump(-1, ' ', false, Json::error_handler_t::replace);
  // JSON leaves DEL and the C1 controls raw; YAML only allows them escaped.
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == 0x7F) {
      out += "\\u007F";
    } else if (c == 0xC2 && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      out += fmt::format("\\u{:04X}", static_cast<unsigned char>(text[++i]));
    } else {
      out += text[i];
    }
  }
  return out;
}

bool plain_key(const std::string& k) {
  if (k.empty())
    return false;
  for (size_t i = 0; i < k.size(); ++i) {
    char c = k[i];
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    bool digit = c >= '0' && c <= '9';
    if (!(alpha || (i > 0 && (digit || c == '-'))))
      return false;
  }
  // Words YAML 1.1 readers turn into booleans or null are quoted even as keys.
  static const char* const kReserved[] = {"y",   "n",    "yes",   "no",  "on",
                                          "off", "true", "false", "null"};
  std::string lower;
  for (char c : k)
    lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  for (const char* r : kReserved) {
    if (lower == r)
      return false;
  }
  return true;
}

std::string key_text(const std::string& k) {
  return plain_key(k) ? k : scalar(Json(k));
}

bool is_leaf(const Json& v) {
  return !v.is_structured() || v.empty();
}

void emit_seq(std::ostream& out, const Json& seq, size_t indent);

// Map entries at `indent`; with `inline_first` the first key continues a "- " already written.
void emit_map(std::ostream& out, const Json& map, size_t indent, bool inline_first) {
  bool first = true;
  for (const auto& [k, v] : map.items()) {
    if (!(first && inline_first))
      out << std::string(indent, ' ');
    first = false;
    out << key_text(k) << ":";
    if (is_leaf(v)) {
      out << " " << scalar(v) << "\n";
    } else if (v.is_object()) {
      out << "\n";
      emit_map(out, v, indent + 2, false);
    } else {
      out << "\n";
      emit_seq(out, v, indent + 2);
    }
  }
}

void emit_seq(std::ostream& out, const Json& seq, size_t indent) {
  for (const auto& item : seq) {
    out << std::string(indent, ' ') << "-";
    if (is_leaf(item)) {
      out << " " << scalar(item) << "\n";
    } else if (item.is_object()) {
      out << " ";
      emit_map(out, item, indent + 2, true);
    } else {
      out << "\n";
      emit_seq(out, item, indent + 2);
    }
  }
}

}  // namespace

void write_yaml(std::ostream& out, const Json& doc) {
  if (is_leaf(doc)) {
    out << scalar(doc) << "\n";
  } else if (doc.is_object()) {
    emit_map(out, doc, 0, false);
  } else {
    emit_seq(out, doc, 0);
  }
}

void write_diagnostics_yaml(std::ostream& out, const DiagnosticsReport& report) {
  write_yaml(out, diagnostics_json(report));
}

}  // namespace igw::render

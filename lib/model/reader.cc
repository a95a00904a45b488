#include "lib/model/reader.h"

namespace igw::model {

using config::Node;

const Node* Reader::map(const Node* m, std::string_view key) const {
  const Node* n = m ? m->find(key) : nullptr;
  return n && n->is_map() ? n : nullptr;
}

const Node* Reader::seq(const Node* m, std::string_view key) const {
  const Node* n = m ? m->find(key) : nullptr;
  return n && n->is_seq() ? n : nullptr;
}

bool Reader::has(const Node* m, std::string_view key) const {
  return m && m->find(key);
}

LString Reader::str_of(const Node& n) const {
  LString out;
  if (n.is_scalar()) {
    out.value = n.value;
    out.loc = loc(n);
    out.present = true;
  }
  return out;
}

LInt Reader::int_of(const Node& n) const {
  LInt out;
  if (auto v = n.as_int()) {
    out.value = *v;
    out.loc = loc(n);
    out.present = true;
  }
  return out;
}

LString Reader::str(const Node* m, std::string_view key) const {
  const Node* n = m ? m->find(key) : nullptr;
  return n ? str_of(*n) : LString{};
}

LInt Reader::integer(const Node* m, std::string_view key) const {
  const Node* n = m ? m->find(key) : nullptr;
  return n ? int_of(*n) : LInt{};
}

LBool Reader::boolean(const Node* m, std::string_view key) const {
  LBool out;
  const Node* n = m ? m->find(key) : nullptr;
  if (n) {
    if (auto v = n->as_bool()) {
      out.value = *v;
      out.loc = loc(*n);
      out.present = true;
    }
  }
  return out;
}

LDouble Reader::number(const Node* m, std::string_view key) const {
  LDouble out;
  const Node* n = m ? m->find(key) : nullptr;
  if (n) {
    if (auto v = n->as_double()) {
      out.value = *v;
      out.loc = loc(*n);
      out.present = true;
    }
  }
  return out;
}

std::vector<LString> Reader::str_list(const Node* m, std::string_view key) const {
  std::vector<LString> out;
  const Node* s = seq(m, key);
  if (!s)
    return out;
  for (const auto& item : s->items) {
    LString v = str_of(item);
    if (v)
      out.push_back(std::move(v));
  }
  return out;
}

StringMap Reader::string_map(const Node* m, std::string_view key) const {
  StringMap out;
  const Node* mm = map(m, key);
  if (!mm)
    return out;
  for (const auto& [k, v] : mm->entries) {
    StringMapEntry e;
    e.key = str_of(k);
    e.value = str_of(v);
    if (!e.value.present) {
      e.value.loc = loc(v);
      e.value.present = v.is_null();  // `key:` with no value is the empty string in JSON terms
    }
    out.push_back(std::move(e));
  }
  return out;
}

const LString* find_value(const StringMap& m, std::string_view key) {
  for (const auto& e : m) {
    if (e.key.value == key)
      return &e.value;
  }
  return nullptr;
}

}  // namespace igw::model

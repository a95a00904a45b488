#include "lib/config/load.h"

#include "lib/base/strings.h"
#include "lib/config/messages.h"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <unordered_map>

namespace igw::config {

namespace fs = std::filesystem;

namespace {

// Raised inside the event handler to abort a document; turned into a diagnostic by parse_text.
struct BuildError {
  std::string message;
  uint32_t line = 0;
  uint32_t col = 0;
  const base::MessageType* type = &msg::kYamlSyntax;
};

size_t count_nodes(const Node& n) {
  size_t c = 1;
  for (const auto& i : n.items)
    c += count_nodes(i);
  for (const auto& [k, v] : n.entries)
    c += count_nodes(k) + count_nodes(v);
  return c;
}

// Finds the end of a quoted scalar starting at `pos`; false when the file ends first.
// yaml-cpp 0.7 silently accepts an unterminated quote at end of input, Kubernetes does not.
bool quote_closes(const std::string& text, size_t pos) {
  if (pos >= text.size())
    return true;
  char q = text[pos];
  if (q != '"' && q != '\'')
    return true;  // position not on a quote: nothing to check
  for (size_t i = pos + 1; i < text.size(); ++i) {
    char c = text[i];
    if (q == '"' && c == '\\') {
      ++i;
      continue;
    }
    if (c == q) {
      if (q == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;
        continue;
      }
      return true;
    }
  }
  return false;
}

class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(const std::string& text, const LoadLimits& limits) : text_(text), limits_(limits) {}

  void OnDocumentStart(const YAML::Mark&) override {
    stack_.clear();
    anchors_.clear();
    expanded_ = 0;
    root_ = Node{};
    has_root_ = false;
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Node n;
    set_pos(n, mark);
    // A missing map value is reported at its key, which is where the user looks.
    if (!stack_.empty() && stack_.back().node.is_map() && stack_.back().key) {
      n.line = stack_.back().key->line;
      n.col = stack_.back().key->col;
    }
    finish(std::move(n), anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end())
      throw_at(mark, "alias refers to an unknown anchor");
    expanded_ += count_nodes(it->second);
    if (expanded_ > limits_.max_alias_expansion) {
      throw_at(mark,
               fmt::format("alias expansion exceeds {} nodes (a \"billion laughs\" document?)",
                           limits_.max_alias_expansion));
    }
    Node copy = it->second;
    finish(std::move(copy), 0);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    Node n;
    n.type = NodeType::Scalar;
    set_pos(n, mark);
    n.value = value;
    if (tag == "!") {
      bool quoted = mark.pos >= 0 && static_cast<size_t>(mark.pos) < text_.size() &&
                    (text_[static_cast<size_t>(mark.pos)] == '"' ||
                     text_[static_cast<size_t>(mark.pos)] == '\'');
      n.style = quoted ? ScalarStyle::Quoted : ScalarStyle::Block;
      if (quoted && !quote_closes(text_, static_cast<size_t>(mark.pos))) {
        throw_at(mark, fmt::format("quoted string starting here is never closed (missing {})",
                                   text_[static_cast<size_t>(mark.pos)]));
      }
    } else if (tag != "?" && !tag.empty()) {
      n.tag = tag;
    }
    finish(std::move(n), anchor);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Node n;
    n.type = NodeType::Sequence;
    set_pos(n, mark);
    if (tag != "?" && tag != "!")
      n.tag = tag;
    stack_.push_back(Frame{std::move(n), anchor, std::nullopt, {}, {}});
  }
  void OnSequenceEnd() override { close_frame(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Node n;
    n.type = NodeType::Map;
    set_pos(n, mark);
    if (tag != "?" && tag != "!")
      n.tag = tag;
    stack_.push_back(Frame{std::move(n), anchor, std::nullopt, {}, {}});
  }
  void OnMapEnd() override {
    Frame& f = stack_.back();
    apply_merges(f);
    close_frame();
  }

  bool has_root() const { return has_root_; }
  Node take_root() { return std::move(root_); }

 private:
  struct Frame {
    Node node;
    YAML::anchor_t anchor;
    std::optional<Node> key;                         // pending map key
    std::unordered_map<std::string, uint32_t> seen;  // key -> line, for duplicate detection
    std::vector<Node> merges;                        // values of "<<" merge keys
  };

  static void set_pos(Node& n, const YAML::Mark& m) {
    n.line = m.line >= 0 ? static_cast<uint32_t>(m.line) + 1 : 0;
    n.col = m.column >= 0 ? static_cast<uint32_t>(m.column) + 1 : 0;
  }

  [[noreturn]] static void throw_at(const YAML::Mark& m, std::string message) {
    BuildError e;
    e.message = std::move(message);
    e.line = m.line >= 0 ? static_cast<uint32_t>(m.line) + 1 : 0;
    e.col = m.column >= 0 ? static_cast<uint32_t>(m.column) + 1 : 0;
    throw e;
  }

  void close_frame() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    finish(std::move(f.node), f.anchor);
  }

  void finish(Node n, YAML::anchor_t anchor) {
    if (anchor != 0) {
      expanded_ += count_nodes(n);
      anchors_[anchor] = n;
    }
    if (stack_.empty()) {
      root_ = std::move(n);
      has_root_ = true;
      return;
    }
    Frame& top = stack_.back();
    if (top.node.is_seq()) {
      top.node.items.push_back(std::move(n));
      return;
    }
    if (!top.key) {
      if (!n.is_scalar() && !n.is_null()) {
        BuildError e{"mapping keys must be plain strings (Kubernetes objects are JSON)", n.line,
                     n.col};
        throw e;
      }
      top.key = std::move(n);
      return;
    }
    Node key = std::move(*top.key);
    top.key.reset();
    if (key.is_null())
      key.type = NodeType::Scalar;  // "~: x" or "? : x": key is the empty string
    if (key.style == ScalarStyle::Plain && key.value == "<<" && key.tag.empty()) {
      top.merges.push_back(std::move(n));
      return;
    }
    auto [it, inserted] = top.seen.emplace(key.value, key.line);
    if (!inserted) {
      BuildError e{fmt::format("mapping key {} already defined at line {}", base::quote(key.value),
                               it->second),
                   key.line, key.col, &msg::kDuplicateKey};
      throw e;
    }
    top.node.entries.emplace_back(std::move(key), std::move(n));
  }

  // go-yaml v2 merge keys: explicit keys win, earlier merge sources win over later ones.
  static void apply_merges(Frame& f) {
    for (auto& src : f.merges) {
      std::vector<const Node*> maps;
      if (src.is_map()) {
        maps.push_back(&src);
      } else if (src.is_seq()) {
        for (const auto& i : src.items) {
          if (i.is_map())
            maps.push_back(&i);
        }
      }
      if (maps.empty() && !src.is_null()) {
        BuildError e{"merge key \"<<\" needs a mapping or a list of mappings", src.line, src.col};
        throw e;
      }
      for (const Node* m : maps) {
        for (const auto& [k, v] : m->entries) {
          if (f.seen.emplace(k.value, k.line).second)
            f.node.entries.emplace_back(k, v);
        }
      }
    }
    f.merges.clear();
  }

  const std::string& text_;
  const LoadLimits& limits_;
  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, Node> anchors_;
  size_t expanded_ = 0;
  Node root_;
  bool has_root_ = false;
};

// A sentence saying what to do about a yaml-cpp message, looking at the offending lines.
std::string syntax_hint(const base::SourceFile& file, uint32_t line, const std::string& what) {
  for (uint32_t l = line; l + 1 >= line && l >= 1; --l) {
    std::string_view t = file.line_text(l);
    size_t i = 0;
    while (i < t.size() && (t[i] == ' ' || t[i] == '\t')) {
      if (t[i] == '\t') {
        return fmt::format(
            "line {} is indented with a tab; YAML allows only spaces for indentation", l);
      }
      ++i;
    }
    if (l == 1)
      break;
  }
  if (what.find("end of map flow") != std::string::npos)
    return "a '{' is never closed with '}'";
  if (what.find("end of sequence flow") != std::string::npos) {
    return "a '[' is never closed with ']'";
  }
  if (what.find("end of map not found") != std::string::npos ||
      what.find("illegal map value") != std::string::npos ||
      what.find("end of sequence not found") != std::string::npos ||
      what.find("illegal block entry") != std::string::npos) {
    return "check this line's indentation against the lines above it";
  }
  if (what.find("EOF in scalar") != std::string::npos)
    return "a quoted string is never closed";
  return {};
}

void add_syntax_error(LoadResult& out, const base::SourceFilePtr& file, const BuildError& e) {
  base::SourceLoc loc{file, e.line, e.col};
  std::string message =
      e.type == &msg::kDuplicateKey ? e.message : fmt::format("YAML syntax error: {}", e.message);
  auto& d = out.diagnostics.emplace(*e.type, std::move(message), loc);
  if (e.line > 0 && e.type == &msg::kYamlSyntax)
    d.hint = syntax_hint(*file, e.line, e.message);
  if (e.type == &msg::kDuplicateKey)
    d.hint = "remove one of the two entries";
  out.input_error = true;
}

bool has_yaml_extension(const fs::path& p) {
  std::string ext = base::to_lower(p.extension().string());
  return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

void load_file(const std::string& path, LoadResult& out, const LoadLimits& limits) {
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (!ec && size > limits.max_file_bytes) {
    out.diagnostics.emplace(msg::kFileUnreadable,
                            fmt::format("{}: file is {} bytes, larger than the {} byte limit", path,
                                        size, limits.max_file_bytes),
                            base::SourceLoc{std::make_shared<base::SourceFile>(path, ""), 0, 0});
    out.input_error = true;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    out.diagnostics.emplace(msg::kFileUnreadable,
                            fmt::format("{}: cannot open: {}", path, std::strerror(errno)),
                            base::SourceLoc{std::make_shared<base::SourceFile>(path, ""), 0, 0});
    out.input_error = true;
    return;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  parse_text(path, ss.str(), out, limits);
}

}  // namespace

void parse_text(const std::string& path, std::string text, LoadResult& out,
                const LoadLimits& limits) {
  auto file = std::make_shared<const base::SourceFile>(path, std::move(text));
  out.files.push_back(path);
  std::istringstream in(file->text());
  TreeBuilder builder(file->text(), limits);
  uint32_t index = 0;
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(builder)) {
      if (builder.has_root()) {
        out.documents.push_back(Document{file, index, builder.take_root()});
      }
      ++index;
    }
  } catch (const BuildError& e) {
    add_syntax_error(out, file, e);
  } catch (const YAML::Exception& e) {
    BuildError be;
    be.message = e.msg;
    if (!e.mark.is_null()) {
      be.line = static_cast<uint32_t>(e.mark.line) + 1;
      be.col = static_cast<uint32_t>(e.mark.column) + 1;
    }
    add_syntax_error(out, file, be);
  } catch (const std::exception& e) {
    add_syntax_error(out, file, BuildError{e.what(), 0, 0});
  }
}

LoadResult load(const std::vector<std::string>& paths, std::istream& stdin_stream,
                const LoadLimits& limits) {
  LoadResult out;
  bool stdin_used = false;
  for (const auto& path : paths) {
    if (path == "-") {
      if (stdin_used)
        continue;
      stdin_used = true;
      std::ostringstream ss;
      ss << stdin_stream.rdbuf();
      parse_text("<stdin>", ss.str(), out, limits);
      continue;
    }
    std::error_code ec;
    auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      out.diagnostics.emplace(msg::kFileUnreadable,
                              fmt::format("{}: no such file or directory", path),
                              base::SourceLoc{std::make_shared<base::SourceFile>(path, ""), 0, 0});
      out.input_error = true;
      continue;
    }
    if (!fs::is_directory(status)) {
      load_file(path, out, limits);
      continue;
    }
    std::vector<std::string> found;
    fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      const auto& entry = *it;
      std::string name = entry.path().filename().string();
      if (!name.empty() && name[0] == '.') {
        if (entry.is_directory())
          it.disable_recursion_pending();
        continue;
      }
      if (entry.is_regular_file() && has_yaml_extension(entry.path())) {
        found.push_back(entry.path().string());
      }
    }
    if (ec) {
      out.diagnostics.emplace(msg::kFileUnreadable, fmt::format("{}: {}", path, ec.message()),
                              base::SourceLoc{std::make_shared<base::SourceFile>(path, ""), 0, 0});
      out.input_error = true;
    }
    std::sort(found.begin(), found.end());
    for (const auto& f : found)
      load_file(f, out, limits);
  }
  return out;
}

}  // namespace igw::config

// Reads manifests into positioned YAML trees (yaml-cpp events → config::Node) and turns every
// YAML problem into a diagnostic at the place the user has to fix.
#include "lib/config/load.h"

#include "lib/base/strings.h"
#include "lib/config/messages.h"
#include "lib/config/text_scan.h"

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cerrno>
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
  std::string hint = {};
};

// Size of a tree, for the alias-expansion budget and the nesting limit.
struct TreeSize {
  size_t nodes = 0;
  size_t bytes = 0;    // scalar and key text
  uint32_t depth = 0;  // collection nesting: 0 for a scalar, 1 for a flat list or map
};

// Recursion is bounded: every tree measured here was built under LoadLimits::max_depth.
TreeSize measure(const Node& n) {
  TreeSize s{1, n.value.size(), 0};
  auto add = [&s](const TreeSize& c) {
    s.nodes += c.nodes;
    s.bytes += c.bytes;
    s.depth = std::max(s.depth, c.depth + 1);
  };
  if (n.is_seq() || n.is_map())
    s.depth = 1;
  for (const auto& i : n.items)
    add(measure(i));
  for (const auto& [k, v] : n.entries) {
    add(measure(k));
    add(measure(v));
  }
  return s;
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

bool is_null_word(std::string_view v) {
  return v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL";
}

// True when a null literal (~, null, Null, NULL) is written at `pos`, as opposed to an empty
// node, for which yaml-cpp reports the position of whatever token follows.
bool null_literal_at(const std::string& text, size_t pos) {
  // Offsets past the text happen with UTF-16 input, which yaml-cpp converts while reading.
  if (pos >= text.size())
    return false;
  for (std::string_view w : {"~", "null", "Null", "NULL"}) {
    if (text.compare(pos, w.size(), w) != 0)
      continue;
    size_t end = pos + w.size();
    if (end >= text.size() || std::strchr(" \t\r\n,]}#", text[end]) != nullptr)
      return true;
  }
  return false;
}

class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(const std::string& text, const LoadLimits& limits) : text_(text), limits_(limits) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    stack_.clear();
    anchors_.clear();
    expanded_ = 0;
    expanded_bytes_ = 0;
    root_ = Node{};
    has_root_ = false;
    doc_start_ = mark;
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Node n;
    set_pos(n, mark);
    bool literal = mark.pos >= 0 && null_literal_at(text_, static_cast<size_t>(mark.pos));
    if (!literal && !stack_.empty()) {
      Frame& top = stack_.back();
      if (top.node.is_map() && top.key) {
        // A missing map value is reported at its key, which is where the user looks.
        n.line = top.key->line;
        n.col = top.key->col;
      } else if (top.node.is_seq()) {
        // An empty list item ("-" alone): yaml-cpp points at the next token, often lines later.
        place_at_preceding_dash(n, mark);
      }
    }
    finish(std::move(n), anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end())
      throw_at(mark, "alias refers to an unknown anchor",
               "define the anchor (&name) before the alias (*name) that uses it");
    const Anchor& a = it->second;
    expanded_ += a.size.nodes;
    expanded_bytes_ += a.size.bytes;
    if (expanded_ > limits_.max_alias_expansion) {
      throw_at(mark,
               fmt::format("alias expansion exceeds {} nodes (a \"billion laughs\" document?)",
                           limits_.max_alias_expansion),
               "expand the aliases by hand, or use fewer of them");
    }
    if (expanded_bytes_ > limits_.max_alias_expansion_bytes) {
      throw_at(mark, fmt::format("alias expansion exceeds {} bytes of text",
                                 limits_.max_alias_expansion_bytes));
    }
    if (stack_.size() + a.size.depth > limits_.max_depth) {
      throw_at(
          mark,
          fmt::format("this alias nests the document deeper than {} levels", limits_.max_depth),
          "expand the alias by hand, or nest its anchor less deeply");
    }
    Node copy = a.node;
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
        char q = text_[static_cast<size_t>(mark.pos)];
        throw_at(mark, fmt::format("quoted string starting here is never closed (missing {})", q),
                 fmt::format("add the closing {} where the string should end", q));
      }
    } else if (tag != "?" && !tag.empty()) {
      n.tag = tag;
      // "!!null" (or "!!null ~") is null, as in go-yaml.
      if (tag == "tag:yaml.org,2002:null" && is_null_word(value))
        n.type = NodeType::Null;
    }
    finish(std::move(n), anchor);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    check_depth(mark);
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
    check_depth(mark);
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
  const YAML::Mark& doc_start() const { return doc_start_; }

 private:
  struct Frame {
    Node node;
    YAML::anchor_t anchor;
    std::optional<Node> key;                         // pending map key
    std::unordered_map<std::string, uint32_t> seen;  // key -> line, for duplicate detection
    std::vector<Node> merges;                        // values of "<<" merge keys
  };
  struct Anchor {
    Node node;
    TreeSize size;
  };

  static void set_pos(Node& n, const YAML::Mark& m) {
    n.line = m.line >= 0 ? static_cast<uint32_t>(m.line) + 1 : 0;
    n.col = m.column >= 0 ? static_cast<uint32_t>(m.column) + 1 : 0;
  }

  [[noreturn]] static void throw_at(const YAML::Mark& m, std::string message,
                                    std::string hint = {}) {
    BuildError e;
    e.message = std::move(message);
    e.hint = std::move(hint);
    e.line = m.line >= 0 ? static_cast<uint32_t>(m.line) + 1 : 0;
    e.col = m.column >= 0 ? static_cast<uint32_t>(m.column) + 1 : 0;
    throw e;
  }

  void check_depth(const YAML::Mark& mark) {
    if (stack_.size() < limits_.max_depth)
      return;
    BuildError e;
    e.message =
        fmt::format("the document nests lists and maps deeper than {} levels", limits_.max_depth);
    e.hint = "Kubernetes manifests nest a few dozen levels at most; this input is refused";
    e.line = mark.line >= 0 ? static_cast<uint32_t>(mark.line) + 1 : 0;
    e.col = mark.column >= 0 ? static_cast<uint32_t>(mark.column) + 1 : 0;
    throw e;
  }

  // Walks back from `mark` over blank lines and comments to the "-" that opened the item.
  void place_at_preceding_dash(Node& n, const YAML::Mark& mark) const {
    if (mark.pos < 0)
      return;
    size_t end = std::min(static_cast<size_t>(mark.pos), text_.size());
    uint32_t line = n.line;
    // At most a few hundred lines back: a list item is never further from its value.
    for (int steps = 0; steps < 512 && line >= 1; ++steps) {
      size_t line_start = text_.rfind('\n', end == 0 ? 0 : end - 1);
      line_start = line_start == std::string::npos || end == 0 ? 0 : line_start + 1;
      if (line_start > end)
        line_start = end;
      std::string_view l(text_.data() + line_start, end - line_start);
      // Cut a comment: '#' at the start or after a blank (no quotes can precede an empty item).
      for (size_t i = 0; i < l.size(); ++i) {
        if (l[i] == '#' && (i == 0 || l[i - 1] == ' ' || l[i - 1] == '\t')) {
          l = l.substr(0, i);
          break;
        }
      }
      size_t last = l.find_last_not_of(" \t\r");
      if (last != std::string_view::npos) {
        if (l[last] == '-' && (last == 0 || l[last - 1] == ' ' || l[last - 1] == '\t')) {
          n.line = line;
          n.col = static_cast<uint32_t>(last) + 1;
        }
        return;
      }
      if (line_start == 0)
        return;
      end = line_start - 1;  // the '\n' ending the previous line
      --line;
    }
  }

  void close_frame() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    finish(std::move(f.node), f.anchor);
  }

  void finish(Node n, YAML::anchor_t anchor) {
    if (anchor != 0) {
      TreeSize size = measure(n);
      expanded_ += size.nodes;
      expanded_bytes_ += size.bytes;
      anchors_[anchor] = Anchor{n, size};
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
  std::map<YAML::anchor_t, Anchor> anchors_;
  size_t expanded_ = 0;
  size_t expanded_bytes_ = 0;
  Node root_;
  bool has_root_ = false;
  YAML::Mark doc_start_ = YAML::Mark::null_mark();
};

// A sentence saying what to do about a yaml-cpp message.
std::string syntax_hint(const std::string& what) {
  if (what.find("end of map flow") != std::string::npos)
    return "a '{' is never closed with '}'";
  if (what.find("end of sequence flow") != std::string::npos)
    return "a '[' is never closed with ']'";
  if (what.find("illegal map value") != std::string::npos) {
    return "a value cannot start here: check this line's indentation against the lines above "
           "it, or quote a value that contains \": \"";
  }
  if (what.find("end of map not found") != std::string::npos ||
      what.find("end of sequence not found") != std::string::npos) {
    return "check this line's indentation against the lines above it";
  }
  if (what.find("illegal block entry") != std::string::npos)
    return "a \"- \" list item must line up with the other items of its list";
  if (what.find("illegal flow end") != std::string::npos)
    return "this closing bracket has no matching opening bracket";
  if (what.find("EOF in scalar") != std::string::npos)
    return "a quoted string is never closed";
  if (what.find("unknown escape character") != std::string::npos) {
    return "inside double quotes a backslash starts an escape; write \\\\ or use single quotes";
  }
  if (what.find("anchor") != std::string::npos || what.find("alias") != std::string::npos)
    return "define the anchor (&name) before the alias (*name) that uses it";
  return {};
}

// The 1-based column of the first tab in the indentation of `line`, or 0.
uint32_t indent_tab_col(const base::SourceFile& file, uint32_t line) {
  std::string_view t = file.line_text(line);
  for (size_t i = 0; i < t.size() && (t[i] == ' ' || t[i] == '\t'); ++i) {
    if (t[i] == '\t')
      return static_cast<uint32_t>(i) + 1;
  }
  return 0;
}

// Rewrites a yaml-cpp error to point at its cause: a bracket never closed, a quote that runs on
// over several lines, a tab used for indentation. Otherwise keeps yaml-cpp's position.
void explain_syntax_error(const base::SourceFile& file, BuildError& e) {
  std::string what = e.message;
  uint32_t lines = file.line_count();
  // yaml-cpp reports errors found at end of input one line past the text.
  if (lines > 0 && e.line > lines) {
    e.line = lines;
    e.col = static_cast<uint32_t>(file.line_text(lines).size()) + 1;
  }
  e.message = fmt::format("YAML syntax error: {}", what);
  e.hint = syntax_hint(what);
  if (e.line == 0)
    return;

  for (uint32_t l : {e.line, e.line - 1}) {
    if (l == 0)
      continue;
    if (uint32_t c = indent_tab_col(file, l)) {
      e.line = l;
      e.col = c;
      e.message = "YAML syntax error: a tab character indents this line";
      e.hint = fmt::format(
          "YAML allows only spaces for indentation; replace the tab with spaces "
          "(the parser said: {})",
          what);
      return;
    }
  }

  TextScan scan = scan_text(file.text());
  // "end of ... flow not found" is raised at end of input, which yaml-cpp sometimes reports as
  // 1:1: then any bracket left open is the cause, wherever the parser says it stopped.
  bool flow_end_missing = what.find("flow not found") != std::string::npos;
  for (auto it = scan.unclosed.rbegin(); it != scan.unclosed.rend(); ++it) {
    if (!flow_end_missing && !it->pos.before(e.line, e.col + 1))
      continue;
    char closer = it->bracket == '[' ? ']' : '}';
    e.message = fmt::format("YAML syntax error: '{}' is never closed", it->bracket);
    e.hint =
        flow_end_missing
            ? fmt::format("add the matching '{}'", closer)
            : fmt::format("add the matching '{}' (the parser gave up at line {} column {}: {})",
                          closer, e.line, e.col, what);
    e.line = it->pos.line;
    e.col = it->pos.col;
    return;
  }
  for (const auto& q : scan.multiline_quotes) {
    bool runs_to_error = q.open.line < e.line && q.open.before(e.line, e.col) &&
                         (!q.closed || q.close.line == e.line);
    if (!runs_to_error)
      continue;
    e.message = fmt::format("YAML syntax error: the {} quote opened here is not closed on its line",
                            q.quote);
    e.hint =
        fmt::format("the string runs on to line {}, where the YAML breaks ({}); add the closing {}",
                    q.closed ? q.close.line : e.line, what, q.quote);
    e.line = q.open.line;
    e.col = q.open.col;
    return;
  }
}

void add_syntax_error(LoadResult& out, const base::SourceFilePtr& file, const BuildError& e) {
  base::SourceLoc loc{file, e.line, e.col};
  auto& d = out.diagnostics.emplace(*e.type, e.message, loc);
  d.hint = e.hint;
  out.input_error = true;
}

BuildError from_yaml_exception(const YAML::Exception& ex) {
  BuildError be;
  be.message = ex.msg;
  if (!ex.mark.is_null()) {
    be.line = static_cast<uint32_t>(ex.mark.line) + 1;
    be.col = static_cast<uint32_t>(ex.mark.column) + 1;
  }
  return be;
}

bool has_yaml_extension(const fs::path& p) {
  std::string ext = base::to_lower(p.extension().string());
  return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

base::SourceLoc whole_file(const std::string& path) {
  return base::SourceLoc{std::make_shared<base::SourceFile>(path, ""), 0, 0};
}

void load_file(const std::string& path, LoadResult& out, const LoadLimits& limits) {
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (!ec && size > limits.max_file_bytes) {
    out.diagnostics
        .emplace(msg::kFileUnreadable,
                 fmt::format("{}: file is {} bytes, larger than the {} byte limit", path, size,
                             limits.max_file_bytes),
                 whole_file(path))
        .hint = "split the input into smaller files";
    out.input_error = true;
    return;
  }
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    int err = errno;
    out.diagnostics.emplace(
        msg::kFileUnreadable,
        fmt::format("{}: cannot open: {}", path, err ? std::strerror(err) : "unknown error"),
        whole_file(path));
    out.input_error = true;
    return;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) {
    out.diagnostics.emplace(msg::kFileUnreadable, fmt::format("{}: read error", path),
                            whole_file(path));
    out.input_error = true;
    return;
  }
  parse_text(path, ss.str(), out, limits);
}

}  // namespace

void parse_text(const std::string& path, std::string text, LoadResult& out,
                const LoadLimits& limits) {
  out.files.push_back(path);
  if (text.size() > limits.max_file_bytes) {
    out.diagnostics.emplace(msg::kFileUnreadable,
                            fmt::format("{}: input is {} bytes, larger than the {} byte limit",
                                        path, text.size(), limits.max_file_bytes),
                            whole_file(path));
    out.input_error = true;
    return;
  }
  // A UTF-8 byte order mark is dropped, as kubectl does: yaml-cpp skips it without counting it,
  // and keeping it would shift every offset on line 1.
  if (text.starts_with("\xEF\xBB\xBF"))
    text.erase(0, 3);
  auto file = std::make_shared<const base::SourceFile>(path, std::move(text));
  std::istringstream in(file->text());
  TreeBuilder builder(file->text(), limits);
  uint32_t index = 0;
  YAML::Mark previous_start = YAML::Mark::null_mark();
  size_t before = out.documents.size();
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(builder)) {
      // yaml-cpp 0.7 neither consumes nor rejects some tokens at the top of a document (a ','
      // outside brackets): it would return the same empty document forever.
      const YAML::Mark& start = builder.doc_start();
      if (index > 0 && start.pos == previous_start.pos) {
        if (out.documents.size() > before && out.documents.back().root.is_null())
          out.documents.pop_back();
        size_t at = static_cast<size_t>(std::max(start.pos, 0));
        char c = at < file->text().size() ? file->text()[at] : ' ';
        BuildError e;
        e.message = fmt::format("YAML syntax error: unexpected {} here", base::quote({&c, 1}));
        e.hint = c == ','
                     ? "',' separates items only inside [ ] or { }; quote a value containing it"
                     : "this character cannot start a YAML value";
        e.line = static_cast<uint32_t>(start.line) + 1;
        e.col = static_cast<uint32_t>(start.column) + 1;
        add_syntax_error(out, file, e);
        return;
      }
      previous_start = start;
      if (builder.has_root())
        out.documents.push_back(Document{file, index, builder.take_root()});
      ++index;
    }
  } catch (BuildError& e) {
    if (e.type == &msg::kYamlSyntax)
      e.message = fmt::format("YAML syntax error: {}", e.message);
    if (e.type == &msg::kDuplicateKey)
      e.hint = "remove one of the two entries";
    add_syntax_error(out, file, e);
  } catch (const YAML::DeepRecursion& ex) {
    // Not reached while max_depth is below yaml-cpp's own limit (500), kept for safety.
    BuildError e = from_yaml_exception(ex);
    e.message = "YAML syntax error: the document nests deeper than the YAML parser allows";
    add_syntax_error(out, file, e);
  } catch (const YAML::Exception& ex) {
    BuildError e = from_yaml_exception(ex);
    explain_syntax_error(*file, e);
    add_syntax_error(out, file, e);
  } catch (const std::exception& ex) {
    add_syntax_error(out, file, BuildError{fmt::format("YAML syntax error: {}", ex.what()), 0, 0});
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
                              fmt::format("{}: no such file or directory", path), whole_file(path));
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
        std::error_code dir_ec;
        if (entry.is_directory(dir_ec))
          it.disable_recursion_pending();
        continue;
      }
      std::error_code file_ec;
      if (entry.is_regular_file(file_ec) && has_yaml_extension(entry.path())) {
        found.push_back(entry.path().string());
      }
    }
    if (ec) {
      out.diagnostics.emplace(msg::kFileUnreadable, fmt::format("{}: {}", path, ec.message()),
                              whole_file(path));
      out.input_error = true;
    }
    std::sort(found.begin(), found.end());
    for (const auto& f : found)
      load_file(f, out, limits);
  }
  return out;
}

}  // namespace igw::config

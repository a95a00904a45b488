// Line-by-line structural scan of YAML text: flow brackets, quoted scalars, block scalars.
#include "lib/config/text_scan.h"

#include <algorithm>

namespace igw::config {

namespace {

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  TextScan run() {
    size_t pos = 0;
    uint32_t line = 1;
    while (true) {
      size_t eol = text_.find('\n', pos);
      if (eol == std::string_view::npos)
        eol = text_.size();
      std::string_view l = text_.substr(pos, eol - pos);
      if (!l.empty() && l.back() == '\r')
        l.remove_suffix(1);
      scan_line(l, pos, line);
      if (eol >= text_.size())
        break;
      pos = eol + 1;
      ++line;
    }
    end_document();
    std::sort(out_.unclosed.begin(), out_.unclosed.end(),
              [](const UnclosedBracket& a, const UnclosedBracket& b) {
                return a.pos.offset < b.pos.offset;
              });
    return std::move(out_);
  }

 private:
  static bool blank_or_ws(char c) { return c == ' ' || c == '\t'; }

  void scan_line(std::string_view l, size_t start, uint32_t line) {
    auto at = [&](size_t i) { return TextPos{start + i, line, static_cast<uint32_t>(i + 1)}; };
    size_t indent = 0;
    while (indent < l.size() && l[indent] == ' ')
      ++indent;
    bool blank = l.find_first_not_of(" \t") == std::string_view::npos;

    if (in_block_scalar_) {
      if (blank || indent > block_parent_indent_)
        return;  // block scalar content: nothing in it is structure
      in_block_scalar_ = false;
    }

    // Document markers end everything open, even inside quotes or brackets (YAML forbids them
    // there, and yaml-cpp stops at them).
    size_t i = 0;
    if (l.size() >= 3 && (l.starts_with("---") || l.starts_with("...")) &&
        (l.size() == 3 || blank_or_ws(l[3]))) {
      end_document();
      if (l[0] == '.')
        return;
      i = 3;
      node_start_ = true;
      line_indent_ = 0;
    } else if (!in_quote_ && flow_.empty()) {
      if (!l.empty() && l[0] == '%')
        return;  // directive
      if (blank || l[indent] == '#')
        return;
      i = indent;
      node_start_ = true;
      line_indent_ = indent;
    }

    for (; i < l.size(); ++i) {
      char c = l[i];
      if (in_quote_) {
        if (quote_.quote == '"') {
          if (c == '\\') {
            ++i;
          } else if (c == '"') {
            close_quote(at(i));
          }
        } else if (c == '\'') {
          if (i + 1 < l.size() && l[i + 1] == '\'') {
            ++i;
          } else {
            close_quote(at(i));
          }
        }
        continue;
      }
      if (c == '#' && (i == 0 || blank_or_ws(l[i - 1])))
        return;  // comment to end of line
      bool sep_after = i + 1 >= l.size() || blank_or_ws(l[i + 1]);
      if (!flow_.empty()) {
        switch (c) {
          case '[':
          case '{':
            flow_.push_back(UnclosedBracket{at(i), c});
            node_start_ = true;
            break;
          case ']':
          case '}':
            close_flow(c);
            node_start_ = false;
            break;
          case ',':
          case ':':
          case '?':
            node_start_ = true;
            break;
          case '"':
          case '\'':
            if (node_start_)
              open_quote(at(i), c);
            break;
          case ' ':
          case '\t':
            break;
          default:
            node_start_ = false;
        }
        continue;
      }
      // Block context: structure only where a node can start.
      if (node_start_) {
        if ((c == '-' || c == '?' || c == ':') && sep_after)
          continue;
        if (blank_or_ws(c))
          continue;
        if (c == '[' || c == '{') {
          flow_.push_back(UnclosedBracket{at(i), c});
          node_start_ = true;
          continue;
        }
        if (c == '"' || c == '\'') {
          open_quote(at(i), c);
          continue;
        }
        if (c == '|' || c == '>') {
          in_block_scalar_ = true;
          block_parent_indent_ = line_indent_;
          return;
        }
        if (c == '&' || c == '!') {
          while (i + 1 < l.size() && !blank_or_ws(l[i + 1]))
            ++i;
          continue;
        }
        node_start_ = false;  // a plain scalar or an alias
        continue;
      }
      if (c == ':' && sep_after)
        node_start_ = true;
    }
  }

  void open_quote(TextPos p, char q) {
    in_quote_ = true;
    quote_ = QuotedSpan{p, {}, false, q};
  }

  void close_quote(TextPos p) {
    in_quote_ = false;
    node_start_ = false;
    quote_.close = p;
    quote_.closed = true;
    if (quote_.close.line != quote_.open.line)
      out_.multiline_quotes.push_back(quote_);
  }

  void close_flow(char closer) {
    char want = closer == ']' ? '[' : '{';
    for (size_t k = flow_.size(); k-- > 0;) {
      if (flow_[k].bracket != want)
        continue;
      // Openers above the match were never closed ("[a, {b: c]").
      for (size_t j = k + 1; j < flow_.size(); ++j)
        out_.unclosed.push_back(flow_[j]);
      flow_.resize(k);
      return;
    }
    // A stray closer: yaml-cpp reports it where it stands.
  }

  void end_document() {
    for (const auto& b : flow_)
      out_.unclosed.push_back(b);
    flow_.clear();
    if (in_quote_) {
      out_.multiline_quotes.push_back(quote_);
      in_quote_ = false;
    }
    in_block_scalar_ = false;
    node_start_ = true;
  }

  std::string_view text_;
  TextScan out_;
  std::vector<UnclosedBracket> flow_;
  bool in_quote_ = false;
  QuotedSpan quote_;
  bool in_block_scalar_ = false;
  size_t block_parent_indent_ = 0;
  size_t line_indent_ = 0;
  bool node_start_ = true;
};

}  // namespace

TextScan scan_text(std::string_view text) {
  return Scanner(text).run();
}

}  // namespace igw::config

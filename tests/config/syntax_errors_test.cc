// Broken YAML: one clear diagnostic at the place to fix, a hint, input_error set, never a crash.
#include "lib/config/messages.h"
#include "tests/config/config_test_util.h"

namespace igw::config {
namespace {

using testing::diags;
using testing::parse;

// The single diagnostic of `yaml`, which must be an input error.
base::Diagnostic error_of(std::string_view yaml) {
  auto r = parse(yaml);
  EXPECT_TRUE(r.input_error) << yaml;
  EXPECT_EQ(r.diagnostics.size(), 1u) << yaml << " -> " << diags(r);
  return r.diagnostics.empty() ? base::Diagnostic{} : r.diagnostics.items()[0];
}

std::string where(const base::Diagnostic& d) {
  return std::to_string(d.loc.line) + ":" + std::to_string(d.loc.col);
}

TEST(SyntaxErrors, UnclosedFlowSequencePointsAtTheBracket) {
  auto d = error_of("a: [1, 2,\nb: 3\nc: 4\nd: 5\ne: 6\n");
  EXPECT_EQ(d.code, "IGW0002");
  EXPECT_EQ(d.name, "YamlSyntaxError");
  EXPECT_EQ(d.severity, base::Severity::Error);
  EXPECT_EQ(where(d), "1:4");
  EXPECT_EQ(d.message, "YAML syntax error: '[' is never closed");
  EXPECT_NE(d.hint.find("add the matching ']'"), std::string::npos) << d.hint;
  EXPECT_EQ(d.loc.path(), "t.yaml");
}

TEST(SyntaxErrors, UnclosedBracketAtEndOfFile) {
  // yaml-cpp reports this one past the last line; the opening bracket is what to fix.
  auto d = error_of("apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec: {ports: [80]\n");
  EXPECT_EQ(where(d), "5:7");
  EXPECT_EQ(d.message, "YAML syntax error: '{' is never closed");
  auto last = error_of("a: [1, 2");
  EXPECT_EQ(where(last), "1:4");
}

TEST(SyntaxErrors, UnclosedInnerBracketAmongClosedOnes) {
  auto d = error_of("a:\n  - [1, [2, 3]\n  - b\n");
  EXPECT_EQ(where(d), "2:5");
  auto map = error_of("a: {x: [1], y: {z: 1}\nb: 2\n");
  EXPECT_EQ(where(map), "1:4");
  EXPECT_EQ(map.message, "YAML syntax error: '{' is never closed");
}

TEST(SyntaxErrors, MismatchedAndStrayClosers) {
  auto stray = error_of("a: ]\n");
  EXPECT_EQ(where(stray), "1:4");
  EXPECT_EQ(stray.message, "YAML syntax error: illegal flow end");
  EXPECT_FALSE(stray.hint.empty());
  auto extra = error_of("a: [1, 2]]\n");
  EXPECT_EQ(where(extra), "1:10");
  auto mismatch = error_of("a: [b, c}\n");
  EXPECT_EQ(mismatch.code, "IGW0002");
}

TEST(SyntaxErrors, UnclosedQuotes) {
  auto dq = error_of("a: \"abc\n");
  EXPECT_EQ(where(dq), "1:4");
  EXPECT_NE(dq.message.find("never closed"), std::string::npos) << dq.message;
  EXPECT_FALSE(dq.hint.empty());
  auto sq = error_of("a: 'it''s\n");
  EXPECT_EQ(where(sq), "1:4");
  auto escaped = error_of("x: \"a\\\"\n");  // the backslash escapes the only closing quote
  EXPECT_EQ(where(escaped), "1:4");
  // A quote that swallows the following lines until the next quote character.
  auto runs_on = error_of("a: \"abc\nb: 2\nc: \"x\"\n");
  EXPECT_EQ(where(runs_on), "1:4");
  EXPECT_EQ(runs_on.message,
            "YAML syntax error: the \" quote opened here is not closed on its line");
  EXPECT_NE(runs_on.hint.find("line 3"), std::string::npos) << runs_on.hint;
}

TEST(SyntaxErrors, TabsInIndentation) {
  auto d = error_of("apiVersion: v1\nkind: X\nmetadata:\n\tname: y\n");
  EXPECT_EQ(where(d), "4:1");
  EXPECT_EQ(d.message, "YAML syntax error: a tab character indents this line");
  EXPECT_NE(d.hint.find("only spaces"), std::string::npos);
  auto after_spaces = error_of("a:\n  b: 1\n  \tc: 2\n");
  EXPECT_EQ(where(after_spaces), "3:3");
  // A tab after the indentation (as separation) is fine.
  auto ok = parse("a:\tb\n");
  EXPECT_FALSE(ok.input_error) << diags(ok);
  EXPECT_EQ(ok.documents.at(0).root.find("a")->value, "b");
}

TEST(SyntaxErrors, BadIndentation) {
  auto d = error_of("a:\n  b: 1\n   c: 2\n");
  EXPECT_EQ(d.loc.line, 3u);
  EXPECT_NE(d.hint.find("indentation"), std::string::npos) << d.hint;
  auto seq = error_of("a:\n  - b\n  c: d\n");
  EXPECT_EQ(seq.loc.line, 3u);
  auto over = error_of("key: value\n  other: x\n");
  EXPECT_EQ(over.loc.line, 2u);
  EXPECT_FALSE(over.hint.empty());
}

TEST(SyntaxErrors, DuplicateKeys) {
  auto d = error_of("a: 1\nb: 2\na: 3\n");
  EXPECT_EQ(d.code, "IGW0003");
  EXPECT_EQ(d.name, "DuplicateKey");
  EXPECT_EQ(where(d), "3:1");
  EXPECT_EQ(d.message, "mapping key \"a\" already defined at line 1");
  EXPECT_EQ(d.hint, "remove one of the two entries");
  auto nested = error_of("spec:\n  hosts: [a]\n  hosts: [b]\n");
  EXPECT_EQ(where(nested), "3:3");
  auto flow = error_of("{x: 1, x: 2}\n");
  EXPECT_EQ(where(flow), "1:8");
  // The same key in different maps is fine; quoted and plain spellings are the same key.
  EXPECT_FALSE(parse("a: {k: 1}\nb: {k: 2}\n").input_error);
  EXPECT_EQ(error_of("k: 1\n\"k\": 2\n").code, "IGW0003");
}

TEST(SyntaxErrors, CommaOutsideBracketsDoesNotHang) {
  // yaml-cpp 0.7 returns the same empty document forever for these; we stop with an error.
  for (const char* text : {",", ",\n", ",-o/x.", "a: 1\n---\n,x\n"}) {
    auto r = parse(text);
    EXPECT_TRUE(r.input_error) << text;
    ASSERT_EQ(r.diagnostics.size(), 1u) << text;
    EXPECT_EQ(r.diagnostics.items()[0].message, "YAML syntax error: unexpected \",\" here");
  }
  auto r = parse("a: 1\n---\n,x\n");
  EXPECT_EQ(diags(r), "IGW0002 3:1");
  ASSERT_FALSE(r.documents.empty());
  EXPECT_EQ(r.documents[0].root.find("a")->value, "1");
  for (const auto& d : r.documents)
    EXPECT_TRUE(d.root.is_map() || d.root.is_null());
}

TEST(SyntaxErrors, OtherYamlCppErrorsKeepTheirPosition) {
  EXPECT_EQ(where(error_of("a: *\n")), "1:5");
  EXPECT_EQ(where(error_of("a: &\n")), "1:5");
  EXPECT_EQ(where(error_of("a: !<tag\n")), "1:9");
  auto esc = error_of("a: \"\\q\"\n");
  EXPECT_NE(esc.message.find("unknown escape character"), std::string::npos);
  EXPECT_FALSE(esc.hint.empty());
  EXPECT_EQ(where(error_of("%YAML 2.0\n---\na: 1\n")), "1:1");
  auto unknown = error_of("a: *nope\n");
  EXPECT_EQ(where(unknown), "1:4");
  EXPECT_FALSE(unknown.hint.empty());
}

TEST(SyntaxErrors, KeysMustBeScalars) {
  auto d = error_of("? [a, b]\n: c\n");
  EXPECT_EQ(d.code, "IGW0002");
  EXPECT_NE(d.message.find("mapping keys must be plain strings"), std::string::npos);
}

TEST(SyntaxErrors, BrokenLaterDocumentKeepsEarlierOnes) {
  auto r = parse("a: 1\n---\nb: 2\n---\nc: [\n---\nd: 4\n");
  EXPECT_TRUE(r.input_error);
  ASSERT_EQ(r.documents.size(), 2u);
  EXPECT_EQ(r.documents[0].root.find("a")->value, "1");
  EXPECT_EQ(r.documents[1].root.find("b")->value, "2");
  EXPECT_EQ(diags(r), "IGW0002 5:4");
  auto dup = parse("a: 1\n---\nb: 1\nb: 2\n");
  EXPECT_EQ(dup.documents.size(), 1u);
  EXPECT_EQ(diags(dup), "IGW0003 4:1");
}

TEST(SyntaxErrors, DiagnosticsCarryTheFileForCarets) {
  auto r = parse("ok: 1\nbad: [\n");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  const auto& loc = r.diagnostics.items()[0].loc;
  ASSERT_TRUE(loc.file);
  EXPECT_EQ(loc.file->line_text(loc.line), "bad: [");
  EXPECT_EQ(loc.str(), "t.yaml:2:6");
}

}  // namespace
}  // namespace igw::config

// Every node keeps the 1-based line:col of its text: keys, values, items, nulls, block scalars.
#include "tests/config/config_test_util.h"

namespace igw::config {
namespace {

using testing::at;
using testing::parse;
using testing::pos;

TEST(Positions, MapKeysAndValues) {
  auto r = parse(R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
  labels:
      app: x
)");
  ASSERT_EQ(r.documents.size(), 1u);
  const Node& root = r.documents[0].root;
  EXPECT_EQ(pos(root), "1:1");
  EXPECT_EQ(pos(root.find_key("apiVersion")), "1:1");
  EXPECT_EQ(pos(root.find("apiVersion")), "1:13");
  EXPECT_EQ(pos(root.find_key("kind")), "2:1");
  EXPECT_EQ(pos(root.find("kind")), "2:7");
  EXPECT_EQ(pos(root.find("metadata")), "4:3");  // a block map starts at its first key
  EXPECT_EQ(pos(at(root, {"metadata", "name"})), "4:9");
  EXPECT_EQ(pos(at(root, {"metadata", "labels", "app"})), "6:12");
  EXPECT_EQ(pos(root.find("metadata")->find_key("labels")), "5:3");
  EXPECT_EQ(root.find_key("nope"), nullptr);
  EXPECT_EQ(root.find("apiVersion")->find("x"), nullptr);  // not a map
}

TEST(Positions, SequenceItems) {
  auto r = parse(R"(hosts:
- a.example.com
-   "b.example.com"
- name: x
  port: 80
flow: [one, "two", {k: v}]
nested:
  - - inner
)");
  const Node& root = r.documents.at(0).root;
  EXPECT_EQ(pos(root.find("hosts")), "2:1");
  EXPECT_EQ(pos(at(root, {"hosts", "0"})), "2:3");
  EXPECT_EQ(pos(at(root, {"hosts", "1"})), "3:5");
  EXPECT_EQ(pos(at(root, {"hosts", "2"})), "4:3");
  EXPECT_EQ(pos(at(root, {"hosts", "2", "port"})), "5:9");
  EXPECT_EQ(pos(root.find("flow")), "6:7");
  EXPECT_EQ(pos(at(root, {"flow", "0"})), "6:8");
  EXPECT_EQ(pos(at(root, {"flow", "1"})), "6:13");
  EXPECT_EQ(pos(at(root, {"flow", "2"})), "6:20");
  EXPECT_EQ(pos(at(root, {"flow", "2", "k"})), "6:24");
  EXPECT_EQ(pos(at(root, {"nested", "0", "0"})), "8:7");
}

TEST(Positions, NullValues) {
  auto r = parse(R"(empty:
tilde: ~
word:  null
list:
- a
-
# a comment between

- # comment after the dash
- c
flow: {x: , y}
last:
)");
  const Node& root = r.documents.at(0).root;
  // An empty value is reported at its key; a written null literal where it is written.
  EXPECT_TRUE(root.find("empty")->is_null());
  EXPECT_EQ(pos(root.find("empty")), "1:1");
  EXPECT_EQ(pos(root.find("tilde")), "2:8");
  EXPECT_EQ(pos(root.find("word")), "3:8");
  EXPECT_TRUE(root.find("word")->is_null());
  // An empty list item is reported at its dash, not at the next token lines below.
  const Node* list = root.find("list");
  ASSERT_EQ(list->items.size(), 4u);
  EXPECT_TRUE(list->items[1].is_null());
  EXPECT_EQ(pos(list->items[1]), "6:1");
  EXPECT_TRUE(list->items[2].is_null());
  EXPECT_EQ(pos(list->items[2]), "9:1");
  EXPECT_EQ(pos(list->items[3]), "10:3");
  EXPECT_EQ(pos(at(root, {"flow", "x"})), "11:8");
  EXPECT_EQ(pos(at(root, {"flow", "y"})), "11:13");
  EXPECT_EQ(pos(root.find("last")), "12:1");
}

TEST(Positions, BlockScalarsPointAtTheirIndicator) {
  auto r = parse(R"(literal: |
  line one
  line two
folded: >-
  folded
  text
keep: |+
  x

after: 1
)");
  const Node& root = r.documents.at(0).root;
  EXPECT_EQ(root.find("literal")->value, "line one\nline two\n");
  EXPECT_EQ(root.find("literal")->style, ScalarStyle::Block);
  EXPECT_EQ(pos(root.find("literal")), "1:10");
  EXPECT_EQ(root.find("folded")->value, "folded text");
  EXPECT_EQ(pos(root.find("folded")), "4:9");
  EXPECT_EQ(root.find("keep")->value, "x\n\n");
  EXPECT_EQ(pos(root.find("after")), "10:8");
}

TEST(Positions, ComplexKeysAndJson) {
  auto r = parse("? complex\n: value\n");
  EXPECT_EQ(pos(r.documents.at(0).root.find_key("complex")), "1:3");
  EXPECT_EQ(pos(r.documents.at(0).root.find("complex")), "2:3");

  auto j = parse(R"({
  "apiVersion": "v1",
  "spec": {"ports": [{"port": 80}]}
})");
  const Node& root = j.documents.at(0).root;
  EXPECT_EQ(pos(root), "1:1");
  EXPECT_EQ(pos(root.find_key("apiVersion")), "2:3");
  EXPECT_EQ(pos(root.find("apiVersion")), "2:17");
  EXPECT_EQ(root.find("apiVersion")->style, ScalarStyle::Quoted);
  EXPECT_EQ(pos(at(root, {"spec", "ports", "0", "port"})), "3:31");
}

TEST(Positions, CrlfAndByteOrderMark) {
  auto r = parse("a: 1\r\nb:\r\n  - x\r\n  -\r\n");
  const Node& root = r.documents.at(0).root;
  EXPECT_EQ(root.find("a")->value, "1");
  EXPECT_EQ(pos(at(root, {"b", "0"})), "3:5");
  EXPECT_EQ(pos(at(root, {"b", "1"})), "4:3");

  auto bom = parse(
      "\xEF\xBB\xBF"
      "a: \"quoted\"\nb: 2\n");
  ASSERT_EQ(bom.documents.size(), 1u);
  const Node& broot = bom.documents[0].root;
  EXPECT_EQ(pos(broot.find("a")), "1:4");
  EXPECT_EQ(broot.find("a")->style, ScalarStyle::Quoted);
  EXPECT_EQ(bom.documents[0].file->line_text(1), "a: \"quoted\"");
}

TEST(Positions, MultiDocument) {
  auto r = parse(R"(# leading comment
a: 1
---
b: 2
...
---
- c
---
)");
  ASSERT_EQ(r.documents.size(), 4u);  // the last "---" opens an empty (null) document
  EXPECT_EQ(r.documents[0].index, 0u);
  EXPECT_EQ(pos(r.documents[0].root), "2:1");
  EXPECT_EQ(r.documents[1].index, 1u);
  EXPECT_EQ(pos(r.documents[1].root.find("b")), "4:4");
  EXPECT_EQ(r.documents[2].index, 2u);
  EXPECT_TRUE(r.documents[2].root.is_seq());
  EXPECT_TRUE(r.documents[3].root.is_null());
  EXPECT_EQ(r.documents[0].file, r.documents[2].file);  // one SourceFile per input file
  EXPECT_EQ(r.documents[1].loc(*r.documents[1].root.find("b")).str(), "t.yaml:4:4");
  EXPECT_FALSE(r.input_error);
  EXPECT_EQ(r.files, std::vector<std::string>{"t.yaml"});
}

TEST(Positions, AliasesKeepTheAnchorsPositions) {
  auto r = parse(R"(base: &b
  k: v
copy: *b
)");
  const Node& root = r.documents.at(0).root;
  // The copied tree is the anchored text: its positions are where that text is.
  EXPECT_EQ(pos(at(root, {"copy", "k"})), "2:6");
  EXPECT_EQ(at(root, {"copy", "k"})->value, "v");
}

}  // namespace
}  // namespace igw::config

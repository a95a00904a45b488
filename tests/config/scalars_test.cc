// Scalars resolve the way Kubernetes' YAML→JSON step (go-yaml v2, YAML 1.1 booleans) does.
#include "tests/config/config_test_util.h"

#include <cmath>

namespace igw::config {
namespace {

using testing::parse;

// The resolved kind of `v: <text>`.
ScalarKind kind_of(std::string_view text) {
  auto r = parse("v: " + std::string(text) + "\n");
  EXPECT_TRUE(r.diagnostics.empty()) << text;
  if (r.documents.empty() || !r.documents[0].root.find("v"))
    return ScalarKind::String;
  return r.documents[0].root.find("v")->scalar_kind();
}

Node node_of(std::string_view text) {
  auto r = parse("v: " + std::string(text) + "\n");
  EXPECT_EQ(r.documents.size(), 1u) << text;
  const Node* n = r.documents.empty() ? nullptr : r.documents[0].root.find("v");
  return n ? *n : Node{};
}

TEST(Scalars, QuotedAndBlockScalarsAreStrings) {
  Node q = node_of("\"3\"");
  EXPECT_EQ(q.style, ScalarStyle::Quoted);
  EXPECT_EQ(q.scalar_kind(), ScalarKind::String);
  EXPECT_EQ(q.json_type(), "string");
  EXPECT_FALSE(q.as_int());
  EXPECT_EQ(node_of("'true'").scalar_kind(), ScalarKind::String);
  EXPECT_EQ(node_of("'true'").style, ScalarStyle::Quoted);
  EXPECT_EQ(node_of("\"\"").scalar_kind(), ScalarKind::String);  // "" is a string, not null
  EXPECT_EQ(node_of("\"~\"").scalar_kind(), ScalarKind::String);
  auto r = parse("v: |\n  3\n");
  EXPECT_EQ(r.documents[0].root.find("v")->style, ScalarStyle::Block);
  EXPECT_EQ(r.documents[0].root.find("v")->scalar_kind(), ScalarKind::String);
  EXPECT_EQ(node_of("plain").style, ScalarStyle::Plain);
}

TEST(Scalars, Yaml11Booleans) {
  for (const char* t : {"true", "True", "TRUE", "yes", "Yes", "YES", "y", "Y", "on", "On", "ON"}) {
    EXPECT_EQ(kind_of(t), ScalarKind::Bool) << t;
    EXPECT_EQ(node_of(t).as_bool(), true) << t;
    EXPECT_EQ(node_of(t).json_type(), "boolean");
  }
  for (const char* t :
       {"false", "False", "FALSE", "no", "No", "NO", "n", "N", "off", "Off", "OFF"}) {
    EXPECT_EQ(kind_of(t), ScalarKind::Bool) << t;
    EXPECT_EQ(node_of(t).as_bool(), false) << t;
  }
  for (const char* t : {"tRUE", "yES", "oN", "truthy", "nope", "t", "f"})
    EXPECT_EQ(kind_of(t), ScalarKind::String) << t;
  EXPECT_FALSE(node_of("\"yes\"").as_bool());
}

TEST(Scalars, Nulls) {
  for (const char* t : {"~", "null", "Null", "NULL", ""}) {
    Node n = node_of(t);
    EXPECT_TRUE(n.is_null()) << t;
    EXPECT_EQ(n.scalar_kind(), ScalarKind::Null) << t;
    EXPECT_EQ(n.json_type(), "null");
  }
  EXPECT_EQ(kind_of("nULL"), ScalarKind::String);
  // An explicit !!null tag is null too.
  Node tagged = node_of("!!null");
  EXPECT_TRUE(tagged.is_null());
  EXPECT_EQ(tagged.scalar_kind(), ScalarKind::Null);
}

TEST(Scalars, Integers) {
  const std::pair<const char*, int64_t> kInts[] = {{"0", 0},
                                                   {"443", 443},
                                                   {"-1", -1},
                                                   {"+8080", 8080},
                                                   {"0x1F", 31},
                                                   {"0X1f", 31},
                                                   {"-0x10", -16},
                                                   {"017", 15},  // Go: octal
                                                   {"0o17", 15},
                                                   {"0b101", 5},
                                                   {"-0b11", -3},
                                                   {"1_000", 1000},
                                                   {"00", 0},
                                                   {"-0", 0},
                                                   {"9223372036854775807", INT64_MAX},
                                                   {"-9223372036854775808", INT64_MIN}};
  for (const auto& [text, value] : kInts) {
    Node n = node_of(text);
    EXPECT_EQ(n.scalar_kind(), ScalarKind::Int) << text;
    EXPECT_EQ(n.json_type(), "integer") << text;
    EXPECT_EQ(n.as_int(), value) << text;
    EXPECT_EQ(n.as_double(), static_cast<double>(value)) << text;
  }
  // Past int64 but within uint64: still an integer to go-yaml, not representable here.
  Node big = node_of("18446744073709551615");
  EXPECT_EQ(big.scalar_kind(), ScalarKind::Int);
  EXPECT_FALSE(big.as_int());
  EXPECT_DOUBLE_EQ(*big.as_double(), 18446744073709551615.0);
}

TEST(Scalars, Floats) {
  const std::pair<const char*, double> kFloats[] = {
      {"1.5", 1.5},     {"-0.25", -0.25}, {".5", 0.5},
      {"1.", 1.0},      {"1e3", 1000.0},  {"1E3", 1000.0},
      {"2.5e-1", 0.25}, {"+1.0", 1.0},    {"08", 8.0},  // not octal, not int: float
      {"09.5", 9.5},    {"1_0.5", 10.5},  {"99999999999999999999", 1e20}};
  for (const auto& [text, value] : kFloats) {
    Node n = node_of(text);
    EXPECT_EQ(n.scalar_kind(), ScalarKind::Float) << text;
    EXPECT_EQ(n.json_type(), "number") << text;
    ASSERT_TRUE(n.as_double()) << text;
    EXPECT_DOUBLE_EQ(*n.as_double(), value) << text;
    EXPECT_FALSE(n.as_int()) << text;
  }
  for (const char* t : {".inf", ".Inf", ".INF", "+.inf", "+.INF"}) {
    EXPECT_EQ(kind_of(t), ScalarKind::Float) << t;
    EXPECT_EQ(node_of(t).as_double(), std::numeric_limits<double>::infinity()) << t;
  }
  for (const char* t : {"-.inf", "-.Inf", "-.INF"})
    EXPECT_EQ(node_of(t).as_double(), -std::numeric_limits<double>::infinity()) << t;
  for (const char* t : {".nan", ".NaN", ".NAN"})
    EXPECT_TRUE(std::isnan(*node_of(t).as_double())) << t;
}

TEST(Scalars, StringsThatLookNumeric) {
  for (const char* t : {"1.2.3",
                        "0x",
                        "0xZZ",
                        "1e",
                        "e3",
                        ".",
                        "+",
                        "_",
                        "_1",
                        "1:20",
                        "0b102",
                        "0o8",
                        "10.0.0.1",
                        "1s",
                        "v1",
                        "1h30m",
                        "0xFFFFFFFFFFFFFFFFF",
                        "2024-01-02",
                        "..5",
                        "inf",
                        "nan",
                        ".infinity",
                        "1e3.5"}) {
    EXPECT_EQ(kind_of(t), ScalarKind::String) << t;
    EXPECT_EQ(node_of(t).json_type(), "string") << t;
    EXPECT_FALSE(node_of(t).as_int()) << t;
    EXPECT_FALSE(node_of(t).as_double()) << t;
  }
}

TEST(Scalars, Tags) {
  Node s = node_of("!!str 3");
  EXPECT_EQ(s.tag, "tag:yaml.org,2002:str");
  EXPECT_EQ(s.scalar_kind(), ScalarKind::String);
  EXPECT_FALSE(s.as_int());
  Node i = node_of("!!int \"4\"");
  EXPECT_EQ(i.scalar_kind(), ScalarKind::Int);
  EXPECT_EQ(i.as_int(), 4);
  Node f = node_of("!!float 1");
  EXPECT_EQ(f.scalar_kind(), ScalarKind::Float);
  EXPECT_EQ(f.as_double(), 1.0);
  Node b = node_of("!!bool \"true\"");
  EXPECT_EQ(b.scalar_kind(), ScalarKind::Bool);
  EXPECT_EQ(b.as_bool(), true);
  Node custom = node_of("!custom 5");
  EXPECT_EQ(custom.tag, "!custom");
  EXPECT_EQ(custom.scalar_kind(), ScalarKind::String);
  EXPECT_EQ(node_of("plain").tag, "");
}

TEST(Scalars, CollectionsHaveJsonTypes) {
  auto r = parse("m: {a: 1}\ns: [1]\n");
  const Node& root = r.documents[0].root;
  EXPECT_EQ(root.json_type(), "object");
  EXPECT_EQ(root.find("s")->json_type(), "array");
  EXPECT_EQ(root.find("m")->scalar_kind(), ScalarKind::String);
  EXPECT_FALSE(root.find("s")->as_int());
}

}  // namespace
}  // namespace igw::config

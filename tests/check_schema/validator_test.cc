// The validator on small inline schemas: each keyword, messages, hints and positions.
#include "lib/check/schema/validator.h"

#include "lib/check/schema/messages.h"
#include "lib/config/load.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace igw::check::schema {
namespace {

constexpr const char* kSchema = R"({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "n": {"type": "integer", "minimum": 0, "maximum": 65535},
    "u": {"type": "integer", "minimum": 0, "maximum": 4294967295},
    "f": {"type": "number", "minimum": 0, "maximum": 100},
    "s": {"type": "string", "minLength": 1, "maxLength": 3},
    "b": {"type": "boolean"},
    "ios": {"type": ["integer", "string"]},
    "e": {"type": "string", "enum": ["SIMPLE", "MUTUAL", "PASSTHROUGH"]},
    "l": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 2},
    "objs": {"type": "array", "items": {"$ref": "#/$defs/Obj"}},
    "m": {"type": "object", "additionalProperties": {"type": "string"}, "maxProperties": 2},
    "match": {"$ref": "#/$defs/Match"},
    "tls": {"$ref": "#/$defs/Tls"},
    "ep": {"$ref": "#/$defs/Endpoint"},
    "loose": {"type": "object", "properties": {"x": {"type": "string"}}}
  },
  "$defs": {
    "Obj": {"type": "object", "additionalProperties": false, "required": ["name"],
            "properties": {"name": {"type": "string"}, "port": {"$ref": "#/$defs/Port"}}},
    "Port": {"type": "object", "additionalProperties": false, "required": ["number"],
             "properties": {"number": {"type": "integer"}, "name": {"type": "string"}}},
    "Match": {"type": "object", "additionalProperties": false,
              "properties": {"exact": {"type": "string"}, "prefix": {"type": "string"},
                             "regex": {"type": "string"}},
              "oneOf": [{"not": {"anyOf": [{"required": ["exact"]}, {"required": ["prefix"]},
                                           {"required": ["regex"]}]}},
                        {"required": ["exact"]}, {"required": ["prefix"]},
                        {"required": ["regex"]}]},
    "Tls": {"type": "object", "additionalProperties": false,
            "properties": {"httpsRedirect": {"type": "boolean"}, "credentialName": {"type": "string"},
                           "credentialNames": {"type": "array", "items": {"type": "string"}}},
            "allOf": [{"not": {"required": ["credentialName", "credentialNames"]}}]},
    "Endpoint": {"type": "object", "properties": {"address": {"type": "string"},
                                                   "network": {"type": "string"}},
                 "anyOf": [{"required": ["address"]}, {"required": ["network"]}]}
  }
})";

const CompiledSchema& test_schema() {
  static const CompiledSchema kSchemaCompiled = [] {
    auto c = CompiledSchema::compile("test.json", kSchema);
    if (!c)
      throw std::logic_error(c.error().message);
    return std::move(c).value();
  }();
  return kSchemaCompiled;
}

struct Run {
  config::LoadResult loaded;
  std::vector<Finding> findings;
};

Run run(const std::string& yaml, const CompiledSchema& schema = test_schema()) {
  Run r;
  config::parse_text("t.yaml", yaml, r.loaded);
  if (r.loaded.documents.empty() || !r.loaded.diagnostics.empty())
    throw std::logic_error("test YAML does not load: " + yaml);
  r.findings = validate(schema.root(), r.loaded.documents[0].root);
  return r;
}

std::string where(const Finding& f) {
  return fmt::format("{}:{}", f.node->line, f.node->col);
}

std::string all(const std::vector<Finding>& fs) {
  std::string out;
  for (const auto& f : fs)
    out += fmt::format("{} {} {} [{}]\n", f.type->code, where(f), f.message, f.hint);
  return out;
}

TEST(Validator, AcceptsAValidDocument) {
  auto r = run(R"(n: 443
u: 4294967295
f: 12.5
s: abc
b: true
ios: 8080
e: SIMPLE
l: [a, b]
objs:
- name: x
  port: {number: 1, name: p}
m: {a: b}
match: {prefix: /api}
tls: {httpsRedirect: false, credentialName: c}
ep: {network: n1}
loose: {x: z, anything: [1, 2]}
)");
  EXPECT_TRUE(r.findings.empty()) << all(r.findings);
}

TEST(Validator, QuotedNumberIsAStringAtTheValue) {
  auto r = run("n: \"443\"\n");
  ASSERT_EQ(r.findings.size(), 1u) << all(r.findings);
  const Finding& f = r.findings[0];
  EXPECT_EQ(f.type, &msg::kInvalidType);
  EXPECT_EQ(f.message, R"(n: Invalid value: "443": must be of type integer, not string)");
  EXPECT_EQ(f.hint, "write 443 without quotes: a quoted number is a string");
  EXPECT_EQ(where(f), "1:4");
}

TEST(Validator, IntegralFloatIsAnInteger) {
  EXPECT_TRUE(run("n: 443.0\n").findings.empty());
  auto r = run("n: 1.5\n");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].message, "n: Invalid value: 1.5: must be of type integer, not number");
}

TEST(Validator, IntOrString) {
  EXPECT_TRUE(run("ios: 3\n").findings.empty());
  EXPECT_TRUE(run("ios: \"3\"\n").findings.empty());
  auto r = run("ios: true\n");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].message,
            "ios: Invalid value: true: must be of type integer or string, not boolean");
}

TEST(Validator, NumberWhereStringBelongsSuggestsQuotes) {
  auto r = run("s: 1.0\n");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].hint, R"(quote the value ("1.0") so it stays a string)");
  r = run("s: yes\n");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].message, "s: Invalid value: yes: must be of type string, not boolean");
  EXPECT_EQ(r.findings[0].hint,
            R"(quote the value ("yes") so it stays a string (YAML 1.1 reads yes as a boolean))");
  r = run("b: \"true\"\n");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].hint, "write true without quotes: a quoted boolean is a string");
}

TEST(Validator, MapWhereListBelongsIsOneFindingWithoutCascade) {
  auto r = run("l:\n  a: 1\n  b: {c: d}\n");
  ASSERT_EQ(r.findings.size(), 1u) << all(r.findings);
  EXPECT_EQ(r.findings[0].message, "l: Invalid value: object: must be of type array");
  EXPECT_EQ(r.findings[0].hint, "write a list here: start each item with `- `");
  EXPECT_EQ(where(r.findings[0]), "2:3");
}

TEST(Validator, ListWhereMapBelongs) {
  auto r = run("match:\n- prefix: /a\n");
  ASSERT_EQ(r.findings.size(), 1u) << all(r.findings);
  EXPECT_EQ(r.findings[0].message, "match: Invalid value: array: must be of type object");
  EXPECT_EQ(r.findings[0].hint,
            "write a mapping (`field: value` lines) here, not a list: remove the `- `");
}

TEST(Validator, StringWhereMapBelongsListsTheFields) {
  auto r = run("objs:\n- port: 80\n  name: a\n");
  ASSERT_EQ(r.findings.size(), 1u) << all(r.findings);
  EXPECT_EQ(r.findings[0].message,
            "objs[0].port: Invalid value: 80: must be of type object, not integer");
  EXPECT_EQ(r.findings[0].hint, "expected a mapping with fields such as `name` or `number`");
}

TEST(Validator, NullFieldIsAbsentButNullItemIsATypeError) {
  EXPECT_TRUE(run("s: ~\nmatch:\nm: {a: null}\n").findings.empty());
  auto r = run("objs:\n- name: a\n-\n");
  ASSERT_EQ(r.findings.size(), 1u) << all(r.findings);
  EXPECT_EQ(r.findings[0].message, "objs[1]: Invalid value: null: must be of type object");
  EXPECT_EQ(r.findings[0].hint, "remove the empty list item (a `-` with nothing after it)");
}

TEST(Validator, RequiredIsReportedAtTheParentMap) {
  auto r = run("objs:\n- port:\n    name: http\n  name: a\n- {name: b, port: {number: 1}}\n");
  ASSERT_EQ(r.findings.size(), 1u) << all(r.findings);
  const Finding& f = r.findings[0];
  EXPECT_EQ(f.type, &msg::kMissingRequiredField);
  EXPECT_EQ(f.message, "objs[0].port.number: Required value");
  EXPECT_EQ(f.hint, "add `number` to `objs[0].port`");
  EXPECT_EQ(where(f), "3:5");
}

TEST(Validator, RequiredFieldSetToNullIsMissing) {
  auto r = run("objs:\n- name: ~\n");
  ASSERT_EQ(r.findings.size(), 1u) << all(r.findings);
  EXPECT_EQ(r.findings[0].message, "objs[0].name: Required value");
}

TEST(Validator, EnumTypoSuggestsTheValue) {
  auto r = run("e: SIMPL\n");
  ASSERT_EQ(r.findings.size(), 1u);
  const Finding& f = r.findings[0];
  EXPECT_EQ(f.type, &msg::kInvalidEnumValue);
  EXPECT_EQ(
      f.message,
      R"(e: Unsupported value: "SIMPL": supported values: "SIMPLE", "MUTUAL", "PASSTHROUGH")");
  EXPECT_EQ(f.hint, R"(did you mean "SIMPLE"?)");
  EXPECT_EQ(where(f), "1:4");
  r = run("e: simple\n");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].hint, R"(did you mean "SIMPLE"?)");
  r = run("e: ISTIO_MUTUAL_X\n");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].hint, "use one of: SIMPLE, MUTUAL or PASSTHROUGH");
}

TEST(Validator, Ranges) {
  auto r = run("n: 70000\n");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].type, &msg::kValueOutOfRange);
  EXPECT_EQ(r.findings[0].message, "n: Invalid value: 70000: must be less than or equal to 65535");
  EXPECT_EQ(r.findings[0].hint, "use a value from 0 to 65535");
  r = run("u: -1\n");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].message, "u: Invalid value: -1: must be greater than or equal to 0");
  // 2^64-1 is still an integer to go-yaml (uint64), beyond every bound of the API.
  r = run("u: 18446744073709551615\n");
  ASSERT_EQ(r.findings.size(), 1u) << all(r.findings);
  EXPECT_EQ(r.findings[0].message,
            "u: Invalid value: 18446744073709551615: must be less than or equal to 4294967295");
  // Beyond 64 bits go-yaml reads a float, which JSON cannot hold as an integer.
  r = run("u: 99999999999999999999\n");
  ASSERT_EQ(r.findings.size(), 1u) << all(r.findings);
  EXPECT_EQ(r.findings[0].type, &msg::kInvalidType);
  r = run("f: 100.5\n");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].message, "f: Invalid value: 100.5: must be less than or equal to 100");
  EXPECT_TRUE(run("n: 0x1BB\n").findings.empty());  // YAML 1.1 hex is the integer 443
}

TEST(Validator, StringLengthCountsCharacters) {
  EXPECT_TRUE(run("s: \"\xc3\xa9\xc3\xa9\xc3\xa9\"\n").findings.empty());  // 3 characters, 6 bytes
  auto r = run("s: abcd\n");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].message, "s: Too long: may not be longer than 3 characters (has 4)");
  r = run("s: \"\"\n");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].message, R"(s: Invalid value: "": must be at least 1 characters long)");
}

TEST(Validator, ItemAndEntryCounts) {
  auto r = run("l: []\n");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].message, "l: Invalid value: 0 items: must have at least 1 item");
  r = run("l: [a, b, c]\n");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].message, "l: Too many: 3: must have at most 2 items");
  r = run("m: {a: b, c: d, e: f}\n");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].message, "m: Too many: 3: must have at most 2 entries");
}

TEST(Validator, MapValuesUseBracketPaths) {
  auto r = run("m:\n  x-env: 1\n");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].message,
            "m[x-env]: Invalid value: 1: must be of type string, not integer");
  EXPECT_EQ(where(r.findings[0]), "2:10");
}

TEST(Validator, UnknownFieldAtTheKeyWithSuggestion) {
  auto r = run("tls:\n  httpsRedirects: true\n");
  ASSERT_EQ(r.findings.size(), 1u) << all(r.findings);
  const Finding& f = r.findings[0];
  EXPECT_EQ(f.type, &msg::kUnknownField);
  EXPECT_EQ(f.message, R"(tls.httpsRedirects: unknown field "httpsRedirects")");
  EXPECT_EQ(f.hint, "did you mean `httpsRedirect`?");
  EXPECT_EQ(where(f), "2:3");
}

TEST(Validator, UnknownFieldWithoutCloseMatchListsTheFields) {
  auto r = run("tls: {zzz: 1}\n");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].hint,
            "fields allowed here: credentialName, credentialNames, httpsRedirect");
}

TEST(Validator, FieldOneLevelTooHighIsPointedHome) {
  auto r = run("httpsRedirect: true\n");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].hint, "`httpsRedirect` is a field of `tls`: move it there");
}

TEST(Validator, UnknownFieldValueIsNotChecked) {
  auto r = run("matc: {exact: a, prefix: b, bogus: 1}\n");
  ASSERT_EQ(r.findings.size(), 1u) << all(r.findings);
  EXPECT_EQ(r.findings[0].hint, "did you mean `match`?");
}

TEST(Validator, AdditionalPropertiesAllowedWhenNotForbidden) {
  EXPECT_TRUE(run("loose: {x: a, y: 1}\n").findings.empty());
}

TEST(Validator, OneOfConflictAtTheSecondKey) {
  auto r = run("match:\n  exact: /a\n  prefix: /b\n");
  ASSERT_EQ(r.findings.size(), 1u) << all(r.findings);
  const Finding& f = r.findings[0];
  EXPECT_EQ(f.type, &msg::kOneOfConflict);
  EXPECT_EQ(f.message,
            "match: Forbidden: only one of exact, prefix or regex may be set (found exact and "
            "prefix)");
  EXPECT_EQ(f.hint, "keep `exact` or `prefix`");
  EXPECT_EQ(where(f), "3:3");
  r = run("match: {regex: a, exact: b, prefix: c}\n");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].message,
            "match: Forbidden: only one of exact, prefix or regex may be set (found regex, exact "
            "and prefix)");
  EXPECT_TRUE(run("match: {}\n").findings.empty());
  EXPECT_TRUE(run("match: {exact: a, prefix: ~}\n").findings.empty());
}

TEST(Validator, NotBothAtTheLaterKey) {
  auto r = run("tls:\n  credentialNames: [a]\n  httpsRedirect: true\n  credentialName: b\n");
  ASSERT_EQ(r.findings.size(), 1u) << all(r.findings);
  EXPECT_EQ(r.findings[0].message,
            "tls: Forbidden: only one of credentialName or credentialNames may be set (found "
            "credentialNames and credentialName)");
  EXPECT_EQ(where(r.findings[0]), "4:3");
}

TEST(Validator, AnyOfRequired) {
  auto r = run("ep:\n  labels: x\n");
  ASSERT_EQ(r.findings.size(), 1u) << all(r.findings);
  EXPECT_EQ(r.findings[0].type, &msg::kMissingRequiredField);
  EXPECT_EQ(r.findings[0].message, "ep: Required value: one of address or network must be set");
  EXPECT_EQ(r.findings[0].hint, "add `address` or `network`");
  EXPECT_EQ(where(r.findings[0]), "2:3");
}

TEST(Validator, GenericOneOfFallback) {
  auto c = CompiledSchema::compile("g.json", R"({"oneOf": [{"type": "string"},
                                                  {"type": "string", "minLength": 2}]})");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_TRUE(run("a\n", *c).findings.empty());
  auto r = run("abc\n", *c);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].message,
            "(object): Invalid value: must match exactly one of 2 alternatives (matches 2)");
}

TEST(Validator, FindingsOfSeveralFieldsAreAllReported) {
  auto r = run("n: \"1\"\ne: X\nzz: 1\nobjs: [{}]\n");
  ASSERT_EQ(r.findings.size(), 4u) << all(r.findings);
}

}  // namespace
}  // namespace igw::check::schema

#include "tests/check_schema/schema_test_util.h"

#include "lib/check/context.h"
#include "lib/check/schema/checks.h"
#include "lib/config/load.h"
#include "lib/model/parse.h"

#include <fmt/format.h>

namespace igw::check::schema::testing {

Linted lint(const std::string& yaml, const std::string& path) {
  Linted out;
  config::LoadResult loaded;
  config::parse_text(path, yaml, loaded);
  out.load = std::move(loaded.diagnostics);
  out.config = model::parse(std::move(loaded), model::ParseOptions{}, out.load);
  CheckOptions options;
  Context ctx(out.config, options, out.schema);
  for (const auto& c : schema_checks())
    c.run(ctx);
  return out;
}

std::vector<const base::Diagnostic*> with_code(const base::Diagnostics& d, std::string_view code) {
  std::vector<const base::Diagnostic*> out;
  for (const auto& x : d.items()) {
    if (x.code == code)
      out.push_back(&x);
  }
  return out;
}

std::string pos(const base::Diagnostic& d) {
  return fmt::format("{}:{}", d.loc.line, d.loc.col);
}

std::string dump(const base::Diagnostics& d) {
  std::string out;
  for (const auto& x : d.items())
    out += fmt::format("{} {} {} [hint: {}]\n", x.code, pos(x), x.message, x.hint);
  return out;
}

}  // namespace igw::check::schema::testing

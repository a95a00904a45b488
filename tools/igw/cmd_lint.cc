// igw lint: schema, field and cross-resource checks over manifests, istioctl analyze's CLI.
#include "lib/base/strings.h"
#include "lib/check/registry.h"
#include "lib/check/suppress.h"
#include "lib/check/workspace.h"
#include "lib/render/diagnostics_catalog.h"
#include "lib/render/diagnostics_github.h"
#include "lib/render/diagnostics_json.h"
#include "lib/render/diagnostics_junit.h"
#include "lib/render/diagnostics_sarif.h"
#include "lib/render/diagnostics_text.h"
#include "lib/render/diagnostics_yaml.h"

#include "tools/igw/commands.h"
#include "tools/igw/exit_code.h"
#include "tools/igw/usage.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace igw::tools {

namespace {

struct LintOptions {
  std::vector<std::string> paths;
  std::vector<std::string> filenames;
  std::string output = "text";
  std::string color = "auto";
  std::string show_source = "auto";
  std::string failure_threshold = "Error";
  std::string output_threshold = "Info";
  std::vector<std::string> suppress;
  std::vector<std::string> analyzers;
  std::string ns = "default";
  std::string istio_namespace = "istio-system";
  bool all_namespaces = false;
  bool list = false;
  bool strict = false;
  bool verbose = false;
  int cert_expiry_days = 30;
  int64_t now = 0;
  // Set after parsing: which flags were given explicitly.
  const CLI::Option* output_opt = nullptr;
  const CLI::Option* namespace_opt = nullptr;
};

constexpr std::string_view kFormats[] = {"text", "json", "yaml", "sarif", "github", "junit"};

bool env_is(const char* name, std::string_view value) {
  const char* v = std::getenv(name);
  return v && value == v;
}

bool env_set(const char* name) {
  const char* v = std::getenv(name);
  return v && *v;
}

// "auto" | "always" | "never" (istioctl's --color=true/false accepted too) -> decided value.
bool parse_tristate(const std::string& text, bool auto_value, bool& out) {
  std::string v = base::to_lower(text);
  if (v == "auto") {
    out = auto_value;
  } else if (v == "always" || v == "true") {
    out = true;
  } else if (v == "never" || v == "false") {
    out = false;
  } else {
    return false;
  }
  return true;
}

std::vector<render::CatalogCheck> catalog_checks() {
  std::vector<render::CatalogCheck> out;
  std::vector<const base::MessageType*> covered;
  for (const auto& c : check::all_checks()) {
    out.push_back({c.name, c.description, c.messages, c.requires_kinds});
    covered.insert(covered.end(), c.messages.begin(), c.messages.end());
  }
  // Codes no check family reports are the loader's (reading, YAML, typing the objects).
  render::CatalogCheck input{
      "input.Loader", "Reading files and YAML, and typing Kubernetes objects.", {}, {}};
  for (const auto* m : check::all_message_types()) {
    if (std::none_of(covered.begin(), covered.end(),
                     [m](const base::MessageType* c) { return c->code == m->code; })) {
      input.messages.push_back(m);
    }
  }
  if (!input.messages.empty())
    out.push_back(std::move(input));
  return out;
}

// The codes a run can report: every code, or with --analyzer those of the chosen checks and of
// the loader (so SARIF lists the rules that could have fired).
std::vector<const base::MessageType*> message_types_for(const std::vector<std::string>& only) {
  if (only.empty())
    return check::all_message_types();
  std::vector<const base::MessageType*> out;
  for (const auto& c : catalog_checks()) {
    bool chosen =
        c.name == "input.Loader" || std::find(only.begin(), only.end(), c.name) != only.end();
    for (const auto* m : chosen ? c.messages : std::vector<const base::MessageType*>{}) {
      if (std::none_of(out.begin(), out.end(),
                       [m](const base::MessageType* x) { return x->code == m->code; })) {
        out.push_back(m);
      }
    }
  }
  std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->code < b->code; });
  return out;
}

int list_checks(const std::string& format) {
  std::vector<render::CatalogCheck> checks = catalog_checks();
  if (format == "text") {
    render::write_catalog_text(std::cout, checks);
  } else if (format == "json") {
    render::write_json(std::cout, render::catalog_json(checks, check::all_message_types()));
  } else if (format == "yaml") {
    render::write_yaml(std::cout, render::catalog_json(checks, check::all_message_types()));
  } else {
    return usage_error("lint", "-L/--list-analyzers prints text, json or yaml, not " + format);
  }
  return kExitOk;
}

// istioctl -v lists skipped analyzers: here, the checks whose input kinds are missing.
void report_skipped_checks(const model::Config& config, const check::CheckOptions& options) {
  base::Diagnostics scratch;
  check::Context ctx(config, options, scratch);
  std::vector<std::string> skipped;
  for (const auto& c : check::all_checks()) {
    if (!options.only.empty() &&
        std::find(options.only.begin(), options.only.end(), c.name) == options.only.end()) {
      continue;
    }
    std::vector<std::string> missing;
    for (auto k : c.requires_kinds) {
      if (!ctx.input_has_kind(k))
        missing.emplace_back(k);
    }
    if (!missing.empty())
      skipped.push_back(fmt::format("{} (no {} in the input)", c.name, fmt::join(missing, ", ")));
  }
  if (skipped.empty())
    return;
  std::cerr << "Skipped checks:\n";
  for (const auto& s : skipped)
    std::cerr << "\t" << s << "\n";
}

int run_lint(const LintOptions& o) {
  // --- flags -------------------------------------------------------------------------------
  std::string format = base::to_lower(o.output);
  if (format == "log")
    format = "text";  // istioctl's name for the same output
  bool output_given = o.output_opt && o.output_opt->count() > 0;
  if (!output_given && !o.list && env_is("GITHUB_ACTIONS", "true"))
    format = "github";  // as yamllint does inside GitHub Actions
  if (std::find(std::begin(kFormats), std::end(kFormats), format) == std::end(kFormats))
    return usage_error("lint", o.output +
                                   " is not a valid output format: use text, json, yaml, sarif, "
                                   "github or junit");

  base::Severity failure_threshold, output_threshold;
  if (!base::parse_severity(o.failure_threshold, failure_threshold))
    return usage_error("lint", "invalid --failure-threshold " + base::quote(o.failure_threshold) +
                                   ": use Info, Warning or Error");
  if (!base::parse_severity(o.output_threshold, output_threshold))
    return usage_error("lint", "invalid --output-threshold " + base::quote(o.output_threshold) +
                                   ": use Info, Warning or Error");
  if (o.strict)
    failure_threshold = std::min(failure_threshold, base::Severity::Warning);

  bool tty = isatty(STDOUT_FILENO) == 1;
  bool color_auto = tty && !env_set("NO_COLOR") && !env_is("TERM", "dumb");
  render::TextStyle style;
  if (!parse_tristate(o.color, color_auto, style.color))
    return usage_error("lint",
                       "invalid --color " + base::quote(o.color) + ": use auto, always or never");
  if (!parse_tristate(o.show_source, tty, style.source_lines))
    return usage_error("lint", "invalid --show-source " + base::quote(o.show_source) +
                                   ": use auto, always or never");
  style.hints = style.source_lines;

  if (o.cert_expiry_days < 0)
    return usage_error("lint", "--cert-expiry-days must be 0 or more");

  check::LintPolicy policy;
  policy.failure_threshold = failure_threshold;
  policy.output_threshold = output_threshold;
  for (const auto& s : o.suppress) {
    auto parsed = check::parse_suppression(s);
    if (!parsed)
      return usage_error("lint", parsed.error().message);
    if (!check::is_known_code(parsed->code)) {
      std::cerr << "Warning: Supplied message code '" << parsed->code
                << "' is an unknown message code and will not have any effect.\n";
    }
    policy.suppressions.push_back(std::move(*parsed));
  }
  // istioctl prints only the -n namespace (default "default") unless -A. igw keeps that when -n
  // is given, and otherwise prints every namespace: a lint run over a repository should not
  // hide findings on objects that name their namespace.
  bool namespace_given = o.namespace_opt && o.namespace_opt->count() > 0;
  if (namespace_given && !o.all_namespaces)
    policy.only_namespace = o.ns;

  for (const auto& name : o.analyzers) {
    const auto& all = check::all_checks();
    if (std::none_of(all.begin(), all.end(), [&](const check::Check& c) { return c.name == name; }))
      return usage_error("lint",
                         "unknown check " + base::quote(name) + " (igw lint -L lists them)");
  }

  if (o.list)
    return list_checks(format);

  // --- load, check, filter -------------------------------------------------------------------
  check::WorkspaceOptions wo;
  wo.paths = o.paths;
  wo.paths.insert(wo.paths.end(), o.filenames.begin(), o.filenames.end());
  if (wo.paths.empty())
    return usage_error("lint", "no input: give files, directories, or '-' to read standard input");
  wo.parse.default_namespace = o.ns;
  wo.parse.verbose = o.verbose;
  wo.check.cert_expiry_days = o.cert_expiry_days;
  wo.check.now = o.now;
  wo.check.istio_namespace = o.istio_namespace;
  wo.check.only = o.analyzers;
  if (std::find(wo.paths.begin(), wo.paths.end(), "-") != wo.paths.end() &&
      isatty(STDIN_FILENO) == 1) {
    std::cerr << "Reading from stdin (end with Ctrl-D):\n";  // as istioctl does on a terminal
  }
  check::Workspace ws = check::load_workspace(wo, std::cin);
  if (o.verbose)
    report_skipped_checks(ws.config, wo.check);

  ws.diagnostics.sort_and_dedupe();
  check::annotate_documents(ws.diagnostics, ws.config);
  check::PolicyOutcome outcome = check::apply_policy(std::move(ws.diagnostics), ws.config, policy);

  render::DiagnosticsReport report;
  report.diagnostics = std::move(outcome.shown);
  report.files = ws.files;
  for (const auto* obj : check::checked_objects(ws.config)) {
    if (!policy.only_namespace.empty() && !obj->ns().empty() && obj->ns() != policy.only_namespace)
      continue;
    report.resources.push_back(
        {obj->ref(), obj->loc.known() ? obj->loc.path() : std::string(), obj->loc.line});
  }
  report.catalog = message_types_for(o.analyzers);
  report.failure_threshold = failure_threshold;
  report.failed = outcome.threshold_reached;
  report.input_error = ws.input_error;
  report.suppressed = outcome.suppressed;
  std::error_code ec;
  report.base_dir = std::filesystem::current_path(ec).generic_string();
  report.tool_version = IGW_VERSION;

  // --- render --------------------------------------------------------------------------------
  if (format == "text") {
    render::write_diagnostics_text(std::cout, report.diagnostics, style);
    std::cout.flush();
    render::write_text_summary(std::cerr, report);
  } else if (format == "json") {
    render::write_diagnostics_json(std::cout, report);
  } else if (format == "yaml") {
    render::write_diagnostics_yaml(std::cout, report);
  } else if (format == "sarif") {
    render::write_diagnostics_sarif(std::cout, report);
  } else if (format == "github") {
    render::write_diagnostics_github(std::cout, report);
  } else {
    render::write_diagnostics_junit(std::cout, report);
  }
  std::cout.flush();

  // istioctl's order (analyze.go): findings at the threshold win over unparsable input. Unlike
  // istioctl, the same codes apply to every output format.
  if (report.failed)
    return kExitAnalyzerFindings;
  if (report.input_error)
    return kExitDataError;
  return kExitOk;
}

}  // namespace

Command add_lint_command(CLI::App& app) {
  auto opts = std::make_shared<LintOptions>();
  CLI::App* sub = app.add_subcommand(
      "lint", "Check manifests the way Istio would (istioctl analyze, offline), and more");
  sub->add_option("paths", opts->paths, "Files or directories to check ('-' reads stdin)");
  sub->add_option("-f,--filename", opts->filenames,
                  "A file or directory to check ('-' reads stdin); repeatable")
      ->allow_extra_args(false);
  opts->output_opt =
      sub->add_option("-o,--output", opts->output,
                      "Output format: text, json, yaml, sarif, github or junit (default text; "
                      "github when GITHUB_ACTIONS=true)");
  sub->add_option("--color", opts->color,
                  "Colour the level words: auto (on a terminal, unless NO_COLOR or TERM=dumb), "
                  "always or never");
  sub->add_option("--show-source", opts->show_source,
                  "Print the offending source line, a caret and the hint: auto (on a terminal), "
                  "always or never");
  sub->add_option("--failure-threshold", opts->failure_threshold,
                  "Exit 79 when a finding is at or above this level: Info, Warning or Error "
                  "(default Error)");
  sub->add_option("--output-threshold", opts->output_threshold,
                  "Print findings at or above this level: Info, Warning or Error (default Info)");
  sub->add_flag("--strict", opts->strict, "Fail on warnings too (--failure-threshold Warning)");
  sub->add_option("-S,--suppress", opts->suppress,
                  "Suppress a code on resources: \"CODE=Kind ns/name\", '*' matches any run of "
                  "characters (\"IST0132=VirtualService prod/*\"); repeatable")
      ->allow_extra_args(false);
  sub->add_option("--analyzer", opts->analyzers,
                  "Run only this check (a name from -L, e.g. virtualservice.GatewayAnalyzer); "
                  "repeatable")
      ->allow_extra_args(false);
  opts->namespace_opt =
      sub->add_option("-n,--namespace", opts->ns,
                      "Namespace for objects without one (default \"default\"); when given, "
                      "only findings in this namespace are printed unless -A");
  sub->add_flag("-A,--all-namespaces", opts->all_namespaces,
                "Print findings in every namespace (the default when -n is not given)");
  sub->add_option("-i,--istio-namespace", opts->istio_namespace,
                  "Namespace of Istio's ingress gateway workload (default istio-system)");
  sub->add_flag("-L,--list-analyzers", opts->list,
                "List every check with its codes, levels and descriptions, then exit");
  sub->add_flag("-v,--verbose", opts->verbose,
                "Report skipped documents and kinds (IGW0004) and checks skipped for missing "
                "input kinds");
  sub->add_option("--cert-expiry-days", opts->cert_expiry_days,
                  "Warn about certificates expiring within this many days (default 30)");
  sub->add_option("--now", opts->now,
                  "Evaluate certificate validity at this time (seconds since the epoch), for "
                  "reproducible runs")
      ->group("");
  sub->footer(R"(Examples:
  # Check a directory of manifests
  igw lint deploy/

  # Read from stdin, print JSON
  kubectl get gw,vs,dr -A -o yaml | igw lint -o json -

  # Fail on warnings too, hide one finding on every VirtualService in prod
  igw lint --strict -S "IST0132=VirtualService prod/*" deploy/

  # SARIF for GitHub code scanning
  igw lint -o sarif deploy/ > igw.sarif

Exit status: 0 clean, 79 findings at or above --failure-threshold, 65 unreadable or
unparsable input, 64 usage error. See igw-lint(1).)");
  return {sub, [opts]() { return run_lint(*opts); }};
}

}  // namespace igw::tools

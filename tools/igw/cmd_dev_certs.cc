// igw dev-certs: the development CA of `igw serve --dev-certs` — where it is and how to trust
// it, and client certificates from it for trying MUTUAL servers with curl and openssl.
#include "lib/tls/dev_ca.h"

#include "tools/igw/commands.h"
#include "tools/igw/exit_code.h"
#include "tools/igw/usage.h"

#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace igw::tools {

namespace {

struct DevCertsFlags {
  std::string dir;
  std::string client;
  std::vector<std::string> sans;
  std::string url = "https://localhost/";
};

int run_dev_certs(const DevCertsFlags& f) {
  if (!f.sans.empty() && f.client.empty()) {
    return usage_error("dev-certs", "--san needs --client NAME");
  }
  std::vector<tls::LogLine> log;
  auto ca = tls::DevCa::open(f.dir.empty() ? tls::DevCa::default_dir() : f.dir, &log);
  for (const auto& line : log)
    std::cerr << (line.level == tls::LogLine::Level::kWarning ? "warning: " : "") << line.text
              << "\n";
  if (!ca) {
    std::cerr << "igw dev-certs: " << ca.error().message << "\n";
    return kExitFailure;
  }
  if (f.client.empty()) {  // the first line names the CA
    for (const auto& line : (*ca)->trust_instructions(f.url))
      std::cout << line << "\n";
    return kExitOk;
  }
  std::cout << "development CA: " << (*ca)->ca_cert_path() << "\n";
  auto files = (*ca)->write_client_certificate(f.client, f.sans);
  if (!files) {
    std::cerr << "igw dev-certs: --client " << f.client << ": " << files.error().message << "\n";
    return kExitUsage;
  }
  std::cout << "client certificate: " << files->cert_path << "\n"
            << "client key: " << files->key_path << "\n";
  for (const auto& line : (*ca)->client_instructions(*files, f.url))
    std::cout << line << "\n";
  return kExitOk;
}

}  // namespace

Command add_dev_certs_command(CLI::App& app) {
  auto f = std::make_shared<DevCertsFlags>();
  CLI::App* sub = app.add_subcommand(
      "dev-certs", "Show the development CA of 'igw serve --dev-certs'; issue client certificates");
  sub->footer(
      "Examples:\n"
      "  igw dev-certs                       where the CA is, how curl and openssl trust it\n"
      "  igw dev-certs --client alice --url https://api.mtls.example.com:8443/\n"
      "                                      a client certificate for a MUTUAL server");
  sub->add_option("--dir", f->dir,
                  "The CA directory, as given to --dev-certs (default "
                  "$XDG_STATE_HOME/igw/dev-certs); created with a new CA when missing");
  sub->add_option("--client", f->client,
                  "Issue a client certificate with this common name into DIR/clients/NAME.crt "
                  "and .key (letters, digits, '.', '-', '_')");
  sub->add_option("--san", f->sans,
                  "A subjectAltName for the client certificate (DNS name, IP, or URI such as "
                  "spiffe://cluster.local/ns/a/sa/b); repeatable")
      ->allow_extra_args(false);
  sub->add_option("--url", f->url, "The URL the printed curl and openssl lines use");
  return {sub, [f] { return run_dev_certs(*f); }};
}

}  // namespace igw::tools

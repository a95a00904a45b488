#include "check_analyzers_util.h"

#include "lib/check/registry.h"
#include "lib/check/run.h"
#include "lib/config/load.h"
#include "lib/model/parse.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

namespace igw::check::testing {

std::vector<base::Diagnostic> run_analyzer(std::string_view name, const std::string& yaml,
                                           RunOptions options) {
  const auto& checks = all_checks();
  if (std::none_of(checks.begin(), checks.end(), [&](const Check& c) { return c.name == name; }))
    throw std::runtime_error("no check named " + std::string(name));
  config::LoadResult loaded;
  config::parse_text("test.yaml", yaml, loaded);
  if (loaded.input_error)
    throw std::runtime_error("test YAML does not parse");
  model::ParseOptions parse;
  parse.apply_default_namespace = !options.harness;
  base::Diagnostics parse_diags;
  model::Config config = model::parse(std::move(loaded), parse, parse_diags);
  CheckOptions check;
  check.now = options.now;
  check.assume_all_kinds_present = options.harness;
  check.only = {std::string(name)};
  base::Diagnostics out;
  run(config, check, out);
  return out.items();
}

std::string line_col(const base::Diagnostic& d) {
  return std::to_string(d.loc.line) + ":" + std::to_string(d.loc.col);
}

std::string make_certificate_pem(const std::string& cn, int64_t not_before, int64_t not_after) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  std::unique_ptr<X509, decltype(&X509_free)> x(X509_new(), X509_free);
  if (!key || !x)
    throw std::runtime_error("OpenSSL allocation failed");
  X509_set_version(x.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x.get()), 1);
  ASN1_TIME_set(X509_getm_notBefore(x.get()), static_cast<time_t>(not_before));
  ASN1_TIME_set(X509_getm_notAfter(x.get()), static_cast<time_t>(not_after));
  X509_NAME* subject = X509_get_subject_name(x.get());
  X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509_set_issuer_name(x.get(), subject);
  X509_set_pubkey(x.get(), key.get());
  if (X509_sign(x.get(), key.get(), EVP_sha256()) == 0)
    throw std::runtime_error("X509_sign failed");
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  PEM_write_bio_X509(bio.get(), x.get());
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(len));
}

}  // namespace igw::check::testing

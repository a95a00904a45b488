// Test helpers for igw's own checks; see check_igw_util.h.
#include "tests/check_igw/check_igw_util.h"

#include "lib/check/igw/checks.h"
#include "lib/config/load.h"
#include "lib/model/parse.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

namespace igw::check::testing {

std::vector<base::Diagnostic> run_check(std::string_view name, const std::string& yaml,
                                        CheckOptions options,
                                        const std::vector<std::string>& rejected) {
  if (options.now == 0)
    options.now = kNow;
  config::LoadResult loaded;
  config::parse_text("test.yaml", yaml, loaded);
  if (loaded.input_error)
    throw std::runtime_error("test YAML does not parse");
  base::Diagnostics parse_diags;
  model::Config config = model::parse(std::move(loaded), model::ParseOptions{}, parse_diags);
  auto mark = [&rejected](auto& objects) {
    for (auto& o : objects) {
      if (std::find(rejected.begin(), rejected.end(), o.ref().str()) != rejected.end())
        o.rejected = true;
    }
  };
  mark(config.gateways);
  mark(config.virtual_services);
  base::Diagnostics out;
  Context ctx(config, options, out);
  bool found = false;
  for (const auto& c : igw_checks()) {
    if (c.name != name)
      continue;
    found = true;
    bool present = std::all_of(c.requires_kinds.begin(), c.requires_kinds.end(),
                               [&](std::string_view k) { return ctx.input_has_kind(k); });
    if (present)
      c.run(ctx);
  }
  if (!found)
    throw std::runtime_error("no igw check named " + std::string(name));
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
  X509_NAME* name = X509_get_subject_name(x.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509_set_issuer_name(x.get(), name);
  X509_set_pubkey(x.get(), key.get());
  if (X509_sign(x.get(), key.get(), EVP_sha256()) == 0)
    throw std::runtime_error("X509_sign failed");
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  PEM_write_bio_X509(bio.get(), x.get());
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(len));
}

std::string indent(const std::string& pem, int spaces) {
  std::string pad(static_cast<size_t>(spaces), ' ');
  std::string out;
  size_t start = 0;
  while (start < pem.size()) {
    size_t end = pem.find('\n', start);
    if (end == std::string::npos)
      end = pem.size();
    out += pad + pem.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out;
}

}  // namespace igw::check::testing

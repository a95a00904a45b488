// Whether a Secret holds a server credential Istio's gateway would accept: key names as
// pilot/pkg/credentials/kube/secrets.go ExtractCertInfo reads them, certificate as
// pilot/pkg/xds/sds.go ValidateCertificate checks it.
#pragma once

#include "lib/model/kube.h"

#include <cstdint>
#include <string>

namespace igw::check::analyzers {

// The certificate chain Istio would serve from `secret`: `cert` when both `cert` and `key` are
// non-empty, else `tls.crt` when both `tls.crt` and `tls.key` are; nullptr otherwise.
const std::string* server_certificate_of(const model::Secret& secret);

// ValidateCertificate: the first PEM block of `pem` (whatever its type) must decode to one or
// more DER X.509 certificates, each valid at `now` (seconds since the epoch) inclusive of its
// notBefore/notAfter bounds.
bool certificate_chain_valid(const std::string& pem, int64_t now);

// Both of the above.
bool gateway_credential_valid(const model::Secret& secret, int64_t now);

}  // namespace igw::check::analyzers

// Istio's analysis message types (pkg/config/analysis/msg/messages.yaml): same code, name and
// level, so findings read exactly like istioctl's.
#pragma once

#include "lib/base/diagnostic.h"

namespace igw::check::ist {

using base::MessageType;
using base::Severity;

inline constexpr MessageType kDeprecated{"IST0002", "Deprecated", Severity::Warning,
                                         "A feature that the configuration is depending on is now "
                                         "deprecated."};
inline constexpr MessageType kReferencedResourceNotFound{
    "IST0101", "ReferencedResourceNotFound", Severity::Error,
    "A resource being referenced does not exist."};
inline constexpr MessageType kSchemaValidationError{
    "IST0106", "SchemaValidationError", Severity::Error,
    "The resource has a schema validation error (Istio's validation rejects it)."};
inline constexpr MessageType kConflictingMeshGatewayVirtualServiceHosts{
    "IST0109", "ConflictingMeshGatewayVirtualServiceHosts", Severity::Error,
    "Conflicting hosts on VirtualServices associated with the mesh gateway."};
inline constexpr MessageType kVirtualServiceDestinationPortSelectorRequired{
    "IST0112", "VirtualServiceDestinationPortSelectorRequired", Severity::Error,
    "A VirtualService routes to a service with more than one port exposed, but does not specify "
    "which to use."};
inline constexpr MessageType kPortNameIsNotUnderNamingConvention{
    "IST0118", "PortNameIsNotUnderNamingConvention", Severity::Info,
    "Port name is not under naming convention. Protocol detection is applied to the port."};
inline constexpr MessageType kNoServerCertificateVerificationDestinationLevel{
    "IST0128", "NoServerCertificateVerificationDestinationLevel", Severity::Warning,
    "No caCertificates are set in DestinationRule, this results in no verification of server's "
    "certificate."};
inline constexpr MessageType kNoServerCertificateVerificationPortLevel{
    "IST0129", "NoServerCertificateVerificationPortLevel", Severity::Warning,
    "No caCertificates are set in DestinationRule, this results in no verification of server's "
    "certificate."};
inline constexpr MessageType kVirtualServiceUnreachableRule{
    "IST0130", "VirtualServiceUnreachableRule", Severity::Warning,
    "A VirtualService rule will never be used because a previous rule uses the same match."};
inline constexpr MessageType kVirtualServiceIneffectiveMatch{
    "IST0131", "VirtualServiceIneffectiveMatch", Severity::Info,
    "A VirtualService rule match duplicates a match in a previous rule."};
inline constexpr MessageType kVirtualServiceHostNotFoundInGateway{
    "IST0132", "VirtualServiceHostNotFoundInGateway", Severity::Warning,
    "Host defined in VirtualService not found in Gateway."};
inline constexpr MessageType kSchemaWarning{"IST0133", "SchemaWarning", Severity::Warning,
                                            "The resource has a schema validation warning."};
inline constexpr MessageType kGatewayDuplicateCertificate{
    "IST0138", "GatewayDuplicateCertificate", Severity::Warning,
    "Duplicate certificate in multiple gateways may cause 404s if clients re-use HTTP2 "
    "connections."};
inline constexpr MessageType kIngressRouteRulesNotAffected{
    "IST0140", "IngressRouteRulesNotAffected", Severity::Warning,
    "Route rules have no effect on ingress gateway requests."};
inline constexpr MessageType kConflictingGateways{
    "IST0145", "ConflictingGateways", Severity::Error,
    "Gateway should not have the same selector, port and matched hosts of server."};
inline constexpr MessageType kJwtClaimBasedRoutingWithoutRequestAuthN{
    "IST0149", "JwtClaimBasedRoutingWithoutRequestAuthN", Severity::Error,
    "Virtual service using JWT claim based routing without request authentication."};
inline constexpr MessageType kExternalNameServiceTypeInvalidPortName{
    "IST0150", "ExternalNameServiceTypeInvalidPortName", Severity::Warning,
    "Proxy may prevent tcp named ports and unmatched traffic for ports serving TCP protocol from "
    "being forwarded correctly for ExternalName services."};
inline constexpr MessageType kInvalidGatewayCredential{
    "IST0161", "InvalidGatewayCredential", Severity::Error,
    "The credential provided for the Gateway resource is invalid."};
inline constexpr MessageType kGatewayPortNotDefinedOnService{
    "IST0162", "GatewayPortNotDefinedOnService", Severity::Warning,
    "Gateway port not exposed by service."};
inline constexpr MessageType kReferencedInternalGateway{
    "IST0165", "ReferencedInternalGateway", Severity::Warning,
    "VirtualServices should not reference internal Gateways."};
inline constexpr MessageType kDestinationRuleSubsetNotSelectPods{
    "IST0173", "DestinationRuleSubsetNotSelectPods", Severity::Error,
    "A DestinationRule subset does not select any pods."};
inline constexpr MessageType kUnknownDestinationRuleHost{
    "IST0174", "UnknownDestinationRuleHost", Severity::Warning,
    "The host defined in the DestinationRule does not match any services in the mesh."};

}  // namespace igw::check::ist

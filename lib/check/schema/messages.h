// Finding types of the schema family (IGW01xx): shape problems the API server refuses.
#pragma once

#include "lib/base/diagnostic.h"

namespace igw::check::schema::msg {

using base::MessageType;
using base::Severity;

inline constexpr MessageType kUnknownField{
    "IGW0101", "UnknownField", Severity::Error,
    "A field is not part of the Istio API: kubectl's strict validation refuses it, and without it "
    "Kubernetes drops the field and Istio never sees it."};
inline constexpr MessageType kInvalidType{
    "IGW0102", "InvalidType", Severity::Error,
    "A field has the wrong type (a quoted number, a map where a list belongs, a string where a map "
    "belongs, ...)."};
inline constexpr MessageType kInvalidEnumValue{"IGW0103", "InvalidEnumValue", Severity::Error,
                                               "A field's value is not one of its allowed values."};
inline constexpr MessageType kMissingRequiredField{"IGW0104", "MissingRequiredField",
                                                   Severity::Error, "A required field is missing."};
inline constexpr MessageType kOneOfConflict{
    "IGW0105", "OneOfConflict", Severity::Error,
    "Fields that exclude each other are set together (e.g. `exact` and `prefix` in one match)."};
inline constexpr MessageType kValueOutOfRange{
    "IGW0106", "ValueOutOfRange", Severity::Error,
    "A number, list, map or string is outside the bounds the API allows."};

}  // namespace igw::check::schema::msg

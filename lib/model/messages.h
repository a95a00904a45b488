// Finding types raised while typing objects (IGW00xx).
#pragma once

#include "lib/base/diagnostic.h"

namespace igw::model::msg {

inline constexpr base::MessageType kUnknownApiVersion{
    "IGW0005", "UnknownApiVersion", base::Severity::Error,
    "An Istio kind uses an apiVersion Istio does not serve (v1alpha3, v1beta1 and v1 are served)."};

}  // namespace igw::model::msg

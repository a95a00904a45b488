// Typed parsing of the networking.istio.io kinds (internal to lib/model).
#pragma once

#include "lib/model/config.h"
#include "lib/model/reader.h"

namespace igw::model::detail {

void parse_gateway(const Reader& r, const config::Node& spec, Gateway& out);
void parse_virtual_service(const Reader& r, const config::Node& spec, VirtualService& out);
void parse_destination_rule(const Reader& r, const config::Node& spec, DestinationRule& out);
void parse_service_entry(const Reader& r, const config::Node& spec, ServiceEntry& out);

// Shared pieces, also used by checks that read sub-trees.
StringMatch parse_string_match(const Reader& r, const config::Node& n);
Destination parse_destination(const Reader& r, const config::Node& n);

}  // namespace igw::model::detail

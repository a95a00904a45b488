// compile(): model::Config → the immutable RouteTable one gateway workload would run (R1–R5).
#pragma once

#include "lib/compile/route_table.h"
#include "lib/model/config.h"

namespace igw::compile {

// Builds the table for `workload` (default: `istio: ingressgateway` in `istio-system`). Objects
// marked `rejected` are left out (their names are listed in RouteTable::rejected_objects()).
// Never fails: whatever Istio would drop is recorded in dropped_servers() and notes().
RouteTablePtr compile(const model::Config& config, const GatewayWorkload& workload = {});

}  // namespace igw::compile

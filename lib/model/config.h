// model::Config: every object of the input, typed, in input order, owning the YAML it came from.
#pragma once

#include "lib/config/document.h"
#include "lib/model/destination_rule.h"
#include "lib/model/gateway.h"
#include "lib/model/kube.h"
#include "lib/model/service_entry.h"
#include "lib/model/virtual_service.h"

#include <vector>

namespace igw::model {

struct Config {
  Config() = default;
  Config(Config&&) = default;
  Config& operator=(Config&&) = default;
  // Objects point into `documents`; a copy would dangle.
  Config(const Config&) = delete;
  Config& operator=(const Config&) = delete;

  std::vector<config::Document> documents;
  std::vector<Gateway> gateways;
  std::vector<VirtualService> virtual_services;
  std::vector<DestinationRule> destination_rules;
  std::vector<ServiceEntry> service_entries;
  std::vector<Secret> secrets;
  std::vector<Service> services;
  std::vector<Pod> pods;
  std::vector<Endpoints> endpoints;
  std::vector<Certificate> certificates;
  std::vector<OtherObject> others;
};

}  // namespace igw::model

// One arbitrary input through everything igw does to a manifest before checking it; shared by the
// libFuzzer target and the corpus replay test.
#pragma once

#include <string_view>

namespace igw::fuzz {

// Loads `bytes` as a file (config::parse_text), types it (model::parse) and reads every position
// and scalar back, the way the renderers and checks do. Must never crash, hang or leak.
void load_and_parse(std::string_view bytes);

}  // namespace igw::fuzz

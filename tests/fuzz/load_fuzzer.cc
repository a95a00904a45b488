// libFuzzer target: arbitrary bytes through config::parse_text and model::parse.
//
// Build (clang; IGW_BUILD_FUZZERS=ON instruments igw_base, igw_config and igw_model with
// -fsanitize=fuzzer-no-link,address,undefined and links this target with
// -fsanitize=fuzzer,address,undefined):
//   cmake --preset fuzz && cmake --build build/fuzz --target igw_load_fuzzer -j2
// The system yaml-cpp is not instrumented, so libFuzzer sees no coverage inside it. For a better
// run, build yaml-cpp 0.7 from its Debian source package with
//   CXXFLAGS="-fsanitize=fuzzer-no-link,address,undefined" (static, clang)
// and add -Dyaml-cpp_DIR=<its prefix>/lib/cmake/yaml-cpp to the configure line.
//
// Run (the checked-in corpus as seed, new finds into a scratch directory):
//   mkdir -p /tmp/igw-corpus
//   build/fuzz/tests/fuzz/igw_load_fuzzer /tmp/igw-corpus tests/fuzz/corpus \
//     -dict=tests/fuzz/yaml.dict -max_len=4096 -timeout=5 -rss_limit_mb=2048 \
//     -max_total_time=900
// Reproduce a crash:  build/fuzz/tests/fuzz/igw_load_fuzzer crash-<sha1>
// Shrink the corpus back into the repository (keep it to a few hundred files, < 2 MB): a set
// cover over edges (-use_counters=0) keeps every covered edge in ~200 files, where a plain
// -merge=1 over counters keeps ~1200:
//   mkdir /tmp/igw-merged
//   build/fuzz/tests/fuzz/igw_load_fuzzer -set_cover_merge=1 -use_counters=0 -max_len=4096 \
//     /tmp/igw-merged tests/fuzz/corpus /tmp/igw-corpus
//   then replace tests/fuzz/corpus with /tmp/igw-merged plus the regression-* files (inputs that
//   once crashed or hung, kept by name whatever their coverage).
// Every file of tests/fuzz/corpus is replayed by igw_fuzz_replay_tests in the normal build.
#include "tests/fuzz/fuzz_input.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  igw::fuzz::load_and_parse(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}

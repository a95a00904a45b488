# Every third-party dependency comes from a Debian 12 package (see tools/setup.sh).
find_package(PkgConfig REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(fmt REQUIRED)
find_package(CLI11 REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(OpenSSL 3.0 REQUIRED)
find_package(Threads REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS system)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
pkg_check_modules(NGHTTP2 REQUIRED IMPORTED_TARGET libnghttp2)
# tcmalloc, as Envoy links it: igw serve allocates per request, and tcmalloc's per-thread caches
# cost measurably less CPU than glibc malloc there (bench/igw/RESULTS.md). Sanitizer builds keep
# their own allocator.
if(IGW_TCMALLOC AND NOT IGW_SANITIZE)
  pkg_check_modules(TCMALLOC IMPORTED_TARGET libtcmalloc_minimal)
  if(NOT TCMALLOC_FOUND)
    message(WARNING "tcmalloc not found (apt-get install libgoogle-perftools-dev, or "
                    "-DIGW_TCMALLOC=OFF): igw will use glibc malloc")
  endif()
endif()
if(IGW_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(IGW_BUILD_BENCHMARKS)
  find_package(benchmark REQUIRED)
endif()

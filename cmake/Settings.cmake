# INTERFACE targets carrying igw's warning and sanitizer settings; nothing goes through
# CMAKE_CXX_FLAGS so third-party code keeps its own flags.
add_library(igw_warnings INTERFACE)
target_compile_options(igw_warnings INTERFACE -Wall -Wextra -Wshadow -Wnon-virtual-dtor
                       -Woverloaded-virtual -Wimplicit-fallthrough -Wvla)
if(IGW_WERROR)
  target_compile_options(igw_warnings INTERFACE -Werror)
endif()
target_compile_definitions(igw_warnings INTERFACE $<$<CONFIG:Debug>:_GLIBCXX_ASSERTIONS>)

add_library(igw_sanitizers INTERFACE)
if(IGW_SANITIZE)
  list(JOIN IGW_SANITIZE "," _igw_san)
  target_compile_options(igw_sanitizers INTERFACE -fsanitize=${_igw_san} -fno-omit-frame-pointer
                         -fno-sanitize-recover=all)
  target_link_options(igw_sanitizers INTERFACE -fsanitize=${_igw_san})
endif()

add_library(igw_settings INTERFACE)
target_link_libraries(igw_settings INTERFACE igw_warnings igw_sanitizers)
target_include_directories(igw_settings INTERFACE ${PROJECT_SOURCE_DIR})

# igw_module(<name> SOURCES ... DEPS ...): one static library per lib/ directory.
function(igw_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(igw_${name} STATIC ${ARG_SOURCES})
  target_link_libraries(igw_${name} PUBLIC igw_settings ${ARG_DEPS})
endfunction()

# Unity (jumbo) builds: CMake concatenates up to IGW_UNITY_BATCH_SIZE sources of a target into
# one translation unit, so the heavy shared headers (the standard library, fmt, gtest, yaml-cpp,
# Boost) are parsed once per batch instead of once per file. It roughly halves a from-scratch
# build, which is what CI does, but makes an incremental rebuild recompile the whole batch, so
# it is ON only in the `release` and `asan` presets (scripts/test.sh, CI) and OFF by default
# (the `debug` preset and ad-hoc build directories stay one file per translation unit, which
# also keeps every file compiling on its own).
option(IGW_UNITY_BUILD "Build igw targets as unity (jumbo) translation units" OFF)
set(IGW_UNITY_BATCH_SIZE 8 CACHE STRING "Sources per unity translation unit (IGW_UNITY_BUILD)")
if(IGW_UNITY_BUILD)
  set(CMAKE_UNITY_BUILD ON)
  set(CMAKE_UNITY_BUILD_BATCH_SIZE ${IGW_UNITY_BATCH_SIZE})
endif()

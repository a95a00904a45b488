# Writes OUTPUT, a C++ file holding every ${SCHEMA_DIR}/*.schema.json as a raw string literal
# (see embedded.h). Run as `cmake -DSCHEMA_DIR=... -DOUTPUT=... -P embed_schemas.cmake` by the
# custom command in lib/check/CMakeLists.txt, which reruns it whenever a schema file changes.
if(NOT SCHEMA_DIR OR NOT OUTPUT)
  message(FATAL_ERROR "embed_schemas.cmake needs -DSCHEMA_DIR=<dir> and -DOUTPUT=<file>")
endif()

file(GLOB _files "${SCHEMA_DIR}/*.schema.json")
list(SORT _files)
if(NOT _files)
  message(FATAL_ERROR "no *.schema.json in ${SCHEMA_DIR}")
endif()

set(_delim "igw_schema")
set(_entries "")
foreach(_file IN LISTS _files)
  get_filename_component(_name "${_file}" NAME)
  file(READ "${_file}" _text)
  string(FIND "${_text}" ")${_delim}\"" _clash)
  if(NOT _clash EQUAL -1)
    message(FATAL_ERROR "${_file} contains the raw-string delimiter )${_delim}\"")
  endif()
  string(APPEND _entries "    {\"${_name}\", R\"${_delim}(${_text})${_delim}\"},\n")
endforeach()

set(_content "// Generated from share/schemas by lib/check/schema/embed_schemas.cmake. Do not edit.
#include \"lib/check/schema/embedded.h\"

namespace igw::check::schema {

namespace {

constexpr EmbeddedSchemaFile kFiles[] = {
${_entries}};

}  // namespace

std::span<const EmbeddedSchemaFile> embedded_schema_files() {
  return kFiles;
}

}  // namespace igw::check::schema
")
file(WRITE "${OUTPUT}" "${_content}")

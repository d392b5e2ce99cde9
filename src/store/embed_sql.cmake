# SPDX-License-Identifier: EUPL-1.2
# Script mode (cmake -P): write OUT, a C file holding every numbered
# migration of SQL_DIR (NNNN_name.sql) as a byte array, so the library
# needs no file at run time and cannot run a schema it was not built with.
# Bytes are written as numbers: no SQL text needs escaping.
file(GLOB sql_files "${SQL_DIR}/[0-9][0-9][0-9][0-9]_*.sql")
list(SORT sql_files)
set(body "")
set(table "")
set(previous 0)
foreach(f ${sql_files})
  get_filename_component(name ${f} NAME)
  string(SUBSTRING "${name}" 0 4 num)
  math(EXPR version "${num}")
  # Numbers only grow; a gap is allowed (a number may be reserved).
  if(NOT version GREATER previous)
    message(FATAL_ERROR "migration ${name}: number not above ${previous}")
  endif()
  set(previous ${version})
  file(READ ${f} hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(APPEND body "static const unsigned char m${version}[] = {${bytes}0};\n")
  string(APPEND table "  {${version}, \"${name}\", m${version}},\n")
endforeach()
file(WRITE "${OUT}.tmp"
  "/* Generated from schemas/sql by src/store/embed_sql.cmake. */\n"
  "#include \"store_internal.h\"\n"
  "${body}"
  "const hdc_store_migration hdc_store_migrations[] = {\n${table}  {0, 0, 0}\n};\n")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different
                "${OUT}.tmp" "${OUT}")

# SPDX-License-Identifier: EUPL-1.2
# Compile the numbered migrations of schemas/sql into hdc_store (see
# embed_sql.cmake); included from src/CMakeLists.txt after hdc_module(store).
file(GLOB hdc_sql_files CONFIGURE_DEPENDS
     "${PROJECT_SOURCE_DIR}/schemas/sql/[0-9][0-9][0-9][0-9]_*.sql")
set(hdc_sql_c "${CMAKE_CURRENT_BINARY_DIR}/store_migrations.c")
add_custom_command(
  OUTPUT "${hdc_sql_c}"
  COMMAND ${CMAKE_COMMAND} -DSQL_DIR=${PROJECT_SOURCE_DIR}/schemas/sql
          -DOUT=${hdc_sql_c} -P "${CMAKE_CURRENT_LIST_DIR}/embed_sql.cmake"
  DEPENDS ${hdc_sql_files} "${CMAKE_CURRENT_LIST_DIR}/embed_sql.cmake"
  COMMENT "Embedding the SQL migrations")
target_sources(hdc_store PRIVATE "${hdc_sql_c}")

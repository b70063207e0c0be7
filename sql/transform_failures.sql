-- The tables --store-failures keeps the checks' failing rows in
-- (transform_failures.cpp). Each section, from its `-- name:` line to the
-- next, is one statement, looked up by that name (sql.hpp).

-- name: audit_column_type
-- The type of a result's column as DDL writes it ($1 its oid, $2 its
-- modifier).
SELECT format_type($1::oid, nullif($2::integer, -1));

-- name: audit_copy
COPY {table} FROM STDIN WITH (FORMAT csv);

-- name: audit_schema
CREATE SCHEMA IF NOT EXISTS {audit};

-- name: audit_table_replace
-- dbt recreates a test's table on each run: a check that passes leaves it
-- empty.
DROP TABLE IF EXISTS {table};
CREATE TABLE {table} ({columns});

-- The COPY statements of each format (copy_format.cpp).
-- Each section, from its `-- name:` line to the next, is one statement,
-- looked up by that name (sql.hpp).

-- name: copy_binary
COPY {table} ({columns}) FROM STDIN WITH (FORMAT binary, FREEZE {freeze});

-- name: copy_csv
COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv, HEADER {header}, FREEZE {freeze});

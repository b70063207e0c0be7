-- Settings of every taxi-etl session.
-- Each section, from its `-- name:` line to the next, is one statement,
-- looked up by that name (sql.hpp).

-- name: session_settings
-- Settings for every taxi-etl session.
-- unique_row_id hashes timestamps and doubles as text, so their text form
-- must not depend on a role's or database's settings: these are the server
-- defaults the course's flow runs with.
SET datestyle = 'ISO, MDY';
SET extra_float_digits = 1;
SET client_encoding = 'UTF8';

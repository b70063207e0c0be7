-- A lock between taxi-etl runs, until the end of the transaction, keyed on
-- a text naming what it guards ($1: a table, a table and a file, a
-- partition's name), so that it works before that exists.
SELECT pg_advisory_xact_lock(hashtextextended($1, 0));

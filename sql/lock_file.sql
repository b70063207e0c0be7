-- Serialises taxi-etl runs that load the same file into the same table,
-- until the end of the transaction, so that two never both create its
-- partition. $1 names the table and the file.
SELECT pg_advisory_xact_lock(hashtextextended($1, 0));

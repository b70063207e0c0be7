-- Serialises taxi-etl runs that create or merge into the same table, until
-- the end of the transaction. Keyed on the table's name, so it works before
-- the table exists.
SELECT pg_advisory_xact_lock(hashtextextended($1, 0));

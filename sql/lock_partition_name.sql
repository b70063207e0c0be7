-- Serialises runs that would name a new partition alike (their files'
-- names differ only in characters a partition name cannot keep), until
-- the end of the transaction. $1: "taxi-etl schema.name".
SELECT pg_advisory_xact_lock(hashtextextended($1, 0));

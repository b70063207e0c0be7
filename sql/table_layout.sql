-- The kind of relation $2 in schema $1: 'p' partitioned (taxi-etl's),
-- 'r' plain (the course's, or an older taxi-etl's); no row if missing.
SELECT c.relkind
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = $1
  AND c.relname = $2;

-- Read from the catalog tables rather than with to_regclass(): after waiting
-- for bookkeeping_lock, the session's catalog cache may still say that the
-- schema does not exist, while a fresh snapshot sees the other run's commit.
SELECT EXISTS (
    SELECT 1
    FROM pg_class AS c
    JOIN pg_namespace AS n ON n.oid = c.relnamespace
    WHERE n.nspname = 'taxi_etl' AND c.relname = 'schema_version'
);

-- Table $2 of schema $1 as it is now: its oid, 'p' (partitioned) or 'r',
-- and its relfilenode. From the catalog: needs no privilege on it.
SELECT c.oid, c.relkind, c.relfilenode
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p');

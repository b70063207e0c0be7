-- taxi-etl's own schema, version 4: what tells that a table was truncated.

-- The relfilenode of the relation that held the file's rows when it was
-- loaded (its partition, or a plain table): TRUNCATE gives a relation a new
-- one (so do VACUUM FULL and CLUSTER, which keep the rows: then the rows are
-- looked for). NULL when the rows are in a DEFAULT partition, or for a load
-- recorded before version 4.
ALTER TABLE taxi_etl.loaded_files ADD COLUMN relfilenode oid;

INSERT INTO taxi_etl.schema_version (version) VALUES (4);

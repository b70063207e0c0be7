-- The merge finds a row's id through its pickup (see merge_staging.sql),
-- and an incremental transform reads one pickup month through it.
SET LOCAL maintenance_work_mem = '256MB';
CREATE INDEX IF NOT EXISTS {index} ON {table} ({pickup}, unique_row_id);

-- Lets the merge look up each row id instead of scanning the whole table,
-- so a load does not get slower as months accumulate. Built once, after a
-- new table's first month is in: a sort with enough memory for a large
-- month is much cheaper than growing the index row by row.
SET LOCAL maintenance_work_mem = '256MB';
CREATE INDEX {index} ON {table} (unique_row_id);

-- Lets the merge look up each row id instead of scanning the whole table,
-- so a load does not get slower as months accumulate.
CREATE INDEX {index} ON {table} (unique_row_id);

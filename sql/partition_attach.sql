-- The new partition joins the table. Its CHECK proves the bound, so only
-- the DEFAULT partition is scanned (for rows of this file: none, or the
-- load would have merged instead), which the course's MERGE alone fills.
ALTER TABLE {table} ATTACH PARTITION {partition} FOR VALUES IN ({file});

-- The index of create_trip_table.sql, built in one sort over the new
-- partition's rows; ATTACH adopts it.
SET LOCAL maintenance_work_mem = '256MB';
CREATE INDEX ON {partition} ({pickup});

-- Every COPY of a file's rows as CSV: into a trip table, the staging table
-- or the reload probe, and the rows the binary COPY left out (no header).
-- FREEZE only for a table created in the load's transaction.
COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv, HEADER {header}, FREEZE {freeze});

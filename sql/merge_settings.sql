-- For the statements that attach a new partition or merge a file into the
-- table, until the end of the load's transaction.
-- The planner cannot know how few rows the table holds on the file's pickup
-- days (its estimates were 30 times too high), so it made JIT compile the
-- lookups, which took longer than the lookups themselves, and it sized the
-- hash of those rows past work_mem's default, which spilled it to disk in
-- batches: a reload took four times as long (bench/README.md, "Figures
-- behind the code").
SET LOCAL jit = off;
SET LOCAL work_mem = '64MB';

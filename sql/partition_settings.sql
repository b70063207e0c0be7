-- For the statements that attach a new partition: the planner's cost for
-- the lookups of partition_drop_held.sql (it cannot know how few rows the
-- other files hold on the file's days) made JIT compile them, which took
-- longer than the lookups themselves.
SET LOCAL jit = off;

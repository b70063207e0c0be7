-- Without statistics the planner takes a new table for twice its size:
-- with dim_zones it sorted every trip to merge-join it.
ANALYZE {table};

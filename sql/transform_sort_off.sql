-- The revenue model groups by zone, month and service type: a few thousand
-- groups, but the planner, with no statistics on the month expression,
-- expects millions and sorts every fact row; hashing them is faster. SET
-- LOCAL would last to the end of the transaction: transform_sort_default
-- sets it back after the statement (on an error, the rollback does).
SET LOCAL enable_sort = off;

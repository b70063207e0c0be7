-- Also keeps the course's own flow (whose MERGE takes ROW EXCLUSIVE) from
-- merging into the table at the same time; readers are not blocked.
LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE;

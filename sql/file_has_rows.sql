-- Whether the table holds rows of file $1: in the DEFAULT partition, where
-- the course's MERGE puts them, once no partition of the file exists.
SELECT EXISTS (SELECT 1 FROM {table} WHERE filename = $1);

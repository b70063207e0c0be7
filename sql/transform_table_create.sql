-- A model's table from its query; the row count is the command's,
-- not a count(*) that would read the table once more.
CREATE TABLE {table} AS
{rows};

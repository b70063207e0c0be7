-- The same table the course's flow creates: unquoted names, no constraints.
CREATE TABLE {table} (
    unique_row_id text,
    filename text,
    {column_definitions}
);

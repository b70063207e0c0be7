-- One staging table per run: TEMP tables are private to the session, so
-- concurrent runs cannot see each other's, and the server drops it when the
-- transaction ends or the connection is lost, even after kill -9.
-- unique_row_id comes computed from the client, or NULL where the client
-- left it to the merge.
CREATE TEMP TABLE {staging} (
    unique_row_id text,
    {column_definitions}
) ON COMMIT DROP;

-- One staging table per run: TEMP tables are private to the session, so
-- concurrent runs cannot see each other's, and the server drops it when the
-- transaction ends or the connection is lost, even after kill -9.
CREATE TEMP TABLE {staging} (
    {column_definitions}
) ON COMMIT DROP;

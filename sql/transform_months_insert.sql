-- A model's rows for the months an incremental run rebuilds.
INSERT INTO {model}
{rows};

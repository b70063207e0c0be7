-- A kind's staging rows in scope for this run (model_stg_trips),
-- computed once for the models and the checks to read. CREATE TABLE AS,
-- unlike INSERT, may run in parallel; unlogged rather than temporary,
-- because parallel workers cannot read a temporary table. Created and
-- dropped (transform_scope_drop) in the transform's transaction, so no
-- other session ever sees it, and a rollback or crash takes it away.
CREATE UNLOGGED TABLE {scope} AS
{rows};

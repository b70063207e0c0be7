-- A staging model's view (model_stg_trips over all the rows).
DROP VIEW IF EXISTS {view};
CREATE VIEW {view} AS
{rows};

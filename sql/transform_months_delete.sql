-- A model's rows in the months an incremental run rebuilds (the condition:
-- expr_service_months).
DELETE FROM {model} WHERE {rows};

-- The error check on the revenue model, over its rows in scope: all
-- of them ($1 true), or those of service type $2 in the pickup months $3
-- (an array) that an incremental run rebuilt.
SELECT count(*)
FROM {dm}
WHERE revenue_monthly_total_amount IS NULL
  AND ($1::boolean OR (service_type = $2 AND revenue_month = ANY ($3::timestamp[])));

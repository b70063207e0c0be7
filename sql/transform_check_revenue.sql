-- The error check on the revenue model, over its rows in scope.
SELECT count(*) FROM ({dm_scope}) AS dm WHERE revenue_monthly_total_amount IS NULL;

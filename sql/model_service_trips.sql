-- One kind's staging rows in scope, with the service type fact_trips
-- labels them with (a parameter).
SELECT *, {service_type}::text AS service_type FROM {scope}

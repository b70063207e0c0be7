-- A zone id of the lookup (numeric) as the integer that trips' zone ids
-- are compared with, computed once per zone instead of casting every trip's
-- id to numeric: NULL when it is not a whole number in integer range, as
-- such an id equals no integer id.
CASE WHEN locationid = trunc(locationid) AND locationid BETWEEN -2147483648 AND 2147483647
     THEN cast(locationid AS integer)
END

-- A timestamp column in the month that starts on the day a parameter holds,
-- as a range on the column itself, so that an index on it finds the rows.
({column} >= {month}::timestamp AND {column} < {month}::timestamp + interval '1 month')

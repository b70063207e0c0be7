-- The ids the client was not sure of, computed with the course's expression
-- after a first load's COPY.
UPDATE {table} SET unique_row_id = {row_id} WHERE unique_row_id IS NULL;

-- Lets a first load's COPY go straight into the table it created: each row
-- gets the file name without the client sending it. Dropped again right
-- after the COPY: the course's table has no default.
ALTER TABLE {table} ALTER COLUMN filename SET DEFAULT {default};

COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv, HEADER {header}, FREEZE {freeze});

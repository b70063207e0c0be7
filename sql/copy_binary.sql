COPY {table} ({columns}) FROM STDIN WITH (FORMAT binary, FREEZE {freeze});

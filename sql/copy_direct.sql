COPY {table} (unique_row_id, {columns}) FROM STDIN WITH (FORMAT csv, HEADER true, FREEZE true);

-- A file's rows in the binary format (binary_row.cpp): the server stores
-- them without parsing text. FREEZE as for copy_csv.
COPY {table} ({columns}) FROM STDIN WITH (FORMAT binary, FREEZE {freeze});

-- A model's rows of service type $1 in the months an incremental run
-- rebuilds (expr_in_month over the rows' month column, for $2...).
service_type = $1 AND ({months})

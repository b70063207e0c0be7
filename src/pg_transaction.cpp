// A transaction block for one scope (pg::transaction).

#include "taxi_etl/pg.hpp"

namespace taxi_etl::pg {

bool rolls_back_on_leaving(bool open, bool same_connection, bool connected,
                           bool in_transaction) noexcept
{
    return open && same_connection && connected && in_transaction;
}

transaction::transaction(connection &db, std::string const &begin)
: m_db(db), m_serial(db.serial())
{
    m_db.exec(begin);
}

transaction::~transaction()
{
    if (!rolls_back_on_leaving(m_open, m_db.serial() == m_serial, m_db.is_connected(),
                               m_db.in_transaction())) {
        return;
    }
    try {
        connection::cleaning_up const on_the_way_out{m_db};
        m_db.exec("ROLLBACK");
    } catch (...) {
        // The error on its way is the one to report; the server rolls the
        // transaction back when the connection ends.
    }
}

void transaction::end(char const *statement)
{
    m_db.exec(statement);
    m_open = false;
}

void transaction::commit()
{
    end("COMMIT");
}

void transaction::rollback()
{
    end("ROLLBACK");
}

} // namespace taxi_etl::pg

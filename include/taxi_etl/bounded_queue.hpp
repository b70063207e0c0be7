#pragma once

// A small blocking queue between the thread that downloads and inflates and
// the thread that streams COPY. Its capacity bounds memory whatever the file
// size; close() ends it normally, abort() wakes both sides for a failure.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

namespace taxi_etl {

template <typename T> class bounded_queue
{
public:
    explicit bounded_queue(std::size_t capacity) : m_capacity(capacity) {}

    // Blocks while the queue is full. Returns false if the queue was aborted:
    // the consumer has given up and the producer should stop.
    bool push(T item)
    {
        std::unique_lock lock{m_mutex};
        m_not_full.wait(lock, [&] { return m_aborted || m_items.size() < m_capacity; });
        if (m_aborted) {
            return false;
        }
        m_items.push_back(std::move(item));
        m_not_empty.notify_one();
        return true;
    }

    // Blocks while the queue is empty. Returns nothing once the queue is
    // closed and drained, or at once when it was aborted.
    std::optional<T> pop()
    {
        std::unique_lock lock{m_mutex};
        m_not_empty.wait(lock, [&] { return m_aborted || m_closed || !m_items.empty(); });
        if (m_aborted || m_items.empty()) {
            return std::nullopt;
        }
        T item = std::move(m_items.front());
        m_items.pop_front();
        m_not_full.notify_one();
        return item;
    }

    // The producer has no more items.
    void close()
    {
        std::lock_guard lock{m_mutex};
        m_closed = true;
        m_not_empty.notify_all();
    }

    // Either side failed: drop what is queued and release the other side.
    void abort()
    {
        std::lock_guard lock{m_mutex};
        m_aborted = true;
        m_items.clear();
        m_not_empty.notify_all();
        m_not_full.notify_all();
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_not_empty;
    std::condition_variable m_not_full;
    std::deque<T> m_items;
    std::size_t m_capacity;
    bool m_closed = false;
    bool m_aborted = false;
};

} // namespace taxi_etl

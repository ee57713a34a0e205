package io.eventpipeline.core.streams;

import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * The one memory budget of all RocksDB stores of an app instance: a shared LRU block cache (which also
 * holds index and filter blocks) and a write-buffer manager that charges every store's memtables to the
 * same cache. However many stores and segments the topologies open, RocksDB's off-heap memory stays
 * near {@link #totalBytes()}.
 *
 * <p>Created by the runner, handed to {@link BoundedMemoryRocksDbConfig} through the streams config, and
 * closed after Kafka Streams has closed. Thread-safe.
 */
public final class RocksDbMemory implements AutoCloseable {

    /**
     * Share of the budget for memtables; the rest serves reads. Why half: with a quarter (32 MiB of the
     * default 128 MiB across a hundred stores and window segments), the write-buffer manager flushed
     * memtables while they were small, and new state (100,000 devices first seen) made so many small
     * files that flushes and compactions took three quarters of a core, the stream threads 14 % of one.
     */
    private static final double WRITE_BUFFER_SHARE = 0.5;
    /** Share of the cache reserved for index and filter blocks, kept at high priority. */
    private static final double INDEX_FILTER_SHARE = 0.1;

    static {
        RocksDB.loadLibrary();
    }

    private final long totalBytes;
    private final Cache cache;
    private final WriteBufferManager writeBufferManager;

    public RocksDbMemory(long totalBytes) {
        if (totalBytes < 16L * 1024 * 1024) {
            throw new IllegalArgumentException("RocksDB memory must be at least 16 MiB, was " + totalBytes);
        }
        this.totalBytes = totalBytes;
        this.cache = new LRUCache(totalBytes, -1, false, INDEX_FILTER_SHARE);
        this.writeBufferManager = new WriteBufferManager((long) (totalBytes * WRITE_BUFFER_SHARE), cache);
    }

    /** The budget, in bytes. */
    public long totalBytes() {
        return totalBytes;
    }

    /** The budget for memtables, in bytes. */
    public long writeBufferBytes() {
        return (long) (totalBytes * WRITE_BUFFER_SHARE);
    }

    Cache cache() {
        return cache;
    }

    WriteBufferManager writeBufferManager() {
        return writeBufferManager;
    }

    @Override
    public void close() {
        writeBufferManager.close();
        cache.close();
    }
}

package io.eventpipeline.core.streams;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;

/**
 * Puts every RocksDB store on the app's shared {@link RocksDbMemory}: block cache, index and filter blocks
 * and memtables all charged to one budget. Kafka Streams creates this class by name; it finds the
 * {@link RocksDbMemory} under {@value #MEMORY_CONFIG} in the streams config.
 */
public final class BoundedMemoryRocksDbConfig implements RocksDBConfigSetter {

    /** Streams config key holding the {@link RocksDbMemory}. */
    public static final String MEMORY_CONFIG = "pipeline.rocksdb.memory";

    private static final long BLOCK_SIZE = 16 * 1024;
    private static final int MEMTABLES_PER_STORE = 3;
    private static final long MEMTABLE_BYTES = 8L * 1024 * 1024;
    private static final long ARENA_BLOCK_BYTES = 64 * 1024;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        if (!(configs.get(MEMORY_CONFIG) instanceof RocksDbMemory memory)) {
            throw new IllegalStateException(MEMORY_CONFIG + " must hold the app's RocksDbMemory");
        }
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(memory.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        table.setBlockSize(BLOCK_SIZE);
        options.setWriteBufferManager(memory.writeBufferManager());
        options.setMaxWriteBufferNumber(MEMTABLES_PER_STORE);
        options.setWriteBufferSize(Math.min(MEMTABLE_BYTES, Math.max(1024 * 1024, memory.writeBufferBytes() / 4)));
        // Small arena blocks: an app opens a hundred or more stores (and window segments), most of them small;
        // with the default (write buffer / 8) each one's first block alone would fill the shared budget, and
        // the write-buffer manager would then flush a tiny memtable on nearly every write.
        options.setArenaBlockSize(ARENA_BLOCK_BYTES);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and write-buffer manager are shared; RocksDbMemory closes them once, after all stores.
    }
}

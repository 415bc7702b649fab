package io.walkback.app.config;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Caps the off-heap memory of all RocksDB stores in this JVM: block cache, index and filter blocks and
 * memtables are all charged to one shared cache of {@value #MEMORY_CONFIG} bytes (default 64 MiB), so
 * memory stays bounded however many tasks, stores and segments an instance holds. Without it every
 * store segment gets its own cache and memtables, and memory grows with the window and the partitions.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

    /** Kafka Streams passes its whole config to the setter; Walkback puts the budget under this key. */
    public static final String MEMORY_CONFIG = "walkback.rocksdb.memory.bytes";
    public static final long DEFAULT_MEMORY_BYTES = 64L * 1024 * 1024;
    private static final double MEMTABLE_SHARE = 0.5;
    private static final long ARENA_BLOCK_BYTES = 256 * 1024;

    private static Cache cache;
    private static WriteBufferManager writeBufferManager;

    private static synchronized void initialize(long bytes) {
        if (cache == null) {
            cache = new LRUCache(bytes, -1, false, 0.1);
            writeBufferManager = new WriteBufferManager((long) (bytes * MEMTABLE_SHARE), cache);
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Object configured = configs.get(MEMORY_CONFIG);
        initialize(configured == null ? DEFAULT_MEMORY_BYTES : Long.parseLong(configured.toString()));
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBufferManager);
        options.setMaxWriteBufferNumber(2);
        // A memtable grabs arena blocks of write_buffer_size / 8 (2 MiB by default), and the write buffer
        // manager charges them to the budget at once: with a few dozen stores and segments the budget is
        // used up by nearly empty memtables, which are then flushed over and over (seen with JFR: RocksDB
        // put was the largest share of the stream thread's time). Small blocks let memtables fill first.
        options.setArenaBlockSize(ARENA_BLOCK_BYTES);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and write buffer manager are shared by every store of the JVM and live as long as it.
    }
}

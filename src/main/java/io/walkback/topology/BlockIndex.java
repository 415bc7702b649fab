package io.walkback.topology;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a matcher task holds for its blocks (open announcement copies, or backtracks), in memory: by block and time
 * for finding the other side of a pair, and in time order for expiry. A block in similarity matching is a whole
 * party, so a backtrack may have thousands of candidates: reading them from a store on every record cost far more
 * than scoring them. The matcher's store stays the record of truth and is only written while processing; this index
 * is rebuilt from it whenever the task starts (the store is restored by then), and it holds only what the window
 * holds, so it is bounded by max lag, not by the feed.
 */
final class BlockIndex<V> {

    /** Where an entry sits: its event time (which orders expiry, every window being equally long), block and id. */
    record Slot(long time, String block, String id) {

        static final Comparator<Slot> ORDER = (a, b) -> {
            int byTime = Long.compare(a.time, b.time);
            if (byTime != 0) {
                return byTime;
            }
            int byBlock = a.block.compareTo(b.block);
            return byBlock != 0 ? byBlock : a.id.compareTo(b.id);
        };
    }

    private final TreeMap<Slot, V> inTimeOrder = new TreeMap<>(Slot.ORDER);
    private final Map<String, TreeMap<Slot, V>> byBlock = new HashMap<>();

    void put(Slot slot, V value) {
        inTimeOrder.put(slot, value);
        byBlock.computeIfAbsent(slot.block(), block -> new TreeMap<>(Slot.ORDER)).put(slot, value);
    }

    boolean contains(Slot slot) {
        return inTimeOrder.containsKey(slot);
    }

    /** The entries of {@code block} with times in {@code [from, to]}, oldest first. */
    Collection<Map.Entry<Slot, V>> between(String block, long from, long to) {
        TreeMap<Slot, V> entries = byBlock.get(block);
        if (entries == null) {
            return List.of();
        }
        return entries.subMap(new Slot(from, "", ""), true, new Slot(to, "\uffff", "\uffff"), true).entrySet();
    }

    /** The oldest entry, or null. */
    Map.Entry<Slot, V> first() {
        return inTimeOrder.firstEntry();
    }

    void remove(Slot slot) {
        inTimeOrder.remove(slot);
        TreeMap<Slot, V> entries = byBlock.get(slot.block());
        if (entries != null) {
            entries.remove(slot);
            if (entries.isEmpty()) {
                byBlock.remove(slot.block());
            }
        }
    }

    int size() {
        return inTimeOrder.size();
    }

    void clear() {
        inTimeOrder.clear();
        byBlock.clear();
    }
}

package io.walkback.topology;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * This task's announcement copies whose windows are open, in memory: by block and time for a backtrack's
 * candidates, and in closing order for the windows to close. A block in similarity matching is a whole party, so a
 * backtrack may have thousands of candidates: reading them from RocksDB (a range fetch decoding every value) on
 * every backtrack cost far more than scoring them. The open-claims store stays the record of truth; this index is
 * rebuilt from it whenever the task starts (the stores are restored by then), so it needs no changelog, and it
 * holds only what the window holds, so it is bounded by max lag, not by the feed.
 */
final class OpenClaimIndex {

    /** Where a copy sits: its announcement time (which orders closings, all windows being equally long), block and id. */
    record Slot(long announcedAt, String block, String id) {

        static final Comparator<Slot> ORDER = Comparator.comparingLong(Slot::announcedAt)
                .thenComparing(Slot::block).thenComparing(Slot::id);
    }

    private final TreeMap<Slot, OpenClaim> inClosingOrder = new TreeMap<>(Slot.ORDER);
    private final Map<String, TreeMap<Slot, OpenClaim>> byBlock = new HashMap<>();

    void put(Slot slot, OpenClaim claim) {
        inClosingOrder.put(slot, claim);
        byBlock.computeIfAbsent(slot.block(), block -> new TreeMap<>(Slot.ORDER)).put(slot, claim);
    }

    boolean contains(Slot slot) {
        return inClosingOrder.containsKey(slot);
    }

    /** The copies of {@code block} made in {@code [from, to]}, oldest first. */
    Collection<Map.Entry<Slot, OpenClaim>> between(String block, long from, long to) {
        TreeMap<Slot, OpenClaim> copies = byBlock.get(block);
        if (copies == null) {
            return List.of();
        }
        return copies.subMap(new Slot(from, "", ""), true, new Slot(to, "\uffff", "\uffff"), true).entrySet();
    }

    /** The copy that closes first, or null. */
    Map.Entry<Slot, OpenClaim> first() {
        return inClosingOrder.firstEntry();
    }

    void remove(Slot slot) {
        inClosingOrder.remove(slot);
        TreeMap<Slot, OpenClaim> copies = byBlock.get(slot.block());
        if (copies != null) {
            copies.remove(slot);
            if (copies.isEmpty()) {
                byBlock.remove(slot.block());
            }
        }
    }

    void clear() {
        inClosingOrder.clear();
        byBlock.clear();
    }
}

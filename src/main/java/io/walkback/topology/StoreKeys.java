package io.walkback.topology;

/**
 * How Walkback's stores key their entries, in one place (the stores' names are in {@link StateNames}).
 *
 * <p>The matcher's stores: a block and an id, written as the block's length, a colon, the block, then the id. The
 * length prefix makes the pair recoverable whatever characters either holds, so no two pairs share a key.
 *
 * <p>The contested-claims index: newest contest first in the store's byte order. The time is inverted and
 * zero-padded to a fixed width, so that lexicographic order of the keys is descending order of time; the id follows.
 */
final class StoreKeys {

    private StoreKeys() {
    }

    static String of(String block, String id) {
        return block.length() + ":" + block + id;
    }

    /** The slot of an entry from its store key and event time. */
    static BlockIndex.Slot slot(String key, long time) {
        int colon = key.indexOf(':');
        int length = Integer.parseInt(key.substring(0, colon));
        int blockEnd = colon + 1 + length;
        return new BlockIndex.Slot(time, key.substring(colon + 1, blockEnd), key.substring(blockEnd));
    }

    /** The status-expiry index key of an announcement whose window closes at {@code closesAtMillis}: oldest first. */
    static String expiry(long closesAtMillis, String announcementId) {
        String time = Long.toString(Math.max(0, closesAtMillis));
        return "0".repeat(19 - time.length()) + time + "|" + announcementId;
    }

    /** The close time an expiry key holds. */
    static long expiryTime(String key) {
        return Long.parseLong(key.substring(0, 19));
    }

    /** The contested-claims index key of an announcement last contested at {@code lastContestedAtMillis}. */
    static String contested(long lastContestedAtMillis, String announcementId) {
        String inverted = Long.toString(Long.MAX_VALUE - lastContestedAtMillis);
        return "0".repeat(19 - inverted.length()) + inverted + "|" + announcementId;
    }
}

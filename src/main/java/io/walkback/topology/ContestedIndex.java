package io.walkback.topology;

/**
 * Keys of the contested-claims index: newest contest first in the store's byte order. The time is
 * inverted and zero-padded so that lexicographic order of the keys is descending order of time.
 */
public final class ContestedIndex {

    private ContestedIndex() {
    }

    static String key(long lastContestedAtMillis, String announcementId) {
        String inverted = Long.toString(Long.MAX_VALUE - lastContestedAtMillis);
        return "0".repeat(19 - inverted.length()) + inverted + "|" + announcementId;
    }
}

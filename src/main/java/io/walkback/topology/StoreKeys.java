package io.walkback.topology;

/**
 * Keys of the matcher's stores: a block and an id, written as the block's length, a colon, the block, then the id.
 * The length prefix makes the pair recoverable whatever characters either holds, so no two pairs share a key.
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
}

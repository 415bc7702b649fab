package io.walkback.contract;



/**
 * The key a producer gives each input record so that records that can match share a partition: the keying rule
 * {@code replay} follows, and the one the processor checks when {@code walkback.inputs.keyed-by-block} lets it read
 * the input topics without repartitioning them. In exact matching the key is the record's claim key (its matching
 * block). In similarity matching an announcement belongs to one block per party, so no per-record key can bring
 * every pair together: every record gets the same key, {@link #SIMILARITY_KEY}, and one task does all the matching.
 */
public final class InputKeys {

    /** The key of every input record in similarity matching. */
    public static final String SIMILARITY_KEY = "walkback-replay";

    private final ClaimKeys claimKeys;
    private final boolean bySimilarity;

    public InputKeys(ClaimKeys claimKeys, boolean bySimilarity) {
        this.claimKeys = claimKeys;
        this.bySimilarity = bySimilarity;
    }

    public String of(Announcement announcement) {
        return bySimilarity ? SIMILARITY_KEY : claimKeys.of(announcement).asString();
    }

    public String of(Backtrack backtrack) {
        return bySimilarity ? SIMILARITY_KEY : claimKeys.of(backtrack).asString();
    }
}

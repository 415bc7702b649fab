package io.walkback.contract;

import java.util.List;

/**
 * What two records must share to be about the same claim: the normalized topic and the sorted set of
 * parties. Its string form is the key both input streams are re-partitioned by.
 */
public record ClaimKey(String topic, List<String> parties) {

    public ClaimKey {
        parties = List.copyOf(parties);
    }

    public String asString() {
        return topic + "|" + String.join(",", parties);
    }
}

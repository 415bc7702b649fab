package io.walkback.topology.matching;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How backtracks are matched to announcements: config key {@code walkback.match}. */
public enum MatchMode {
    /** {@code refersTo} or the same normalized claim key (topic and parties) only. */
    EXACT,
    /** Adds candidates by party, scored by Lucene-analyzed word overlap with synonyms. */
    LEXICAL,
    /** Adds candidates by party, scored by in-process sentence embeddings. */
    SEMANTIC;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static MatchMode parse(String value) {
        for (MatchMode mode : values()) {
            if (mode.wireName().equals(value.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("expected one of " + Arrays.stream(values())
                .map(MatchMode::wireName).collect(Collectors.joining(", ")) + ", got '" + value + "'");
    }
}

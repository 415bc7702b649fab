package io.walkback.topology;

import io.walkback.topology.matching.MatchMode;
import io.walkback.topology.matching.MatchRule;
import io.walkback.topology.matching.TextSimilarity;

/**
 * How backtracks are matched to announcements.
 *
 * @param mode       exact (reference and claim key only) or a similarity mode
 * @param minScore   the lowest similarity score that can contest ({@code walkback.match.min-score})
 * @param similarity the scorer of the mode, loaded by the app (null in exact matching)
 */
public record MatchSettings(MatchMode mode, double minScore, TextSimilarity similarity) {

    public MatchSettings {
        if ((mode == MatchMode.EXACT) != (similarity == null)) {
            throw new IllegalArgumentException("exact matching has no similarity, every other mode needs one");
        }
        if (!(minScore >= 0 && minScore <= 1)) {
            throw new IllegalArgumentException("min score must be in [0, 1], got " + minScore);
        }
    }

    public static MatchSettings exact() {
        return new MatchSettings(MatchMode.EXACT, 1.0, null);
    }

    public boolean bySimilarity() {
        return similarity != null;
    }

    MatchRule rule() {
        return new MatchRule(minScore);
    }
}

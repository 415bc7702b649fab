package io.walkback.contract;

import java.util.List;

/**
 * Why a backtrack was matched to an announcement: the method that matched them, its score in [0, 1] and, for a
 * lexical score, the analyzed terms both texts share. Carried by every contested claim, so a reader can judge it.
 *
 * @param method {@link #REFERENCE}, {@link #CLAIM_KEY} or {@link #SIMILARITY}
 */
public record Match(String method, double score, List<String> terms) {

    /** The backtrack's {@code refersTo} names the announcement. */
    public static final String REFERENCE = "reference";
    /** Same normalized topic and the same parties. */
    public static final String CLAIM_KEY = "claim-key";
    /** Text similarity at least {@code walkback.match.min-score}, and the backtrack's best candidate. */
    public static final String SIMILARITY = "similarity";

    public Match {
        terms = terms == null ? List.of() : List.copyOf(terms);
    }

    public Match withScore(double newScore) {
        return new Match(method, newScore, terms);
    }

    public static Match reference() {
        return new Match(REFERENCE, 1.0, List.of());
    }

    public static Match claimKey() {
        return new Match(CLAIM_KEY, 1.0, List.of());
    }
}

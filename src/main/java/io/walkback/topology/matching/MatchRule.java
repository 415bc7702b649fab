package io.walkback.topology.matching;

/**
 * Decides whether a backtrack contests a candidate announcement, from the candidate's score and the best score among
 * all candidates of the same backtrack: only the best candidate (ties included), and only when its score reaches the
 * minimum. A backtrack contests one announcement in the usual case, and the candidates it does not contest are
 * mostly announcements between the same governments on a neighbouring subject; on the dev set, letting candidates
 * within a margin or ratio of the best through always cost more precision than it gained recall.
 */
public final class MatchRule {

    /** Scores this close to the best count as the best (float noise). */
    static final double TIE = 1e-9;

    private final double minScore;

    /** @param minScore the score a best candidate needs, in [0, 1] */
    public MatchRule(double minScore) {
        if (!(minScore >= 0 && minScore <= 1)) {
            throw new IllegalArgumentException("min score must be in [0, 1], got " + minScore);
        }
        this.minScore = minScore;
    }

    public double minScore() {
        return minScore;
    }

    /** True when {@code score} reaches the minimum and is the best score of the backtrack's candidates. */
    public boolean contests(double score, double bestScoreOfBacktrack) {
        return score >= minScore && score >= bestScoreOfBacktrack - TIE;
    }

    /**
     * The default minimum score of a mode, chosen on the reversals-dev set ({@code walkback evaluate} and its sweep): inside the
     * plateau of F1 over the sweep, not at a single lucky point. EXACT scores nothing and gets 1.
     *
     * <p>SEMANTIC 0.27: dev P 0.833, R 0.875, F1 0.854. The plateau is narrow: F1 stays at or above 0.80 only for
     * minimum scores 0.24 to 0.28, because most true best candidates score 0.27 to 0.30, where the best candidates of
     * backtracks that contest nothing also lie. Cross-validated (minimum score chosen on a random half of the
     * backtracks, judged on the other half, 2000 splits) F1 is 0.82 +- 0.06 and precision 0.81; with scores jittered
     * by +-0.01 to 0.02 (new wording) the best minimum stays 0.265 to 0.27.
     */
    public static double defaultMinScore(MatchMode mode) {
        return switch (mode) {
            case EXACT -> 1.0;
            case LEXICAL -> 0.10;
            case SEMANTIC -> 0.27;
        };
    }

    @Override
    public String toString() {
        return "MatchRule[best candidate, minScore=" + minScore + "]";
    }
}

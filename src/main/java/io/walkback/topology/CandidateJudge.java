package io.walkback.topology;

import io.walkback.matching.MatchRule;
import io.walkback.matching.PartyBlocking;
import io.walkback.matching.TextSimilarity;
import io.walkback.model.Backtrack;
import io.walkback.model.ClaimStatus;
import io.walkback.model.Match;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decides which of a backtrack's candidates (the announcements of its block inside its window) it contests, and
 * why, in this order:
 * <ol>
 *   <li>a backtrack that names an announcement in {@code refersTo} contests that one only ({@code reference});
 *   <li>else it contests every candidate with its claim key ({@code claim-key}), and no other;
 *   <li>else, in similarity matching, the candidates whose parties admit it ({@link PartyBlocking}) are scored by
 *       text, and it contests those {@link MatchRule} accepts against the best score among them ({@code similarity}).
 * </ol>
 * A claim-key match is as strong as evidence gets (score 1), so with one at hand no text is scored at all.
 */
final class CandidateJudge {

    private final ClaimKeys claimKeys;
    private final TextSimilarity similarity;
    private final MatchRule rule;

    CandidateJudge(ClaimKeys claimKeys, MatchSettings settings) {
        this.claimKeys = claimKeys;
        this.similarity = settings.similarity();
        this.rule = settings.rule();
    }

    /** For each candidate, in order, the match that makes the backtrack contest it, or null. */
    List<Match> judge(HeldBacktrack held, List<OpenClaim> candidates) {
        Backtrack backtrack = held.backtrack();
        List<Match> verdicts = new ArrayList<>(candidates.size());
        if (backtrack.refersTo() != null) {
            for (OpenClaim candidate : candidates) {
                boolean named = backtrack.refersTo().equals(candidate.status().announcementId());
                verdicts.add(named ? Match.reference() : null);
            }
            return verdicts;
        }
        var key = claimKeys.of(backtrack);
        boolean sameKeyFound = false;
        for (OpenClaim candidate : candidates) {
            ClaimStatus status = candidate.status();
            boolean sameKey = status.topic().equals(key.topic()) && status.parties().equals(key.parties());
            verdicts.add(sameKey ? Match.claimKey() : null);
            sameKeyFound |= sameKey;
        }
        if (sameKeyFound || similarity == null || held.profile() == null) {
            return verdicts;
        }
        // No candidate on the same claim key: score the ones whose parties admit the backtrack, then decide,
        // since the rule needs the best score of them all.
        String actor = ClaimKeys.party(backtrack.actor());
        List<String> counterparts = backtrack.counterparts().stream().map(ClaimKeys::party).toList();
        double[] scores = new double[candidates.size()];
        List<List<String>> terms = new ArrayList<>(candidates.size());
        double best = 0;
        for (int i = 0; i < candidates.size(); i++) {
            OpenClaim candidate = candidates.get(i);
            scores[i] = -1;
            terms.add(null);
            if (candidate.profile() != null
                    && PartyBlocking.isCandidate(Set.copyOf(candidate.status().parties()), actor, counterparts)) {
                TextSimilarity.Scored scored = similarity.score(candidate.profile(), held.profile());
                scores[i] = scored.score();
                terms.set(i, scored.terms());
                best = Math.max(best, scored.score());
            }
        }
        for (int i = 0; i < candidates.size(); i++) {
            if (scores[i] >= 0 && rule.contests(scores[i], best)) {
                verdicts.set(i, new Match(Match.SIMILARITY, rounded(scores[i]), terms.get(i)));
            }
        }
        return verdicts;
    }

    /** Three decimals: enough to read and to sweep thresholds, and the same on every machine. */
    private static double rounded(double score) {
        return Math.round(score * 1000) / 1000.0;
    }
}

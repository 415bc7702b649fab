package io.walkback.topology;

import io.walkback.contract.Backtrack;
import io.walkback.contract.ClaimKey;
import io.walkback.contract.ClaimKeys;
import io.walkback.contract.ClaimStatus;
import io.walkback.contract.Match;
import io.walkback.topology.matching.MatchRule;
import io.walkback.topology.matching.PartyBlocking;
import io.walkback.topology.matching.TextSimilarity;
import java.util.ArrayList;
import java.util.List;

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

    /**
     * The candidates whose text must be scored for the verdict: none when {@code refersTo} decides, when a candidate
     * has the backtrack's claim key, or in exact matching; else those whose parties admit the backtrack.
     */
    List<Integer> toScore(Backtrack backtrack, List<OpenClaim> candidates) {
        if (similarity == null || backtrack.refersTo() != null) {
            return List.of();
        }
        ClaimKey key = claimKeys.of(backtrack);
        String actor = ClaimKeys.party(backtrack.actor());
        List<String> counterparts = backtrack.counterparts().stream().map(ClaimKeys::party).toList();
        List<Integer> admitted = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            ClaimStatus status = candidates.get(i).status();
            if (sameKey(status, key)) {
                return List.of();
            }
            // Parties are held normalized, sorted and few (a list is the fastest set at that size).
            if (PartyBlocking.isCandidate(status.parties(), actor, counterparts)) {
                admitted.add(i);
            }
        }
        return admitted;
    }

    /**
     * For each candidate, in order, the match that makes the backtrack contest it, or null. {@code toScore} is what
     * {@link #toScore} gave for these candidates; the backtrack and those candidates must carry their text profiles.
     */
    List<Match> judge(HeldBacktrack held, List<OpenClaim> candidates, List<Integer> toScore) {
        Backtrack backtrack = held.backtrack();
        List<Match> verdicts = new ArrayList<>(candidates.size());
        if (backtrack.refersTo() != null) {
            for (OpenClaim candidate : candidates) {
                boolean named = backtrack.refersTo().equals(candidate.status().announcementId());
                verdicts.add(named ? Match.reference() : null);
            }
            return verdicts;
        }
        if (toScore.isEmpty()) {
            ClaimKey key = claimKeys.of(backtrack);
            for (OpenClaim candidate : candidates) {
                verdicts.add(sameKey(candidate.status(), key) ? Match.claimKey() : null);
            }
            return verdicts;
        }
        // Text decides (no candidate has the claim key). The rule needs the best score of them all: first every
        // score, then the decisions.
        candidates.forEach(candidate -> verdicts.add(null));
        double[] scores = new double[toScore.size()];
        List<List<String>> terms = new ArrayList<>(toScore.size());
        double best = 0;
        for (int j = 0; j < toScore.size(); j++) {
            TextSimilarity.Scored score = similarity.score(candidates.get(toScore.get(j)).profile(), held.profile());
            scores[j] = score.score();
            terms.add(score.terms());
            best = Math.max(best, score.score());
        }
        for (int j = 0; j < toScore.size(); j++) {
            if (rule.contests(scores[j], best)) {
                verdicts.set(toScore.get(j), new Match(Match.SIMILARITY, rounded(scores[j]), terms.get(j)));
            }
        }
        return verdicts;
    }

    private static boolean sameKey(ClaimStatus status, ClaimKey key) {
        return status.topic().equals(key.topic()) && status.parties().equals(key.parties());
    }

    /** Three decimals: enough to read and to sweep thresholds, and the same on every machine. */
    private static double rounded(double score) {
        return Math.round(score * 1000) / 1000.0;
    }
}

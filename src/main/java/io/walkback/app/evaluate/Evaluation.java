package io.walkback.app.evaluate;

import io.walkback.contract.ContestedClaim;
import io.walkback.contract.Match;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matching quality of one run against labels, scored strictly: every contested claim whose pair is not labelled
 * a match counts as a false match (labelled a non-match or not labelled at all), every labelled match not found
 * as a miss.
 *
 * @param truePairs  found and labelled a match
 * @param falsePairs found but not labelled a match, with how they were matched
 * @param missed     labelled a match but not found
 */
public record Evaluation(int truePairs, List<Found> falsePairs, List<Labels.Pair> missed) {

    /** A pair the run found, with the match that explains it. */
    public record Found(Labels.Pair pair, Match match) {
    }

    public static Evaluation of(List<ContestedClaim> claims, Labels labels) {
        Map<Labels.Pair, Match> found = new LinkedHashMap<>();
        for (ContestedClaim claim : claims) {
            found.putIfAbsent(new Labels.Pair(claim.announcementId(), claim.backtrackId()), claim.match());
        }
        int truePairs = 0;
        List<Found> falsePairs = new ArrayList<>();
        for (Map.Entry<Labels.Pair, Match> entry : found.entrySet()) {
            if (labels.matches().contains(entry.getKey())) {
                truePairs++;
            } else {
                falsePairs.add(new Found(entry.getKey(), entry.getValue()));
            }
        }
        Set<Labels.Pair> foundPairs = found.keySet();
        List<Labels.Pair> missed = labels.matches().stream().filter(pair -> !foundPairs.contains(pair)).toList();
        return new Evaluation(truePairs, List.copyOf(falsePairs), missed);
    }

    /** 1 when nothing was found: no claim made, none wrong. */
    public double precision() {
        int found = truePairs + falsePairs.size();
        return found == 0 ? 1.0 : (double) truePairs / found;
    }

    /** 1 when nothing is labelled a match. */
    public double recall() {
        int labelled = truePairs + missed.size();
        return labelled == 0 ? 1.0 : (double) truePairs / labelled;
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
}

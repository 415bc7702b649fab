package io.walkback.topology;

import io.walkback.contract.Backtrack;
import io.walkback.topology.matching.TextProfile;

/**
 * A backtrack held by its matching block for as long as an announcement can still arrive for it.
 *
 * @param profile its text reduced for scoring, computed the first time its verdict needs it (null until then)
 * @param decided whether its candidates were judged; in similarity matching that waits until stream time passes
 *                its report time (see {@link ContestMatcher}), so a restart must know which are still to judge
 */
record HeldBacktrack(Backtrack backtrack, TextProfile profile, boolean decided) {

    HeldBacktrack withProfile(TextProfile newProfile) {
        return new HeldBacktrack(backtrack, newProfile, decided);
    }

    HeldBacktrack asDecided() {
        return new HeldBacktrack(backtrack, profile, true);
    }

    long reportedAt() {
        return backtrack.reportedAt().toEpochMilli();
    }
}

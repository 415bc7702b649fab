package io.walkback.topology;

import io.walkback.topology.matching.TextSimilarity;

/**
 * Reduces a held record's text to its profile when a verdict first needs it: an announcement's topic and claim, a
 * backtrack's topic and statement. Most records never need one (no backtrack of their parties comes, or a
 * reference or the claim key decides), and a semantic profile costs an embedding, so none is made up front.
 */
final class TextProfiles {

    private final TextSimilarity similarity;

    TextProfiles(TextSimilarity similarity) {
        this.similarity = similarity;
    }

    OpenClaim profiled(OpenClaim claim) {
        return claim.profile() != null ? claim
                : claim.withProfile(similarity.profile(claim.topic(), claim.status().claim()));
    }

    HeldBacktrack profiled(HeldBacktrack held) {
        return held.profile() != null ? held
                : held.withProfile(similarity.profile(held.backtrack().topic(), held.backtrack().statement()));
    }
}

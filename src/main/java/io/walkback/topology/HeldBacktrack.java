package io.walkback.topology;

import io.walkback.matching.TextProfile;
import io.walkback.model.Backtrack;

/** A backtrack held by its matching block for as long as an announcement can still arrive for it. */
record HeldBacktrack(Backtrack backtrack, TextProfile profile) {
}

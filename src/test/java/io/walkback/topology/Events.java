package io.walkback.topology;

import io.walkback.contract.Announcement;
import io.walkback.contract.Backtrack;
import io.walkback.contract.BacktrackKind;
import java.time.Instant;
import java.util.List;

/** Short constructors for the records a scenario needs, so a test reads like its story. */
final class Events {
    private Events() {
    }

    static Announcement announcement(String id, String at, String actor, List<String> counterparts,
                                     String topic, String claim) {
        return new Announcement(id, Instant.parse(at), actor, null, counterparts, topic, claim, null,
                "https://example.org/" + id);
    }

    static Backtrack backtrack(String id, String at, String actor, List<String> counterparts, String topic,
                               String statement, BacktrackKind kind, String refersTo) {
        return new Backtrack(id, Instant.parse(at), actor, null, counterparts, topic, statement, kind, refersTo,
                null, "https://example.org/" + id);
    }

    /** The seed case: Kerry's claim of 2014-10-15 on sharing Islamic State intelligence. */
    static Announcement kerryClaim() {
        return new Announcement("ann-kerry-2014-10-15", Instant.parse("2014-10-15T13:30:00Z"), "USA", "John Kerry",
                List.of("RUS"), "intelligence-sharing/islamic-state",
                "Russia has agreed to share intelligence on the Islamic State", "U.S. Department of State",
                "https://example.org/kerry");
    }

    /** Moscow's walk-back of the seed case, a day and some hours later. */
    static Backtrack moscowWalkBack() {
        return new Backtrack("bt-lavrov-2014-10-16", Instant.parse("2014-10-16T17:45:00Z"), "RUS", "Sergei Lavrov",
                List.of("USA"), "Intelligence sharing / Islamic State", "Kerry overstated the case",
                BacktrackKind.WALK_BACK, null, "Russian Foreign Ministry", "https://example.org/lavrov");
    }
}

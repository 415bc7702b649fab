package io.walkback.contract;

import java.time.Instant;
import java.util.List;

/** A report of backtracking, as read from {@code diplomatic.backtracks}. {@code reportedAt} is its event time. */
public record Backtrack(
        String id,
        Instant reportedAt,
        String actor,
        String speaker,
        List<String> counterparts,
        String topic,
        String statement,
        BacktrackKind kind,
        String refersTo,
        String source,
        String url) {

    public Backtrack {
        Require.text(id, "id");
        Require.present(reportedAt, "reportedAt");
        Require.text(actor, "actor");
        counterparts = Require.names(counterparts, "counterparts");
        Require.text(topic, "topic");
        Require.text(statement, "statement");
        kind = kind == null ? BacktrackKind.WALK_BACK : kind;
        refersTo = refersTo == null || refersTo.isBlank() ? null : refersTo;
    }
}

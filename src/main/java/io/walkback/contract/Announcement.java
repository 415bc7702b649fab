package io.walkback.contract;

import java.time.Instant;
import java.util.List;

/** An official announcement, as read from {@code diplomatic.announcements}. {@code announcedAt} is its event time. */
public record Announcement(
        String id,
        Instant announcedAt,
        String actor,
        String speaker,
        List<String> counterparts,
        String topic,
        String claim,
        String source,
        String url) {

    public Announcement {
        Require.text(id, "id");
        Require.present(announcedAt, "announcedAt");
        Require.text(actor, "actor");
        counterparts = Require.names(counterparts, "counterparts");
        Require.text(topic, "topic");
        Require.text(claim, "claim");
    }
}

package io.walkback.replay;

import io.walkback.contract.Announcement;
import io.walkback.contract.Backtrack;
import java.time.Instant;

/** One good line of a historical feed: an announcement or a backtrack, with where it came from. */
public record FeedEntry(String origin, Announcement announcement, Backtrack backtrack) {

    public FeedEntry {
        if ((announcement == null) == (backtrack == null)) {
            throw new IllegalArgumentException("a feed entry is exactly one of an announcement or a backtrack");
        }
    }

    public static FeedEntry of(String origin, Announcement announcement) {
        return new FeedEntry(origin, announcement, null);
    }

    public static FeedEntry of(String origin, Backtrack backtrack) {
        return new FeedEntry(origin, null, backtrack);
    }

    public boolean isAnnouncement() {
        return announcement != null;
    }

    public String id() {
        return isAnnouncement() ? announcement.id() : backtrack.id();
    }

    public Instant eventTime() {
        return isAnnouncement() ? announcement.announcedAt() : backtrack.reportedAt();
    }
}

package io.walkback.replay;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** What a replay did: nothing read from the feed goes unaccounted for. */
public record ReplaySummary(
        long linesRead,
        long announcementsSent,
        long backtracksSent,
        List<Feed.FeedProblem> badLines,
        List<Feed.FeedProblem> refused,
        java.util.Map<String, Long> skipped,
        Duration elapsed) {

    public long sent() {
        return announcementsSent + backtracksSent;
    }

    public double recordsPerSecond() {
        double seconds = Math.max(elapsed.toNanos(), 1) / 1e9;
        return sent() / seconds;
    }

    /** Whether every record the broker was sent took it (bad lines, never sent, are not counted here). */
    public boolean allAccepted() {
        return refused.isEmpty();
    }

    /** Whether every line of the feed went out: no bad line and nothing refused. */
    public boolean complete() {
        return refused.isEmpty() && badLines.isEmpty();
    }

    public String line() {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "read %,d lines; replayed %,d records (%,d announcements, %,d backtracks) in %.1f s, %,.0f records/s; "
                        + "%,d bad lines skipped; %,d refused by the broker",
                linesRead, sent(), announcementsSent, backtracksSent, elapsed.toMillis() / 1000.0, recordsPerSecond(),
                badLines.size(), refused.size()));
        new java.util.TreeMap<>(skipped).forEach((reason, count) -> text.append(String.format(Locale.ROOT, "; %,d skipped: %s", count, reason)));
        return text.toString();
    }
}

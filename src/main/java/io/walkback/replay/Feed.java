package io.walkback.replay;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A feed read into memory: its good entries in event-time order (ties keep file order) and the lines
 * that could not be used, each with its reason, plus counts of lines skipped on purpose (for example
 * GDELT rows that are neither cooperation nor rejection) by reason.
 */
public record Feed(List<FeedEntry> entries, List<FeedProblem> problems, Map<String, Long> skipped, long linesRead) {

    public Feed {
        entries = entries.stream().sorted(Comparator.comparing(FeedEntry::eventTime)).toList();
        problems = List.copyOf(problems);
        skipped = Map.copyOf(skipped);
    }

    /** Several feeds read as one: entries merged in event-time order, problems and counts added up. */
    public static Feed concat(List<Feed> feeds) {
        List<FeedEntry> entries = new java.util.ArrayList<>();
        List<FeedProblem> problems = new java.util.ArrayList<>();
        Map<String, Long> skipped = new java.util.TreeMap<>();
        long lines = 0;
        for (Feed feed : feeds) {
            entries.addAll(feed.entries());
            problems.addAll(feed.problems());
            feed.skipped().forEach((reason, count) -> skipped.merge(reason, count, Long::sum));
            lines += feed.linesRead();
        }
        return new Feed(entries, problems, skipped, lines);
    }

    public long announcements() {
        return entries.stream().filter(FeedEntry::isAnnouncement).count();
    }

    public long backtracks() {
        return entries.size() - announcements();
    }

    /** A line that could not be turned into an event, and why. */
    public record FeedProblem(String origin, String reason) {
        @Override
        public String toString() {
            return origin + ": " + reason;
        }
    }
}

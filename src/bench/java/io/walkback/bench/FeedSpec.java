package io.walkback.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.walkback.contract.Announcement;
import io.walkback.contract.Backtrack;
import io.walkback.contract.ClaimKeys;
import io.walkback.contract.JsonSerde;
import io.walkback.replay.Feed;
import io.walkback.replay.FeedEntry;
import io.walkback.replay.SyntheticFeed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's synthetic feed, as a value that can be passed to a child JVM and regenerated there
 * identically (same seed, same feed).
 *
 * @param backtrackWithin matching backtracks come at most this long after their announcement
 */
record FeedSpec(int records, double matchShare, Instant start, Duration span, Duration backtrackWithin, long seed) {

    static final Instant DEFAULT_START = Instant.parse("2015-01-01T00:00:00Z");

    Feed generate() {
        return SyntheticFeed.generate(records, matchShare, start, span, backtrackWithin, seed);
    }

    /** The feed's records as the replayer writes them: keyed by claim key, JSON values, event-time stamps. */
    static List<Prepared> prepare(Feed feed) {
        ClaimKeys keys = ClaimKeys.withoutAliases();
        JsonSerde<Announcement> announcements = JsonSerde.of(Announcement.class);
        JsonSerde<Backtrack> backtracks = JsonSerde.of(Backtrack.class);
        List<Prepared> prepared = new ArrayList<>(feed.entries().size());
        for (FeedEntry entry : feed.entries()) {
            if (entry.isAnnouncement()) {
                prepared.add(new Prepared(true, keys.of(entry.announcement()).asString().getBytes(StandardCharsets.UTF_8),
                        announcements.write(entry.announcement()), entry.eventTime().toEpochMilli()));
            } else {
                prepared.add(new Prepared(false, keys.of(entry.backtrack()).asString().getBytes(StandardCharsets.UTF_8),
                        backtracks.write(entry.backtrack()), entry.eventTime().toEpochMilli()));
            }
        }
        return prepared;
    }

    /** ISO-8601 as people write it: P730D rather than Duration's PT17520H. */
    static String iso(Duration duration) {
        if (!duration.isZero() && duration.toMillis() % Duration.ofDays(1).toMillis() == 0) {
            return "P" + duration.toDays() + "D";
        }
        return duration.toString();
    }

    ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("records", records);
        json.put("matchShare", matchShare);
        json.put("start", start.toString());
        json.put("span", iso(span));
        json.put("backtrackWithin", iso(backtrackWithin));
        json.put("seed", seed);
        return json;
    }

    static FeedSpec fromJson(JsonNode json) {
        return new FeedSpec(json.get("records").asInt(), json.get("matchShare").asDouble(),
                Instant.parse(json.get("start").asText()), Duration.parse(json.get("span").asText()),
                Duration.parse(json.get("backtrackWithin").asText()), json.get("seed").asLong());
    }

    /** One input record, serialized once. */
    record Prepared(boolean announcement, byte[] key, byte[] value, long timestamp) {
    }
}

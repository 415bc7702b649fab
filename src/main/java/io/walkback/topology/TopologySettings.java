package io.walkback.topology;

import io.walkback.contract.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Everything the topology depends on, as plain values: the app reads them from config, tests and
 * benchmarks construct them directly.
 *
 * @param maxLag        longest time from announcement to backtrack that still counts as contesting it
 * @param grace         how long after max lag an announcement's window stays open for records out of order
 * @param topicAliases  alias to canonical topic segment
 * @param timeBounds    which event times are plausible; others are dead-lettered
 * @param matching      how backtracks are matched to announcements
 * @param inputsKeyedByBlock whether producers key every input record as {@link InputKeys} says, so the matcher reads
 *                      the input topics directly instead of through a repartition topic (records keyed otherwise are
 *                      dead-lettered)
 * @param statusRetention how long a final status stays in the claims store after its window closed, in stream time;
 *                      null keeps every status (the claim-status topic, compacted, keeps them all either way)
 */
public record TopologySettings(
        Topics topics,
        Duration maxLag,
        Duration grace,
        Map<String, String> topicAliases,
        EventTimeBounds timeBounds,
        MatchSettings matching,
        boolean inputsKeyedByBlock,
        Duration statusRetention) {

    public static final Duration DEFAULT_MAX_LAG = Duration.ofDays(30);
    public static final Duration DEFAULT_GRACE = Duration.ofDays(1);
    public static final Duration DEFAULT_MAX_AHEAD_OF_NOW = Duration.ofHours(1);

    public TopologySettings {
        topicAliases = Map.copyOf(topicAliases);
    }

    /** Default windows and exact matching, which needs no model: what the scenario tests start from. */
    public static TopologySettings defaults() {
        return new TopologySettings(Topics.defaults(), DEFAULT_MAX_LAG, DEFAULT_GRACE, Map.of(),
                new EventTimeBounds(DEFAULT_MAX_AHEAD_OF_NOW, Clock.systemUTC()), MatchSettings.exact(), false, null);
    }

    public TopologySettings withTopicAliases(Map<String, String> aliases) {
        return new TopologySettings(topics, maxLag, grace, aliases, timeBounds, matching, inputsKeyedByBlock, statusRetention);
    }

    public TopologySettings withMatching(MatchSettings newMatching) {
        return new TopologySettings(topics, maxLag, grace, topicAliases, timeBounds, newMatching, inputsKeyedByBlock,
                statusRetention);
    }

    public TopologySettings withInputsKeyedByBlock(boolean keyed) {
        return new TopologySettings(topics, maxLag, grace, topicAliases, timeBounds, matching, keyed, statusRetention);
    }

    public TopologySettings withStatusRetention(Duration retention) {
        return new TopologySettings(topics, maxLag, grace, topicAliases, timeBounds, matching, inputsKeyedByBlock, retention);
    }
}

package io.walkback.bench;

import io.walkback.contract.Announcement;
import io.walkback.contract.Backtrack;
import io.walkback.contract.JsonSerde;
import io.walkback.contract.Topics;
import io.walkback.topology.EventTimeBounds;
import io.walkback.topology.TopologySettings;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The benchmark's baseline: reads both input topics exactly as Walkback does (same JSON serdes, same
 * event-time check and timestamp extractor) and writes every record, re-encoded as JSON, to one output
 * topic (the one Walkback writes contested claims to). No re-keying, no state: the least a Kafka Streams
 * app with Walkback's inputs can do.
 */
public final class PassThroughTopology {

    private PassThroughTopology() {
    }

    public static Topology build(TopologySettings settings, Properties streamsConfig) {
        Topics topics = settings.topics();
        EventTimeBounds bounds = settings.timeBounds();
        JsonSerde<Announcement> announcementsIn = JsonSerde.of(Announcement.class,
                a -> bounds.check("announcedAt", a.announcedAt()));
        JsonSerde<Backtrack> backtracksIn = JsonSerde.of(Backtrack.class,
                b -> bounds.check("reportedAt", b.reportedAt()));

        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(streamsConfig)));
        builder.stream(topics.announcements().name(), Consumed.with(Serdes.ByteArray(), announcementsIn)
                        .withTimestampExtractor((record, partitionTime) ->
                                ((Announcement) record.value()).announcedAt().toEpochMilli())
                        .withName("read-announcements"))
                .to(topics.contestedClaims().name(), Produced.with(Serdes.ByteArray(), JsonSerde.of(Announcement.class))
                        .withName("write-announcements"));
        builder.stream(topics.backtracks().name(), Consumed.with(Serdes.ByteArray(), backtracksIn)
                        .withTimestampExtractor((record, partitionTime) ->
                                ((Backtrack) record.value()).reportedAt().toEpochMilli())
                        .withName("read-backtracks"))
                .to(topics.contestedClaims().name(), Produced.with(Serdes.ByteArray(), JsonSerde.of(Backtrack.class))
                        .withName("write-backtracks"));
        return builder.build(streamsConfig);
    }
}

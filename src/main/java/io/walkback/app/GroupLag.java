package io.walkback.app;

import io.walkback.app.config.WalkbackConfig;
import io.walkback.topology.StateNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How many records a consumer group has yet to commit over a set of topics, as the broker sees it (end offsets
 * against committed offsets). For the processor: its input, repartition and claim-status topics; zero means
 * everything written so far has been processed, the condition {@code demo --until-idle}, the integration tests and
 * the benchmark wait for, instead of sleeping.
 */
public final class GroupLag implements AutoCloseable {

    private final Admin admin;
    private final String groupId;
    private final List<String> topics;

    /** The processor's lag: the group {@code application.id} over every topic it consumes. */
    public GroupLag(WalkbackConfig config) {
        this(config, consumedBy(config));
    }

    /** The lag of the group {@code application.id} of {@code config}, in its cluster, over {@code topics}. */
    public GroupLag(WalkbackConfig config, List<String> topics) {
        this.admin = Admin.create(TopicSetup.adminProperties(config));
        this.groupId = config.get("application.id");
        this.topics = List.copyOf(topics);
    }

    private static List<String> consumedBy(WalkbackConfig config) {
        List<String> all = new ArrayList<>(List.of(config.topics().announcements().name(), config.topics().backtracks().name()));
        all.addAll(StateNames.repartitionTopics(config.get("application.id"), config.inputsKeyedByBlock()));
        all.add(config.topics().claimStatus().name());
        return all;
    }

    /** Sum of the group's committed offsets over the topics (0 for a partition not committed yet): its progress. */
    public long committed() throws Exception {
        return admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
                .entrySet().stream()
                .filter(entry -> topics.contains(entry.getKey().topic()))
                .mapToLong(entry -> entry.getValue().offset())
                .sum();
    }

    /** Records behind, or {@code Long.MAX_VALUE} while the group has not committed on some partition yet. */
    public long total() throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        var descriptions = admin.describeTopics(topics).topicNameValues();
        for (String topic : topics) {
            var description = descriptions.get(topic);
            try {
                description.get(10, TimeUnit.SECONDS).partitions()
                        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            } catch (java.util.concurrent.ExecutionException e) {
                return Long.MAX_VALUE; // internal topics not created yet
            }
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        long lag = 0;
        for (var end : ends.entrySet()) {
            long endOffset = end.getValue().offset();
            if (endOffset == 0) {
                continue;
            }
            OffsetAndMetadata done = committed.get(end.getKey());
            if (done == null) {
                return Long.MAX_VALUE;
            }
            lag += Math.max(0, endOffset - done.offset());
        }
        return lag;
    }

    /** Records behind per partition (-1: nothing committed yet), for diagnosing a processor that is stuck. */
    public Map<TopicPartition, Long> byPartition() throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).forEach((topic, description) ->
                description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, Long> lag = new java.util.TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
        admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).forEach((tp, end) -> {
            OffsetAndMetadata done = committed.get(tp);
            lag.put(tp, done == null ? (end.offset() == 0 ? 0 : -1) : end.offset() - done.offset());
        });
        return lag;
    }

    @Override
    public void close() {
        admin.close();
    }
}

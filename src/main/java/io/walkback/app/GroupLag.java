package io.walkback.app;

import io.walkback.app.config.WalkbackConfig;
import io.walkback.topology.StateNames;
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
 * How many records the processor has yet to commit, over its input and repartition topics. Zero means
 * everything written so far has been processed: the condition {@code demo --until-idle} and the
 * integration tests wait for, instead of sleeping.
 */
public final class GroupLag implements AutoCloseable {

    private final Admin admin;
    private final String groupId;
    private final List<String> topics;

    public GroupLag(WalkbackConfig config) {
        this.admin = Admin.create(TopicSetup.adminProperties(config));
        this.groupId = config.get("application.id");
        List<String> all = new java.util.ArrayList<>(List.of(config.topics().announcements().name(), config.topics().backtracks().name()));
        all.addAll(StateNames.repartitionTopics(groupId, config.inputsKeyedByBlock()));
        all.add(config.topics().claimStatus().name());
        this.topics = List.copyOf(all);
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

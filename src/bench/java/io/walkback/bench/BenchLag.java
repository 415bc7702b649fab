package io.walkback.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer group's progress over a set of topics, as the broker sees it: committed offsets against
 * end offsets. The same yardstick for both applications (the Walkback app's own {@code GroupLag} does
 * the same over Walkback's topics).
 */
final class BenchLag implements AutoCloseable {

    private final Admin admin;
    private final String groupId;

    BenchLag(String bootstrapServers, String groupId) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "walkback-bench-lag");
        this.admin = Admin.create(props);
        this.groupId = groupId;
    }

    /**
     * @return records still to commit over {@code topics}, or {@code Long.MAX_VALUE} while a topic does not
     *         exist yet or a non-empty partition has no committed offset
     */
    long lag(List<String> topics) throws Exception {
        Map<TopicPartition, Long> ends = endOffsets(topics);
        if (ends == null) {
            return Long.MAX_VALUE;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = committed();
        long lag = 0;
        for (var end : ends.entrySet()) {
            if (end.getValue() == 0) {
                continue;
            }
            OffsetAndMetadata done = committed.get(end.getKey());
            if (done == null) {
                return Long.MAX_VALUE;
            }
            lag += Math.max(0, end.getValue() - done.offset());
        }
        return lag;
    }

    /** Sum of committed offsets over {@code topics} (0 for partitions not committed yet). */
    long committed(List<String> topics) throws Exception {
        long sum = 0;
        for (var entry : committed().entrySet()) {
            if (topics.contains(entry.getKey().topic())) {
                sum += entry.getValue().offset();
            }
        }
        return sum;
    }

    /** Sum of end offsets over {@code topics}; -1 if one does not exist. */
    long endOffsetSum(List<String> topics) throws Exception {
        Map<TopicPartition, Long> ends = endOffsets(topics);
        return ends == null ? -1 : ends.values().stream().mapToLong(Long::longValue).sum();
    }

    private Map<TopicPartition, OffsetAndMetadata> committed() throws Exception {
        return admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
    }

    private Map<TopicPartition, Long> endOffsets(List<String> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        var descriptions = admin.describeTopics(topics).topicNameValues();
        for (String topic : topics) {
            try {
                descriptions.get(topic).get(10, TimeUnit.SECONDS).partitions()
                        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            } catch (ExecutionException e) {
                return null; // not created yet
            }
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> infos =
                admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, Long> ends = new HashMap<>();
        infos.forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    @Override
    public void close() {
        admin.close();
    }
}

package io.walkback.app;

import io.walkback.app.config.ConfigProblem;
import io.walkback.app.config.WalkbackConfig;
import io.walkback.contract.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates Walkback's topics if they are absent. Event topics keep data by the configured retention
 * (unlimited by default: retention counts from record timestamps, which for a replay are years old); the
 * claim-status topic is compacted, keeping the latest status of every announcement.
 */
public final class TopicSetup {

    private static final Map<String, String> COMPACTED =
            Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);

    private TopicSetup() {
    }

    /** @return one line per topic saying what was done */
    public static List<String> ensureTopics(WalkbackConfig config) {
        Topics topics = config.topics();
        Map<String, String> topicConfig = Map.of(
                TopicConfig.RETENTION_MS_CONFIG, String.valueOf(config.topicRetentionMillis()),
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        List<String> report = new ArrayList<>();
        try (Admin admin = Admin.create(adminProperties(config))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            for (String name : topics.names()) {
                if (existing.contains(name)) {
                    TopicDescription description = admin.describeTopics(List.of(name)).allTopicNames()
                            .get(30, TimeUnit.SECONDS).get(name);
                    report.add(name + ": exists with " + description.partitions().size() + " partitions");
                    continue;
                }
                NewTopic topic = new NewTopic(name, config.partitions(), config.replicationFactor())
                        .configs(name.equals(topics.claimStatus().name()) ? COMPACTED : topicConfig);
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                    report.add(name + ": created with " + config.partitions() + " partitions, replication "
                            + config.replicationFactor() + ", " + (name.equals(topics.claimStatus().name())
                            ? "compacted" : "retention.ms " + config.topicRetentionMillis()));
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                    report.add(name + ": exists (created concurrently)");
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topics: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot create topics: no answer from " + config.get("bootstrap.servers")
                    + " within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
        return report;
    }

    /**
     * With {@code walkback.inputs.keyed-by-block=true} the matcher reads both input topics in one task per partition,
     * so a key must land on the same partition number in both: they need the same partition count. Checked at
     * start-up, because a mismatch would not fail; it would silently miss pairs.
     */
    public static void checkKeyedInputs(WalkbackConfig config) {
        if (!config.inputsKeyedByBlock()) {
            return;
        }
        Topics topics = config.topics();
        List<String> inputs = List.of(topics.announcements().name(), topics.backtracks().name());
        try (Admin admin = Admin.create(adminProperties(config))) {
            Map<String, TopicDescription> described = admin.describeTopics(inputs).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            int announcements = described.get(topics.announcements().name()).partitions().size();
            int backtracks = described.get(topics.backtracks().name()).partitions().size();
            if (announcements != backtracks) {
                throw new ConfigProblem(WalkbackConfig.INPUTS_KEYED_BY_BLOCK + "=true: expected " + topics.announcements().name()
                        + " and " + topics.backtracks().name() + " to have the same partition count, got " + announcements
                        + " and " + backtracks + " (set it to false to repartition the inputs instead)");
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot check the input topics: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot check the input topics: no answer from "
                    + config.get("bootstrap.servers") + " within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the input topics", e);
        }
    }

    /**
     * Fails with one line unless the cluster answers within 30 s and both input topics exist: a producer would
     * otherwise wait a minute per record for topics that never come.
     */
    public static void requireInputTopics(WalkbackConfig config) {
        String cluster = config.get("bootstrap.servers");
        try (Admin admin = Admin.create(adminProperties(config))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            for (String name : List.of(config.topics().announcements().name(), config.topics().backtracks().name())) {
                if (!existing.contains(name)) {
                    throw new IllegalStateException("topic " + name + " does not exist on " + cluster
                            + "; create Walkback's topics first with 'walkback topics' (same --config and --set)");
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list the topics on " + cluster + ": " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer from " + cluster + " (bootstrap.servers) within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to " + cluster, e);
        }
    }

    /**
     * The newest record timestamp in the input topics, if they hold any: how far a processor that has read them has
     * moved its stream time, which a replay of older records cannot move back.
     */
    public static Optional<Instant> newestInputTime(WalkbackConfig config) {
        try (Admin admin = Admin.create(adminProperties(config))) {
            Map<TopicPartition, OffsetSpec> newest = new HashMap<>();
            admin.describeTopics(List.of(config.topics().announcements().name(), config.topics().backtracks().name()))
                    .allTopicNames().get(30, TimeUnit.SECONDS).forEach((topic, description) -> description.partitions()
                            .forEach(p -> newest.put(new TopicPartition(topic, p.partition()), OffsetSpec.maxTimestamp())));
            return admin.listOffsets(newest).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::timestamp)
                    .filter(timestamp -> timestamp >= 0)
                    .max()
                    .stream().mapToObj(Instant::ofEpochMilli).findFirst();
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty(); // only a warning depends on it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static Properties adminProperties(WalkbackConfig config) {
        Properties props = config.clientProperties();
        props.put("client.id", "walkback-admin");
        return props;
    }
}

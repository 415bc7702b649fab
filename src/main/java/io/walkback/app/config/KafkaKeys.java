package io.walkback.app.config;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.lucene.search.spell.LevenshteinDistance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka keys Walkback passes on. Kafka ignores a key it does not know, so {@code procesing.guarantee} would
 * quietly leave exactly-once off: an unknown key is logged once as a warning that names the closest known key.
 */
final class KafkaKeys {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaKeys.class);
    /** Prefixes Kafka Streams passes to one client (or to its internal topics) with the rest of the key. */
    private static final List<String> CLIENT_PREFIXES = List.of(StreamsConfig.MAIN_CONSUMER_PREFIX,
            StreamsConfig.RESTORE_CONSUMER_PREFIX, StreamsConfig.GLOBAL_CONSUMER_PREFIX, StreamsConfig.CONSUMER_PREFIX,
            StreamsConfig.PRODUCER_PREFIX, StreamsConfig.ADMIN_CLIENT_PREFIX);
    /** Free-form families: topic configs for internal topics, config providers' own settings. */
    private static final List<String> OPEN_PREFIXES = List.of(StreamsConfig.TOPIC_PREFIX, "config.providers.");
    private static final Set<String> KNOWN = known();
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();
    private static final float SIMILAR = 0.7f;

    private KafkaKeys() {
    }

    static void warnAboutUnknown(Collection<String> keys) {
        for (String key : unknown(keys)) {
            if (WARNED.add(key)) {
                LOG.warn("Unknown setting '{}': Kafka will ignore it{}", key,
                        closest(key).map(known -> "; did you mean '" + known + "'?").orElse(""));
            }
        }
    }

    /** The keys of {@code keys} that are neither Walkback's ({@code walkback.*}, checked elsewhere) nor Kafka's. */
    static List<String> unknown(Collection<String> keys) {
        return keys.stream().filter(key -> !key.startsWith("walkback.") && !isKnown(key)).sorted().toList();
    }

    static boolean isKnown(String key) {
        if (KNOWN.contains(key) || OPEN_PREFIXES.stream().anyMatch(key::startsWith)) {
            return true;
        }
        return CLIENT_PREFIXES.stream().anyMatch(prefix -> key.startsWith(prefix) && KNOWN.contains(key.substring(prefix.length())));
    }

    /** The known key most like {@code key}, if one is close enough to be what was meant. */
    static Optional<String> closest(String key) {
        LevenshteinDistance distance = new LevenshteinDistance();
        String best = null;
        float bestScore = SIMILAR;
        for (String known : KNOWN) {
            float score = distance.getDistance(key, known);
            if (score >= bestScore) {
                best = known;
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
    }

    private static Set<String> known() {
        Set<String> keys = new TreeSet<>(StreamsConfig.configDef().names());
        keys.addAll(ConsumerConfig.configNames());
        keys.addAll(ProducerConfig.configNames());
        keys.addAll(AdminClientConfig.configNames());
        return Set.copyOf(keys);
    }
}

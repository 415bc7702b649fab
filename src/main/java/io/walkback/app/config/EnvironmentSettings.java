package io.walkback.app.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The environment layer of the configuration, for containers and supervisors that set variables rather than
 * write files: {@code WALKBACK_MAX_LAG=P7D} sets {@code walkback.max-lag}, {@code WALKBACK_KAFKA_BOOTSTRAP_SERVERS}
 * sets the Kafka key {@code bootstrap.servers}. A name is the key upper-cased with '.' and '-' as '_'. A
 * {@code WALKBACK_} variable that names no known key is refused, as an unknown {@code walkback.} key is: a typo must
 * not pass unnoticed.
 */
public final class EnvironmentSettings {

    static final String PREFIX = "WALKBACK_";
    static final String KAFKA_PREFIX = PREFIX + "KAFKA_";

    private EnvironmentSettings() {
    }

    /** The settings {@code environment}'s {@code WALKBACK_*} variables give, by key. */
    public static Map<String, String> from(Map<String, String> environment) {
        Map<String, String> keysByVariable = keysByVariable();
        Map<String, String> settings = new LinkedHashMap<>();
        new TreeMap<>(environment).forEach((variable, value) -> {
            if (!variable.startsWith(PREFIX)) {
                return;
            }
            String key = keysByVariable.get(variable);
            if (key == null) {
                throw new ConfigProblem(variable + ": unknown environment setting; expected " + PREFIX
                        + "<walkback key> or " + KAFKA_PREFIX + "<Kafka key>, e.g. " + variableOf("walkback.max-lag")
                        + " or " + variableOf(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
            }
            settings.put(key, value.trim());
        });
        return settings;
    }

    /** The variable that sets {@code key}. */
    public static String variableOf(String key) {
        String name = key.startsWith("walkback.") ? PREFIX + key.substring("walkback.".length()) : KAFKA_PREFIX + key;
        return name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static Map<String, String> keysByVariable() {
        Map<String, String> keys = new LinkedHashMap<>();
        for (Set<String> names : List.of(WalkbackConfig.walkbackKeys(), StreamsConfig.configDef().names(),
                ProducerConfig.configNames(), ConsumerConfig.configNames(), AdminClientConfig.configNames())) {
            names.forEach(key -> keys.putIfAbsent(variableOf(key), key));
        }
        return keys;
    }
}

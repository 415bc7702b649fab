package io.walkback.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.walkback.topology.TopologySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Configuration: layered, documented, and strict about bad values")
class WalkbackConfigTest {

    @Test
    @DisplayName("The shipped config/walkback.properties loads, with its alias file, and matches the documented defaults")
    void shippedConfigLoads() {
        WalkbackConfig config = WalkbackConfig.load(Path.of("config", "walkback.properties"), Map.of());
        TopologySettings settings = config.topologySettings();
        assertThat(settings.maxLag()).isEqualTo(Duration.ofDays(30));
        assertThat(settings.grace()).isEqualTo(Duration.ofDays(1));
        assertThat(settings.topicAliases()).containsEntry("isis", "islamic-state").containsEntry("isil", "islamic-state");
        assertThat(config.topics().announcements().name()).isEqualTo("diplomatic.announcements");
        Properties streams = config.streamsProperties();
        assertThat(streams.getProperty("processing.guarantee")).isEqualTo("exactly_once_v2");
        assertThat(streams.getProperty("errors.dead.letter.queue.topic.name")).isEqualTo("diplomatic.dead-letters");
        assertThat(streams).doesNotContainKey(WalkbackConfig.MAX_LAG);
    }

    @Test
    @DisplayName("Overrides win over the file, which wins over the defaults")
    void layering(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("w.properties");
        Files.writeString(file, "walkback.max-lag=P7D\nwalkback.grace=PT6H\napplication.id=from-file\n");
        WalkbackConfig config = WalkbackConfig.load(file, Map.of("walkback.max-lag", "P10D"));
        assertThat(config.topologySettings().maxLag()).isEqualTo(Duration.ofDays(10));
        assertThat(config.topologySettings().grace()).isEqualTo(Duration.ofHours(6));
        assertThat(config.streamsProperties().getProperty("application.id")).isEqualTo("from-file");
        assertThat(config.streamsProperties().getProperty("commit.interval.ms")).isEqualTo("1000");
    }

    @Test
    @DisplayName("WALKBACK_* environment variables win over the file and lose to --set; other variables are ignored")
    void environmentLayer(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("w.properties");
        Files.writeString(file, "walkback.max-lag=P7D\nwalkback.grace=PT6H\nbootstrap.servers=from-file:9092\n");
        Map<String, String> environment = Map.of(
                "WALKBACK_MAX_LAG", "P10D",
                "WALKBACK_GRACE", "PT2H",
                "WALKBACK_INPUTS_KEYED_BY_BLOCK", "true",
                "WALKBACK_KAFKA_BOOTSTRAP_SERVERS", "from-env:9092",
                "HOME", "/root",
                "KAFKA_HEAP_OPTS", "-Xmx1g");
        WalkbackConfig config = WalkbackConfig.load(file, environment, Map.of("walkback.grace", "PT1H"));
        assertThat(config.topologySettings().maxLag()).isEqualTo(Duration.ofDays(10));
        assertThat(config.topologySettings().grace()).isEqualTo(Duration.ofHours(1));
        assertThat(config.topologySettings().inputsKeyedByBlock()).isTrue();
        assertThat(config.streamsProperties().getProperty("bootstrap.servers")).isEqualTo("from-env:9092");
        assertThat(EnvironmentSettings.variableOf("walkback.topic.partitions")).isEqualTo("WALKBACK_TOPIC_PARTITIONS");
    }

    @Test
    @DisplayName("An unknown WALKBACK_* variable fails fast, naming it and the two forms expected")
    void unknownEnvironmentVariable() {
        assertThatThrownBy(() -> WalkbackConfig.load(null, Map.of("WALKBACK_MAX_LAGG", "P1D"), Map.of()))
                .isInstanceOf(ConfigProblem.class)
                .hasMessage("WALKBACK_MAX_LAGG: unknown environment setting; expected WALKBACK_<walkback key> or "
                        + "WALKBACK_KAFKA_<Kafka key>, e.g. WALKBACK_MAX_LAG or WALKBACK_KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    @DisplayName("Values Kafka would accept but that harm: zero retention, retention under max lag + grace, a huge "
            + "duration, negative threads")
    void harmfulValuesAreRefused() {
        assertThatThrownBy(() -> WalkbackConfig.of(Map.of("walkback.topic.retention", "PT0S")))
                .isInstanceOf(ConfigProblem.class)
                .hasMessage("walkback.topic.retention: expected 'unlimited' or a duration of at least walkback.max-lag + "
                        + "walkback.grace (PT744H), got 'PT0S'");
        assertThatThrownBy(() -> WalkbackConfig.of(Map.of("walkback.topic.retention", "P7D", "walkback.grace", "P10D",
                "walkback.max-lag", "P1D")))
                .isInstanceOf(ConfigProblem.class)
                .hasMessageStartingWith("walkback.topic.retention: expected 'unlimited' or a duration of at least");
        assertThat(WalkbackConfig.of(Map.of("walkback.topic.retention", "P31D")).topicRetentionMillis())
                .isEqualTo(Duration.ofDays(31).toMillis());
        assertThatThrownBy(() -> WalkbackConfig.of(Map.of("walkback.max-ahead-of-now", "PT9223372036854775807S")))
                .isInstanceOf(ConfigProblem.class)
                .hasMessage("walkback.max-ahead-of-now: expected an ISO-8601 duration from PT0S to PT876000H (100 years), "
                        + "such as P30D or PT12H, got 'PT9223372036854775807S'");
        assertThatThrownBy(() -> WalkbackConfig.of(Map.of("num.stream.threads", "-5")))
                .isInstanceOf(ConfigProblem.class)
                .hasMessage("num.stream.threads: expected a whole number from 1 to 256, got '-5'");
    }

    @Test
    @DisplayName("walkback.status.retention: unlimited by default, else a duration")
    void statusRetention() {
        assertThat(WalkbackConfig.defaults().topologySettings().statusRetention()).isNull();
        assertThat(WalkbackConfig.of(Map.of("walkback.status.retention", "P90D")).topologySettings().statusRetention())
                .isEqualTo(Duration.ofDays(90));
        assertThatThrownBy(() -> WalkbackConfig.of(Map.of("walkback.status.retention", "a while")))
                .isInstanceOf(ConfigProblem.class)
                .hasMessageStartingWith("walkback.status.retention: expected an ISO-8601 duration");
    }

    @Test
    @DisplayName("A max lag under a minute is a valid setting, metrics included")
    void shortMaxLag() {
        WalkbackConfig config = WalkbackConfig.of(Map.of("walkback.max-lag", "PT59S"));
        assertThat(config.topologySettings().maxLag()).isEqualTo(Duration.ofSeconds(59));
        new io.walkback.app.metrics.WalkbackMetrics(config.topologySettings().maxLag()).close();
    }

    @Test
    @DisplayName("A misspelt Kafka key is named with the closest known one; every key Walkback sets itself is known")
    void kafkaKeys() {
        assertThat(KafkaKeys.isKnown("procesing.guarantee")).isFalse();
        assertThat(KafkaKeys.closest("procesing.guarantee")).contains("processing.guarantee");
        assertThat(KafkaKeys.closest("bootstrap.server")).contains("bootstrap.servers");
        assertThat(KafkaKeys.closest("colour.of.the.sky")).isEmpty();
        assertThat(KafkaKeys.isKnown("producer.batch.size")).isTrue();
        assertThat(KafkaKeys.isKnown("topic.min.insync.replicas")).isTrue();
        WalkbackConfig shipped = WalkbackConfig.load(Path.of("config", "walkback.properties"), Map.of());
        assertThat(KafkaKeys.unknown(shipped.streamsProperties().stringPropertyNames())).isEmpty();
        assertThat(KafkaKeys.unknown(List.of("procesing.guarantee", "walkback.max-lag", "producer.batch.size")))
                .containsExactly("procesing.guarantee");
    }

    @Test
    @DisplayName("A bad duration names the key and the expected form")
    void badDuration() {
        assertThatThrownBy(() -> WalkbackConfig.of(Map.of("walkback.max-lag", "30 days")))
                .isInstanceOf(ConfigProblem.class)
                .hasMessage("walkback.max-lag: expected an ISO-8601 duration such as P30D or PT12H, got '30 days'");
    }

    @Test
    @DisplayName("An unknown walkback.* key fails fast, naming the key")
    void unknownKey() {
        assertThatThrownBy(() -> WalkbackConfig.of(Map.of("walkback.max-lagg", "P1D")))
                .isInstanceOf(ConfigProblem.class)
                .hasMessageStartingWith("walkback.max-lagg: unknown Walkback setting; known keys are ");
    }

    @Test
    @DisplayName("A bad Kafka Streams value is reported by Kafka's own validation, on one line")
    void badStreamsValue() {
        assertThatThrownBy(() -> WalkbackConfig.of(Map.of("processing.guarantee", "twice")))
                .isInstanceOf(ConfigProblem.class)
                .hasMessageContaining("processing.guarantee")
                .hasMessageContaining("twice")
                .hasMessageNotContaining("\n");
    }

    @Test
    @DisplayName("Partitions, ports and topic names are checked")
    void otherValues() {
        assertThatThrownBy(() -> WalkbackConfig.of(Map.of("walkback.topic.partitions", "0")))
                .hasMessage("walkback.topic.partitions: expected a whole number from 1 to 2147483647, got '0'");
        assertThatThrownBy(() -> WalkbackConfig.of(Map.of("walkback.http.port", "http")))
                .hasMessageStartingWith("walkback.http.port: expected a whole number from 1 to 65535");
        assertThatThrownBy(() -> WalkbackConfig.of(Map.of("walkback.topic.backtracks", "bad topic!")))
                .hasMessageStartingWith("walkback.topic.backtracks: expected a Kafka topic name");
        assertThatThrownBy(() -> WalkbackConfig.of(Map.of("walkback.inputs.keyed-by-block", "yes")))
                .hasMessage("walkback.inputs.keyed-by-block: expected true or false, got 'yes'");
        assertThat(WalkbackConfig.of(Map.of("walkback.inputs.keyed-by-block", "true", "walkback.match", "exact"))
                .topologySettings()
                .inputsKeyedByBlock()).isTrue();
        assertThatThrownBy(() -> WalkbackConfig.of(Map.of("walkback.topic-aliases", "no-such-file.properties")))
                .hasMessageStartingWith("walkback.topic-aliases: expected a readable alias file");
    }

    @Test
    @DisplayName("RocksDB memory is one bounded budget, handed to the config setter")
    void rocksDbMemory() {
        Properties streams = WalkbackConfig.of(Map.of("walkback.rocksdb.memory", "256MiB")).streamsProperties();
        assertThat(streams.getProperty("rocksdb.config.setter")).isEqualTo("io.walkback.app.config.BoundedRocksDbMemory");
        assertThat(streams.getProperty("walkback.rocksdb.memory.bytes")).isEqualTo(String.valueOf(256L << 20));
        assertThatThrownBy(() -> WalkbackConfig.of(Map.of("walkback.rocksdb.memory", "lots")))
                .hasMessage("walkback.rocksdb.memory: expected a size of at least 1MiB such as 64MiB or 1GiB, got 'lots'");
    }

    @Test
    @DisplayName("Security settings pass through to Kafka Streams and to Walkback's own clients")
    void securityPassesThrough() {
        WalkbackConfig config = WalkbackConfig.of(Map.of("security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512", "ssl.truststore.location", "/etc/walkback/truststore.p12"));
        assertThat(config.streamsProperties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(config.clientProperties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.truststore.location", "/etc/walkback/truststore.p12")
                .doesNotContainKey("processing.guarantee");
    }

    @Test
    @DisplayName("Topics keep historical data by default; a retention can be chosen")
    void retention() {
        assertThat(WalkbackConfig.defaults().topicRetentionMillis()).isEqualTo(-1L);
        assertThat(WalkbackConfig.of(Map.of("walkback.topic.retention", "P3650D")).topicRetentionMillis())
                .isEqualTo(Duration.ofDays(3650).toMillis());
    }
}

package io.walkback.app.config;

import io.walkback.contract.ClaimKeys;
import io.walkback.contract.InputKeys;
import io.walkback.contract.Topics;
import io.walkback.topology.EventTimeBounds;
import io.walkback.topology.MatchSettings;
import io.walkback.topology.TopologySettings;
import io.walkback.topology.WalkbackTopology;
import io.walkback.topology.matching.MatchMode;
import io.walkback.topology.matching.MatchRule;
import io.walkback.topology.matching.TextSimilarities;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Walkback's configuration, in layers: built-in defaults, then the properties file, then
 * {@code --set key=value} overrides. Keys under {@code walkback.} are Walkback's own and are checked here;
 * every other key is a Kafka Streams (or client) setting, checked by Kafka's own config classes.
 */
public final class WalkbackConfig {

    public static final Path DEFAULT_FILE = Path.of("config", "walkback.properties");

    public static final String ANNOUNCEMENTS_TOPIC = "walkback.topic.announcements";
    public static final String BACKTRACKS_TOPIC = "walkback.topic.backtracks";
    public static final String CONTESTED_CLAIMS_TOPIC = "walkback.topic.contested-claims";
    public static final String CLAIM_STATUS_TOPIC = "walkback.topic.claim-status";
    public static final String DEAD_LETTERS_TOPIC = "walkback.topic.dead-letters";
    public static final String TOPIC_PARTITIONS = "walkback.topic.partitions";
    public static final String TOPIC_REPLICATION_FACTOR = "walkback.topic.replication-factor";
    public static final String TOPIC_RETENTION = "walkback.topic.retention";
    public static final String MAX_LAG = "walkback.max-lag";
    public static final String GRACE = "walkback.grace";
    public static final String MAX_AHEAD_OF_NOW = "walkback.max-ahead-of-now";
    public static final String STATUS_RETENTION = "walkback.status.retention";
    public static final String TOPIC_ALIASES = "walkback.topic-aliases";
    public static final String HTTP_HOST = "walkback.http.host";
    public static final String HTTP_PORT = "walkback.http.port";
    public static final String HTTP_ADVERTISED_HOST = "walkback.http.advertised-host";
    public static final String ROCKSDB_MEMORY = "walkback.rocksdb.memory";
    public static final String MATCH = "walkback.match";
    public static final String MATCH_MIN_SCORE = "walkback.match.min-score";
    public static final String MATCH_SYNONYMS = "walkback.match.synonyms";
    public static final String INPUTS_KEYED_BY_BLOCK = "walkback.inputs.keyed-by-block";

    /** The matching mode when none is configured: the best measured on the development set (README, "Matching"). */
    public static final MatchMode DEFAULT_MATCH = MatchMode.SEMANTIC;

    /** Retention value meaning "keep forever", the default: a historical replay must not be deleted on arrival. */
    public static final String UNLIMITED = "unlimited";

    private static final Map<String, String> WALKBACK_DEFAULTS = defaultsOf(
            ANNOUNCEMENTS_TOPIC, Topics.defaults().announcements().name(),
            BACKTRACKS_TOPIC, Topics.defaults().backtracks().name(),
            CONTESTED_CLAIMS_TOPIC, Topics.defaults().contestedClaims().name(),
            CLAIM_STATUS_TOPIC, Topics.defaults().claimStatus().name(),
            DEAD_LETTERS_TOPIC, Topics.defaults().deadLetters().name(),
            TOPIC_PARTITIONS, "4",
            TOPIC_REPLICATION_FACTOR, "1",
            TOPIC_RETENTION, UNLIMITED,
            MAX_LAG, TopologySettings.DEFAULT_MAX_LAG.toString(),
            GRACE, TopologySettings.DEFAULT_GRACE.toString(),
            MAX_AHEAD_OF_NOW, TopologySettings.DEFAULT_MAX_AHEAD_OF_NOW.toString(),
            STATUS_RETENTION, UNLIMITED,
            TOPIC_ALIASES, "",
            HTTP_HOST, "127.0.0.1",
            HTTP_PORT, "8080",
            HTTP_ADVERTISED_HOST, "",
            ROCKSDB_MEMORY, "64MiB",
            MATCH, DEFAULT_MATCH.wireName(),
            MATCH_MIN_SCORE, "",
            MATCH_SYNONYMS, "",
            INPUTS_KEYED_BY_BLOCK, "false");

    /** Kafka Streams settings Walkback chooses unless the file or an override says otherwise. */
    private static final Map<String, String> STREAMS_DEFAULTS = defaultsOf(
            StreamsConfig.APPLICATION_ID_CONFIG, "walkback",
            StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092",
            StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2,
            StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "1000",
            // Both inputs advance together in event time however fast each is fetched: without this a
            // replay can race one topic ahead and lose joins (see README, "Replays").
            StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "10000",
            StreamsConfig.STATE_DIR_CONFIG, Path.of(System.getProperty("java.io.tmpdir"), "walkback-state").toString(),
            StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), "131072",
            StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), "20",
            StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");

    /** Far beyond any feed's history, far below what overflows milliseconds in a long. */
    private static final Duration LONGEST_DURATION = Duration.ofDays(36_500);
    private static final int MAX_STREAM_THREADS = 256;

    private final Map<String, String> values;
    private final Path baseDir;
    private MatchSettings matchSettings;

    private WalkbackConfig(Map<String, String> values, Path baseDir) {
        this.values = values;
        this.baseDir = baseDir;
        validate();
    }

    public static WalkbackConfig defaults() {
        return of(Map.of());
    }

    /** Built-in defaults with {@code overrides} on top; relative paths resolve against the working directory. */
    public static WalkbackConfig of(Map<String, String> overrides) {
        return new WalkbackConfig(layer(Map.of(), overrides), Path.of(""));
    }

    /** Built-in defaults, then {@code file}, then {@code overrides}; relative paths resolve against the file's directory. */
    public static WalkbackConfig load(Path file, Map<String, String> overrides) {
        return load(file, Map.of(), overrides);
    }

    /**
     * The four layers, later wins: built-in defaults, {@code file} (if not null), the {@code WALKBACK_*} variables of
     * {@code environment} ({@link EnvironmentSettings}), then {@code overrides} ({@code --set}). Relative paths resolve
     * against the file's directory, or the working directory without a file.
     */
    public static WalkbackConfig load(Path file, Map<String, String> environment, Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(WALKBACK_DEFAULTS);
        merged.putAll(STREAMS_DEFAULTS);
        if (file != null) {
            merged.putAll(readProperties(file, "config file"));
        }
        merged.putAll(EnvironmentSettings.from(environment));
        merged.putAll(overrides);
        return new WalkbackConfig(merged, file == null ? Path.of("") : file.toAbsolutePath().getParent());
    }

    private static Map<String, String> layer(Map<String, String> file, Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(WALKBACK_DEFAULTS);
        merged.putAll(STREAMS_DEFAULTS);
        merged.putAll(file);
        merged.putAll(overrides);
        return merged;
    }

    /** Every {@code walkback.*} key there is. */
    public static Set<String> walkbackKeys() {
        return WALKBACK_DEFAULTS.keySet();
    }

    private void validate() {
        for (String key : values.keySet()) {
            if (key.startsWith("walkback.") && !WALKBACK_DEFAULTS.containsKey(key)) {
                throw new ConfigProblem(key + ": unknown Walkback setting; known keys are "
                        + String.join(", ", new TreeMap<>(WALKBACK_DEFAULTS).keySet()));
            }
        }
        for (String key : Set.of(ANNOUNCEMENTS_TOPIC, BACKTRACKS_TOPIC, CONTESTED_CLAIMS_TOPIC, CLAIM_STATUS_TOPIC,
                DEAD_LETTERS_TOPIC)) {
            String name = values.get(key);
            if (!name.matches("[a-zA-Z0-9._-]{1,249}")) {
                throw ConfigProblem.of(key, "a Kafka topic name (letters, digits, '.', '_', '-')", name);
            }
        }
        positiveInt(TOPIC_PARTITIONS, Integer.MAX_VALUE);
        positiveInt(TOPIC_REPLICATION_FACTOR, Short.MAX_VALUE);
        Duration maxLag = duration(MAX_LAG);
        Duration grace = duration(GRACE);
        duration(MAX_AHEAD_OF_NOW);
        if (maxLag.isZero()) {
            throw ConfigProblem.of(MAX_LAG, "a positive ISO-8601 duration such as P30D", values.get(MAX_LAG));
        }
        statusRetention();
        long retention = topicRetentionMillis();
        // Input records must outlive the windows they can join, or a restart or re-read would find them gone.
        if (retention != -1 && retention < maxLag.plus(grace).toMillis()) {
            throw ConfigProblem.of(TOPIC_RETENTION, "'" + UNLIMITED + "' or a duration of at least " + MAX_LAG + " + "
                    + GRACE + " (" + maxLag.plus(grace) + ")", values.get(TOPIC_RETENTION));
        }
        if (values.containsKey(StreamsConfig.NUM_STREAM_THREADS_CONFIG)) {
            positiveInt(StreamsConfig.NUM_STREAM_THREADS_CONFIG, MAX_STREAM_THREADS);
        }
        KafkaKeys.warnAboutUnknown(values.keySet());
        httpPort();
        rocksDbMemoryBytes();
        topicAliases();
        matchMode();
        minScore();
        synonymsFile();
        inputsKeyedByBlock();
        try {
            new StreamsConfig(streamsProperties());
        } catch (ConfigException e) {
            throw new ConfigProblem(e.getMessage());
        }
    }

    /** This configuration with {@code overrides} on top, checked again. */
    public WalkbackConfig with(Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(values);
        merged.putAll(overrides);
        return new WalkbackConfig(merged, baseDir);
    }

    public String get(String key) {
        return values.get(key);
    }

    public Topics topics() {
        return Topics.named(values.get(ANNOUNCEMENTS_TOPIC), values.get(BACKTRACKS_TOPIC),
                values.get(CONTESTED_CLAIMS_TOPIC), values.get(CLAIM_STATUS_TOPIC), values.get(DEAD_LETTERS_TOPIC));
    }

    /** The topology's settings; the first call in similarity matching loads the scorer (and the model, once per JVM). */
    public TopologySettings topologySettings() {
        return new TopologySettings(topics(), duration(MAX_LAG), duration(GRACE), topicAliases(),
                new EventTimeBounds(duration(MAX_AHEAD_OF_NOW), Clock.systemUTC()), matchSettings(),
                inputsKeyedByBlock(), statusRetention());
    }

    /** How long a final status stays queryable after its window closed, in stream time; null: forever. */
    public Duration statusRetention() {
        return values.get(STATUS_RETENTION).trim().equalsIgnoreCase(UNLIMITED) ? null : duration(STATUS_RETENTION);
    }

    /** Whether producers key inputs by matching block, so the processor reads them without a repartition topic. */
    public boolean inputsKeyedByBlock() {
        String value = values.get(INPUTS_KEYED_BY_BLOCK).trim();
        if (!value.equals("true") && !value.equals("false")) {
            throw ConfigProblem.of(INPUTS_KEYED_BY_BLOCK, "true or false", value);
        }
        return Boolean.parseBoolean(value);
    }

    /** How far ahead of the clock an event time may be before it is refused ({@code walkback.max-ahead-of-now}). */
    public Duration maxAheadOfNow() {
        return duration(MAX_AHEAD_OF_NOW);
    }

    /** The keying rule producers follow for this match mode and these topic aliases ({@code replay} does). */
    public InputKeys inputKeys() {
        return new InputKeys(new ClaimKeys(topicAliases()), matchMode() != MatchMode.EXACT);
    }

    public MatchMode matchMode() {
        try {
            return MatchMode.parse(values.get(MATCH));
        } catch (IllegalArgumentException e) {
            throw ConfigProblem.of(MATCH, "one of exact, lexical, semantic", values.get(MATCH));
        }
    }

    private synchronized MatchSettings matchSettings() {
        if (matchSettings == null) {
            MatchMode mode = matchMode();
            try {
                matchSettings = new MatchSettings(mode, minScore(),
                        TextSimilarities.forMode(mode, synonymsFile()).orElse(null));
            } catch (RuntimeException | LinkageError e) {
                String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString());
                throw new ConfigProblem(MATCH + "=" + mode.wireName() + ": the text scorer could not load (" + reason
                        + "); " + (mode == MatchMode.SEMANTIC ? "try " + MATCH + "=lexical, or exact"
                        : "check " + MATCH_SYNONYMS + ", or try " + MATCH + "=exact"));
            }
        }
        return matchSettings;
    }

    /** The configured minimum similarity score, or the mode's default when none is set. */
    public double minScore() {
        String value = values.get(MATCH_MIN_SCORE).trim();
        if (value.isEmpty()) {
            return MatchRule.defaultMinScore(matchMode());
        }
        try {
            double score = Double.parseDouble(value);
            if (score >= 0 && score <= 1) {
                return score;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ConfigProblem.of(MATCH_MIN_SCORE, "a number from 0 to 1 such as 0.4, or empty for the mode's default",
                value);
    }

    /** The synonym file of lexical scoring, or null for the one bundled with Walkback. */
    private Path synonymsFile() {
        String file = values.get(MATCH_SYNONYMS).trim();
        if (file.isEmpty()) {
            return null;
        }
        Path path = baseDir.resolve(file);
        if (!Files.isReadable(path)) {
            throw ConfigProblem.of(MATCH_SYNONYMS, "a readable synonym file (Solr format, one rule per line)",
                    path.toString());
        }
        return path;
    }

    public int partitions() {
        return positiveInt(TOPIC_PARTITIONS, Integer.MAX_VALUE);
    }

    public short replicationFactor() {
        return (short) positiveInt(TOPIC_REPLICATION_FACTOR, Short.MAX_VALUE);
    }

    /** {@code retention.ms} for the topics Walkback creates: -1 (keep forever) unless configured. */
    public long topicRetentionMillis() {
        String value = values.get(TOPIC_RETENTION).trim();
        if (value.equalsIgnoreCase(UNLIMITED)) {
            return -1L;
        }
        return duration(TOPIC_RETENTION).toMillis();
    }

    public String httpHost() {
        return values.get(HTTP_HOST);
    }

    /** How other instances reach this one's HTTP server (for claims held elsewhere); defaults to the bind host. */
    public String httpAdvertisedHost() {
        String advertised = values.get(HTTP_ADVERTISED_HOST).trim();
        return advertised.isEmpty() ? httpHost() : advertised;
    }

    /** 0 means any free port (tests, several demos on one machine). */
    public int httpPort() {
        String value = values.get(HTTP_PORT).trim();
        return value.equals("0") ? 0 : positiveInt(HTTP_PORT, 65535);
    }

    /** The Kafka Streams properties: every non-{@code walkback.} key, plus what the topology relies on. */
    public Properties streamsProperties() {
        Properties props = new Properties();
        values.forEach((key, value) -> {
            if (!key.startsWith("walkback.")) {
                props.put(key, value);
            }
        });
        props.putAll(WalkbackTopology.requiredStreamsConfig(topics()));
        props.putIfAbsent(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class.getName());
        props.put(BoundedRocksDbMemory.MEMORY_CONFIG, String.valueOf(rocksDbMemoryBytes()));
        return props;
    }

    /** The RocksDB budget of this instance, e.g. {@code 64MiB}, {@code 1GiB} or plain bytes. */
    public long rocksDbMemoryBytes() {
        String value = values.get(ROCKSDB_MEMORY).trim();
        var match = java.util.regex.Pattern.compile("(\\d+)\\s*(KiB|MiB|GiB)?").matcher(value);
        if (match.matches()) {
            long number = Long.parseLong(match.group(1));
            long unit = match.group(2) == null ? 1 : switch (match.group(2)) {
                case "KiB" -> 1024L;
                case "MiB" -> 1024L * 1024;
                default -> 1024L * 1024 * 1024;
            };
            if (number > 0 && number <= Long.MAX_VALUE / unit && number * unit >= 1024 * 1024) {
                return number * unit;
            }
        }
        throw ConfigProblem.of(ROCKSDB_MEMORY, "a size of at least 1MiB such as 64MiB or 1GiB", value);
    }

    /** Settings for plain clients (admin, replay producer, readers): the connection and security keys. */
    public Properties clientProperties() {
        Properties props = new Properties();
        values.forEach((key, value) -> {
            if (!key.startsWith("walkback.") && isClientConnectionKey(key)) {
                props.put(key, value);
            }
        });
        return props;
    }

    private static boolean isClientConnectionKey(String key) {
        return key.equals(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)
                || key.startsWith("security.") || key.startsWith("ssl.") || key.startsWith("sasl.")
                || key.equals("client.dns.lookup") || key.startsWith("config.provider");
    }

    /** The topic aliases of {@code walkback.topic-aliases}: alias to canonical topic segment. */
    public Map<String, String> topicAliases() {
        String file = values.get(TOPIC_ALIASES).trim();
        if (file.isEmpty()) {
            return Map.of();
        }
        Path path = baseDir.resolve(file);
        if (!Files.isReadable(path)) {
            throw ConfigProblem.of(TOPIC_ALIASES, "a readable alias file (alias = topic per line)", path.toString());
        }
        return readProperties(path, TOPIC_ALIASES);
    }

    private Duration duration(String key) {
        String value = values.get(key).trim();
        try {
            Duration duration = Duration.parse(value);
            if (duration.isNegative() || duration.compareTo(LONGEST_DURATION) > 0) {
                throw ConfigProblem.of(key, "an ISO-8601 duration from PT0S to " + LONGEST_DURATION
                        + " (100 years), such as P30D or PT12H", value);
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw ConfigProblem.of(key, "an ISO-8601 duration such as P30D or PT12H", value);
        }
    }

    private int positiveInt(String key, int max) {
        String value = values.get(key).trim();
        try {
            int number = Integer.parseInt(value);
            if (number >= 1 && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ConfigProblem.of(key, "a whole number from 1 to " + max, value);
    }

    private static Map<String, String> readProperties(Path file, String what) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException e) {
            throw new ConfigProblem(what + ": cannot read " + file + " (" + e.getMessage() + ")");
        }
        Map<String, String> map = new LinkedHashMap<>();
        props.stringPropertyNames().forEach(name -> map.put(name, props.getProperty(name).trim()));
        return map;
    }

    private static Map<String, String> defaultsOf(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}

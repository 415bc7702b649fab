package io.walkback.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.walkback.app.TopicSetup;
import io.walkback.app.broker.EmbeddedKafkaBroker;
import io.walkback.app.broker.TempDirectory;
import io.walkback.app.config.ConfigProblem;
import io.walkback.app.config.WalkbackConfig;
import io.walkback.contract.ClaimKeys;
import io.walkback.contract.InputKeys;
import io.walkback.contract.Json;
import io.walkback.replay.Feed;
import io.walkback.replay.Progress;
import io.walkback.replay.ReplaySummary;
import io.walkback.replay.Replayer;
import io.walkback.topology.TopologySettings;
import io.walkback.topology.matching.MatchMode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code walkback bench}: Walkback's join against a pass-through baseline on the same synthetic feed, in one
 * run. Phase 1 drives both topologies without a broker; phase 2 runs both applications on an embedded
 * broker until caught up, then measures end-to-end latency at a fixed rate; phase 3 runs Walkback with
 * several max lags on the same feed and reports peak RSS and state on disk. Prints a table and writes
 * the figures as JSON.
 */
@Command(name = "walkback-bench", mixinStandardHelpOptions = true,
        description = "Benchmarks Walkback's join against a pass-through Kafka Streams app on the same synthetic feed: "
                + "topology only (no broker), end to end on an embedded broker (throughput until caught up, latency at "
                + "a fixed rate) and memory for several max lags. Prints a table and writes the figures as JSON.")
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--records", paramLabel = "N", defaultValue = "200000",
            description = "Records in the synthetic feed, announcements plus backtracks (default: ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--match-share", paramLabel = "SHARE", defaultValue = "0.6",
            description = "Share of announcements followed by a matching backtrack (default: ${DEFAULT-VALUE}).")
    double matchShare;

    @Option(names = "--span", paramLabel = "DURATION", defaultValue = "P730D",
            description = "Event times of the feed are spread over this span, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration span;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of the synthetic feed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "target/bench.json",
            description = "Where to write the figures as JSON (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--skip-topology", description = "Skip phase 1 (topologies without a broker).")
    boolean skipTopology;

    @Option(names = "--skip-e2e", description = "Skip phase 2 (throughput and latency on the embedded broker).")
    boolean skipE2e;

    @Option(names = "--skip-memory", description = "Skip phase 3 (peak RSS and state on disk per max lag).")
    boolean skipMemory;

    @Option(names = "--skip-latency", description = "Skip the latency runs of phase 2.")
    boolean skipLatency;

    @Option(names = "--latency-rate", paramLabel = "N", defaultValue = "2000",
            description = "Input records/s for the latency runs (default: ${DEFAULT-VALUE}).")
    int latencyRate;

    @Option(names = "--latency-duration", paramLabel = "DURATION", defaultValue = "PT20S",
            description = "How long latency is measured at that rate (default: ${DEFAULT-VALUE}).")
    Duration latencyDuration;

    @Option(names = "--latency-warmup", paramLabel = "DURATION", defaultValue = "PT5S",
            description = "Input sent at that rate before measuring (default: ${DEFAULT-VALUE}).")
    Duration latencyWarmup;

    @Option(names = "--soak", paramLabel = "DURATION",
            description = "Instead of the three phases: Walkback live at --latency-rate for DURATION (e.g. PT3M), its "
                    + "resident memory, threads and open files sampled every 10 s, to show they stay flat.")
    Duration soak;

    @Option(names = "--max-lags", paramLabel = "DURATION", split = ",", defaultValue = "P7D,P30D,P365D",
            description = "walkback.max-lag values for phase 3 (default: ${DEFAULT-VALUE}).")
    List<Duration> maxLags;

    @Option(names = "--memory-records", paramLabel = "N", defaultValue = "200000",
            description = "Records of phase 3's own feed (same share and span), or all of --records if that is fewer: "
                    + "one catch-up per max lag is the longest part of a run (default: ${DEFAULT-VALUE}).")
    int memoryRecords;

    @Option(names = "--child-heap", paramLabel = "SIZE", defaultValue = "1g",
            description = "-Xmx of the JVM each application runs in (default: ${DEFAULT-VALUE}).")
    String childHeap;

    @Option(names = "--child-java-option", paramLabel = "OPTION",
            description = "Extra option for every child JVM, e.g. -XX:StartFlightRecording. Repeatable.")
    List<String> childJavaOptions = new ArrayList<>();

    @Option(names = "--in-process",
            description = "Run every step in this JVM instead of one child JVM per step (no per-step peak RSS; phase 3 is skipped).")
    boolean inProcess;

    @Option(names = "--match", paramLabel = "MODE", split = ",", defaultValue = "exact,lexical",
            description = "walkback.match modes to measure, comma-separated (exact, lexical, semantic). The first runs "
                    + "every phase; each further one adds a topology-only and an end-to-end catch-up run, compared with "
                    + "the first. semantic embeds every record (about 4 ms each on one core): give it fewer --records "
                    + "(default: ${DEFAULT-VALUE}).")
    List<String> matchNames;

    private List<MatchMode> matchModes;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Setting for both applications on top of Walkback's built-in defaults, e.g. --set commit.interval.ms=5000. Repeatable.")
    Map<String, String> settings = new LinkedHashMap<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private PrintWriter log;
    /** The keys --set gave. */
    private Set<String> given = Set.of();

    /** {@code java -jar target/walkback-bench.jar [options]}. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command with Walkback's error handling: a bad option or setting is one line and exit 2, no stack trace. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new BenchCommand());
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            e.getCommandLine().getErr().println("walkback-bench: " + e.getMessage() + " (see 'walkback-bench --help')");
            return 2;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigProblem) {
                cmd.getErr().println("walkback-bench: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return commandLine;
    }

    @Override
    public Integer call() throws Exception {
        validate();
        given = Set.copyOf(settings.keySet());
        settings.put(WalkbackConfig.MATCH, matchModes.get(0).wireName());
        // Both applications on both cores.
        settings.putIfAbsent(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "2");
        settings.putAll(keying(matchModes.get(0)));
        // The inputs are complete before an application starts, so 0 already waits for every record the broker holds
        // (KIP-695); Walkback's 10 s default only waits for producers, and would add itself to the end of each run.
        settings.putIfAbsent(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "0");
        // Fail now rather than after ten minutes of measuring.
        Files.createDirectories(out.toAbsolutePath().getParent());
        if (Files.isDirectory(out)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out: " + out + " is a directory");
        }
        long begun = System.nanoTime();
        log = spec.commandLine().getErr();
        WalkbackConfig base = WalkbackConfig.of(settings);
        Path logDir = out.toAbsolutePath().getParent().resolve("bench-logs");
        Launcher launcher = launcher(logDir);
        List<String> childOptions = childOptions(childHeap);

        ObjectNode report = JsonNodeFactory.instance.objectNode();
        report.put("benchmark", "walkback bench");
        report.put("startedAt", Instant.now().toString());
        report.set("machine", Machine.describe(launcher.ownJvms() ? childOptions : List.of(),
                launcher.ownJvms() ? childOptions(TOPOLOGY_HEAP) : List.of()));
        report.put("stepsInOwnJvm", launcher.ownJvms());
        report.set("settings", settingsOf(base));

        if (soak != null) {
            report.set("soak", soakRun(launcher));
            return finish(report, begun, BenchTable::printSoak);
        }

        FeedSpec feedSpec = feedSpec(records);
        progress("Generating the feed (%,d records over %s)", records, FeedSpec.iso(span));
        Feed feed = feedSpec.generate();
        List<FeedSpec.Prepared> prepared = FeedSpec.prepare(feed);
        ObjectNode feedJson = feedSpec.toJson();
        feedJson.put("announcements", feed.announcements());
        feedJson.put("backtracks", feed.backtracks());
        long valueBytes = prepared.stream().mapToLong(p -> p.value().length).sum();
        feedJson.put("valueBytes", valueBytes);
        feedJson.put("meanValueBytes", (double) valueBytes / prepared.size());
        report.set("feed", feedJson);

        if (!skipTopology) {
            report.set("topology", topologyPhase(launcher, feedSpec, prepared));
        }
        prepared = null; // only the in-process topology runs need the records serialized in this JVM
        boolean memory = !skipMemory && launcher.ownJvms();
        if (!skipE2e || memory) {
            Path stateRoot = Files.createTempDirectory("walkback-bench-state-");
            progress("Starting the embedded broker");
            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startNew()) {
                Broker on = new Broker(broker.bootstrapServers(), stateRoot);
                ObjectNode produced = produce(on, feed, INPUTS, bySimilarity(matchModes.get(0)));
                if (matchModes.stream().anyMatch(mode -> !inputsFor(mode).equals(INPUTS))) {
                    produce(on, feed, OTHER_KEYING_INPUTS, !bySimilarity(matchModes.get(0)));
                }
                feed = null;
                ObjectNode e2e = JsonNodeFactory.instance.objectNode();
                e2e.set("produce", produced);
                if (!skipE2e) {
                    endToEndPhase(launcher, on, e2e, report.path("topology").path("walkback").path("contestedClaims"));
                    report.set("endToEnd", e2e);
                }
                if (memory) {
                    report.set("memory", memoryRecords < records
                            ? memoryPhase(launcher, on, ownMemoryFeed(on), memoryRecords, MissingNode.getInstance())
                            : memoryPhase(launcher, on, INPUTS, records, e2e.path("walkback")));
                }
                if (skipE2e) {
                    report.set("endToEnd", e2e);
                }
            } finally {
                TempDirectory.delete(stateRoot);
            }
        }
        if (!skipMemory && !launcher.ownJvms()) {
            ObjectNode skipped = JsonNodeFactory.instance.objectNode();
            skipped.put("skipped", "needs one JVM per step: run from the jar without --in-process");
            report.set("memory", skipped);
        }
        report.set("ratiosByMode", ratiosByMode(report));
        return finish(report, begun, BenchTable::print);
    }

    /** Writes {@code report} to {@link #out} and prints it as {@code table} does; the exit code. */
    private int finish(ObjectNode report, long begun, java.util.function.BiConsumer<ObjectNode, PrintWriter> table)
            throws java.io.IOException {
        report.put("benchSeconds", (System.nanoTime() - begun) / 1e9);
        Json.mapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), report);
        PrintWriter stdout = spec.commandLine().getOut();
        table.accept(report, stdout);
        stdout.printf("Figures written to %s%n", out);
        stdout.flush();
        return 0;
    }

    private void validate() {
        if (records < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--records: expected 1 or more, got " + records);
        }
        if (memoryRecords < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--memory-records: expected 1 or more, got " + memoryRecords);
        }
        if (!(matchShare >= 0 && matchShare <= 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--match-share: expected 0 to 1, got " + matchShare);
        }
        if (span.isNegative() || span.isZero()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--span: expected a positive duration, got " + span);
        }
        if (latencyRate < 1 || latencyDuration.isNegative() || latencyDuration.isZero() || latencyWarmup.isNegative()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--latency-rate/--latency-duration/--latency-warmup: expected a positive rate and duration");
        }
        try {
            matchModes = matchNames.stream().map(MatchMode::parse).toList();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--match: " + e.getMessage());
        }
        if (matchModes.isEmpty() || matchModes.stream().distinct().count() != matchModes.size()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--match: expected distinct modes among exact, lexical, semantic, got " + matchModes);
        }
        for (String key : List.of("bootstrap.servers", "application.id", "state.dir", WalkbackConfig.MATCH)) {
            if (settings.containsKey(key)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--set " + key + ": chosen by the benchmark"
                        + (key.equals(WalkbackConfig.MATCH) ? " (use --match)" : ""));
            }
        }
    }

    private Launcher launcher(Path logDir) {
        Path jar = ownJar();
        if (inProcess || jar == null) {
            return new Launcher.InProcess();
        }
        return new Launcher.Forked(jar.toString(), childOptions(childHeap),
                childOptions(TOPOLOGY_HEAP), logDir);
    }

    /** Phase 1 holds the whole feed, generated and serialized, in its heap (about 1.2 GB for a million records). */
    static final String TOPOLOGY_HEAP = "3g";

    private List<String> childOptions(String heap) {
        List<String> options = new ArrayList<>();
        options.add("-Xmx" + heap);
        options.addAll(childJavaOptions);
        return options;
    }

    /** The application jar this class was loaded from, or null when running from class directories (tests, IDE). */
    static Path ownJar() {
        try {
            Path location = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(location) && location.toString().endsWith(".jar") ? location : null;
        } catch (Exception e) {
            return null;
        }
    }

    private ObjectNode settingsOf(WalkbackConfig base) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        for (String key : List.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.producerPrefix("batch.size"),
                WalkbackConfig.INPUTS_KEYED_BY_BLOCK,
                StreamsConfig.producerPrefix("linger.ms"), WalkbackConfig.TOPIC_PARTITIONS, WalkbackConfig.MAX_LAG,
                WalkbackConfig.GRACE, WalkbackConfig.MATCH)) {
            json.put(key, base.get(key));
        }
        Properties props = base.streamsProperties();
        json.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG,
                props.getProperty(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1"));
        ObjectNode overridden = json.putObject("overridden");
        settings.forEach((key, value) -> {
            if (given.contains(key)) { // what --set gave; the bench's own choices are shown above
                overridden.put(key, value);
            }
        });
        return json;
    }

    /**
     * Every ratio, named by its matching mode: each mode against the pass-through (topology only, end to end) and
     * against the first mode.
     */
    private ObjectNode ratiosByMode(ObjectNode report) {
        ObjectNode ratios = JsonNodeFactory.instance.objectNode();
        JsonNode topology = report.path("topology");
        JsonNode e2e = report.path("endToEnd");
        for (int i = 0; i < matchModes.size(); i++) {
            MatchMode mode = matchModes.get(i);
            ObjectNode byMode = ratios.putObject(mode.wireName());
            if (i == 0) {
                copyNumber(topology.path("ratio"), byMode, "topologyOnlyToPassThrough");
                copyNumber(e2e.path("ratioCatchUp"), byMode, "endToEndCatchUpToPassThrough");
            } else {
                JsonNode topologyRun = topology.path("byMatch").path(mode.wireName());
                JsonNode e2eRun = e2e.path("byMatch").path(mode.wireName());
                copyNumber(topologyRun.path("ratioToPassThrough"), byMode, "topologyOnlyToPassThrough");
                copyNumber(e2eRun.path("ratioToPassThrough"), byMode, "endToEndCatchUpToPassThrough");
                copyNumber(topologyRun.path("ratioToFirstMode"), byMode, "topologyOnlyTo" + capitalized(matchModes.get(0)));
                copyNumber(e2eRun.path("ratioToFirstMode"), byMode, "endToEndCatchUpTo" + capitalized(matchModes.get(0)));
            }
        }
        return ratios;
    }

    private static void copyNumber(JsonNode value, ObjectNode into, String name) {
        if (value.isNumber()) {
            into.put(name, value.asDouble());
        }
    }

    private static String capitalized(MatchMode mode) {
        String name = mode.wireName();
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    // Phase 1

    private ObjectNode topologyPhase(Launcher launcher, FeedSpec feedSpec, List<FeedSpec.Prepared> prepared) throws Exception {
        ObjectNode phase = JsonNodeFactory.instance.objectNode();
        phase.put("driver", "TopologyTestDriver (public API; commits after every record), in-memory stores, "
                + "at_least_once, no broker");
        for (Variant variant : List.of(Variant.PASS_THROUGH, Variant.WALKBACK)) {
            progress("Phase 1: %s topology over %,d records, no broker", variant.label, records);
            ObjectNode result = launcher.topology(variant, feedSpec, prepared, settings);
            phase.set(key(variant), result);
        }
        phase.put("ratio", phase.get("walkback").get("recordsPerSecond").asDouble()
                / phase.get("passThrough").get("recordsPerSecond").asDouble());
        ObjectNode byMatch = phase.putObject("byMatch");
        for (MatchMode mode : matchModes.subList(1, matchModes.size())) {
            progress("Phase 1: walkback topology with walkback.match=%s over %,d records, no broker", mode.wireName(), records);
            Map<String, String> withMode = new LinkedHashMap<>(settings);
            withMode.put(WalkbackConfig.MATCH, mode.wireName());
            withMode.putAll(keying(mode));
            ObjectNode result = launcher.topology(Variant.WALKBACK, feedSpec, prepared, withMode);
            result.put("ratioToFirstMode", result.get("recordsPerSecond").asDouble()
                    / phase.get("walkback").get("recordsPerSecond").asDouble());
            result.put("ratioToPassThrough", result.get("recordsPerSecond").asDouble()
                    / phase.get("passThrough").get("recordsPerSecond").asDouble());
            byMatch.set(mode.wireName(), result);
        }
        return phase;
    }

    // Phase 2

    /** The embedded broker and where state directories go. */
    private record Broker(String bootstrap, Path stateRoot) {
    }

    private static final String INPUTS = "bench.input";
    private static final String MEMORY_INPUTS = "bench.memory-input";
    /** The feed again, keyed for the other kind of matching than the first mode's (see {@link Replayer}). */
    private static final String OTHER_KEYING_INPUTS = "bench.input-rekeyed";

    private static boolean bySimilarity(MatchMode mode) {
        return mode != MatchMode.EXACT;
    }

    /** The input topics keyed as {@code walkback replay} keys them for {@code mode}. */
    private String inputsFor(MatchMode mode) {
        return bySimilarity(mode) == bySimilarity(matchModes.get(0)) ? INPUTS : OTHER_KEYING_INPUTS;
    }

    /**
     * How Walkback reads the inputs in {@code mode}, unless --set says: in exact matching without a repartition (the
     * inputs are keyed by claim key, as replay keys them); in similarity matching through it, which spreads the party
     * blocks over every partition (keyed by block, one task would do all the matching).
     */
    private Map<String, String> keying(MatchMode mode) {
        return given.contains(WalkbackConfig.INPUTS_KEYED_BY_BLOCK) ? Map.of()
                : Map.of(WalkbackConfig.INPUTS_KEYED_BY_BLOCK, String.valueOf(mode == MatchMode.EXACT));
    }

    private Map<String, String> withMatch(MatchMode mode) {
        Map<String, String> extra = new LinkedHashMap<>(keying(mode));
        extra.put(WalkbackConfig.MATCH, mode.wireName());
        return extra;
    }

    /** Walkback live at a steady rate for {@link #soak}, its process sampled every 10 s. */
    private ObjectNode soakRun(Launcher launcher) throws Exception {
        Path stateRoot = Files.createTempDirectory("walkback-bench-state-");
        progress("Starting the embedded broker");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startNew()) {
            Broker on = new Broker(broker.bootstrapServers(), stateRoot);
            String run = "soak-" + Variant.WALKBACK.label;
            Map<String, String> config = runConfig(on, run, "bench." + run, Map.of());
            progress("Soak: walkback at %,d records/s for %s after %s warm-up, sampled every 10 s", latencyRate,
                    FeedSpec.iso(soak), FeedSpec.iso(latencyWarmup));
            return LatencyRun.run(launcher, Variant.WALKBACK, config, matchShare, latencyRate, latencyWarmup, soak, seed,
                    Duration.ofSeconds(10));
        } finally {
            TempDirectory.delete(stateRoot);
        }
    }

    private Map<String, String> runConfig(Broker broker, String run, String inputs, Map<String, String> extra) {
        Map<String, String> config = new LinkedHashMap<>(settings);
        config.put("bootstrap.servers", broker.bootstrap());
        config.put("application.id", "bench-" + run);
        config.put("state.dir", broker.stateRoot().resolve(run).toString());
        config.put(WalkbackConfig.ANNOUNCEMENTS_TOPIC, inputs + ".announcements");
        config.put(WalkbackConfig.BACKTRACKS_TOPIC, inputs + ".backtracks");
        config.put(WalkbackConfig.CONTESTED_CLAIMS_TOPIC, "bench." + run + ".out");
        config.put(WalkbackConfig.CLAIM_STATUS_TOPIC, "bench." + run + ".claim-status");
        config.put(WalkbackConfig.DEAD_LETTERS_TOPIC, "bench." + run + ".dead-letters");
        config.putAll(extra);
        TopicSetup.ensureTopics(WalkbackConfig.of(config));
        return config;
    }

    private FeedSpec feedSpec(int feedRecords) {
        return new FeedSpec(feedRecords, matchShare, FeedSpec.DEFAULT_START, span, TopologySettings.DEFAULT_MAX_LAG, seed);
    }

    /** Phase 3's smaller feed, same shape as the main one, in topics of its own; returns their prefix. */
    private String ownMemoryFeed(Broker broker) {
        progress("Generating phase 3's feed (%,d records over %s)", memoryRecords, FeedSpec.iso(span));
        produce(broker, feedSpec(memoryRecords).generate(), MEMORY_INPUTS, bySimilarity(matchModes.get(0)));
        return MEMORY_INPUTS;
    }

    /** Replays {@code feed} into the topics {@code inputs}.announcements and {@code inputs}.backtracks. */
    private ObjectNode produce(Broker broker, Feed feed, String inputs, boolean bySimilarity) {
        String run = "produce-" + inputs.substring(inputs.indexOf('.') + 1);
        WalkbackConfig config = WalkbackConfig.of(runConfig(broker, run, inputs, Map.of()));
        progress("Producing the feed into %s.*", inputs);
        ReplaySummary summary;
        try (Producer<String, byte[]> producer = Replayer.producer(config.clientProperties())) {
            summary = new Replayer(producer, config.topics(), new InputKeys(ClaimKeys.withoutAliases(), bySimilarity),
                    config.maxAheadOfNow(), java.time.Clock.systemUTC())
                    .replay(feed, 0, Progress.silent());
        }
        if (!summary.allAccepted()) {
            throw new IllegalStateException("the broker refused part of the feed: " + summary.line());
        }
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("records", summary.sent());
        double seconds = summary.elapsed().toNanos() / 1e9;
        json.put("seconds", seconds);
        json.put("recordsPerSecond", summary.sent() / seconds);
        json.put("producer", "walkback replay's producer: acks=all, idempotent, linger.ms 20, batch.size 131072");
        return json;
    }

    private void endToEndPhase(Launcher launcher, Broker broker, ObjectNode phase, com.fasterxml.jackson.databind.JsonNode
            expectedClaims) throws Exception {
        for (Variant variant : List.of(Variant.PASS_THROUGH, Variant.WALKBACK)) {
            String run = "e2e-" + variant.label;
            Map<String, String> config = runConfig(broker, run, INPUTS, Map.of());
            progress("Phase 2: %s application until caught up on %,d records", variant.label, records);
            ObjectNode result = launcher.catchUp(variant, config, records);
            if (variant == Variant.WALKBACK) {
                long claims = countRecords(broker, config.get(WalkbackConfig.CONTESTED_CLAIMS_TOPIC));
                result.put("contestedClaims", claims);
                if (expectedClaims.isNumber()) {
                    result.put("contestedClaimsAsInPhase1", claims == expectedClaims.asLong());
                }
            }
            phase.set(key(variant), result);
            deleteTopicsOf(broker, run);
        }
        ObjectNode walkback = (ObjectNode) phase.get("walkback");
        ObjectNode passThrough = (ObjectNode) phase.get("passThrough");
        phase.put("ratioCatchUp", walkback.get("catchUpRecordsPerSecond").asDouble()
                / passThrough.get("catchUpRecordsPerSecond").asDouble());
        ObjectNode byMatch = phase.putObject("byMatch");
        for (MatchMode mode : matchModes.subList(1, matchModes.size())) {
            String run = "e2e-walkback-" + mode.wireName();
            Map<String, String> config = runConfig(broker, run, inputsFor(mode),
                    withMatch(mode));
            progress("Phase 2: walkback with walkback.match=%s until caught up on %,d records", mode.wireName(), records);
            ObjectNode result = launcher.catchUp(Variant.WALKBACK, config, records);
            result.put("contestedClaims", countRecords(broker, config.get(WalkbackConfig.CONTESTED_CLAIMS_TOPIC)));
            result.put("ratioToFirstMode", result.get("catchUpRecordsPerSecond").asDouble()
                    / walkback.get("catchUpRecordsPerSecond").asDouble());
            result.put("ratioToPassThrough", result.get("catchUpRecordsPerSecond").asDouble()
                    / passThrough.get("catchUpRecordsPerSecond").asDouble());
            byMatch.set(mode.wireName(), result);
            deleteTopicsOf(broker, run);
        }
        if (walkback.get("steadyRecordsPerSecond").isNumber() && passThrough.get("steadyRecordsPerSecond").isNumber()) {
            phase.put("ratioSteady", walkback.get("steadyRecordsPerSecond").asDouble()
                    / passThrough.get("steadyRecordsPerSecond").asDouble());
        } else {
            phase.putNull("ratioSteady");
        }

        if (skipLatency) {
            return;
        }
        ObjectNode latency = phase.putObject("latency");
        for (Variant variant : List.of(Variant.PASS_THROUGH, Variant.WALKBACK)) {
            String run = "latency-" + variant.label;
            Map<String, String> config = runConfig(broker, run, "bench." + run, Map.of());
            progress("Phase 2: %s latency at %,d records/s for %s after %s warm-up", variant.label, latencyRate,
                    FeedSpec.iso(latencyDuration), FeedSpec.iso(latencyWarmup));
            latency.set(key(variant), LatencyRun.run(launcher, variant, config, matchShare, latencyRate, latencyWarmup,
                    latencyDuration, seed));
            deleteTopicsOf(broker, run);
        }
    }

    // Phase 3

    /** @param e2eWalkback phase 2's Walkback run on the same inputs, reused for its max lag; missing if none */
    private ObjectNode memoryPhase(Launcher launcher, Broker broker, String inputs, int feedRecords,
                                   com.fasterxml.jackson.databind.JsonNode e2eWalkback) throws Exception {
        ObjectNode phase = JsonNodeFactory.instance.objectNode();
        phase.put("childHeap", childHeap);
        phase.put("records", feedRecords);
        var runs = phase.putArray("runs");
        for (Duration maxLag : maxLags) {
            ObjectNode result;
            if (e2eWalkback.isObject() && Duration.parse(e2eWalkback.get("maxLag").asText()).equals(maxLag)) {
                result = ((ObjectNode) e2eWalkback).deepCopy();
                result.put("sameRunAs", "endToEnd.walkback");
            } else {
                String run = "memory-" + FeedSpec.iso(maxLag).toLowerCase(java.util.Locale.ROOT);
                Map<String, String> config = runConfig(broker, run, inputs, Map.of(WalkbackConfig.MAX_LAG, FeedSpec.iso(maxLag)));
                progress("Phase 3: walkback with max lag %s until caught up on %,d records", FeedSpec.iso(maxLag), feedRecords);
                result = launcher.catchUp(Variant.WALKBACK, config, feedRecords);
                deleteTopicsOf(broker, run);
            }
            runs.add(result);
        }
        return phase;
    }

    private long countRecords(Broker broker, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within 5 minutes");
                }
                count += consumer.poll(Duration.ofMillis(200)).count();
            }
        }
        return count;
    }

    /** Frees the broker's disk: a run's internal and output topics are not needed once measured. */
    private void deleteTopicsOf(Broker broker, String run) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        try (Admin admin = Admin.create(props)) {
            List<String> doomed = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(name -> name.startsWith("bench-" + run + "-") || name.startsWith("bench." + run + "."))
                    .toList();
            admin.deleteTopics(doomed).all().get(60, TimeUnit.SECONDS);
        }
    }

    private static String key(Variant variant) {
        return variant == Variant.WALKBACK ? "walkback" : "passThrough";
    }

    private void progress(String format, Object... args) {
        log.printf("[bench] " + format + "%n", args);
        log.flush();
    }
}

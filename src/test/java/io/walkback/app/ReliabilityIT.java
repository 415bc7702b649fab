package io.walkback.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.walkback.app.broker.EmbeddedKafkaBroker;
import io.walkback.app.config.WalkbackConfig;
import io.walkback.contract.ClaimStatus;
import io.walkback.contract.ContestedClaim;
import io.walkback.replay.Feed;
import io.walkback.replay.FeedEntry;
import io.walkback.replay.ReplaySummary;
import io.walkback.replay.SyntheticFeed;
import io.walkback.topology.ReferenceRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Every contested claim is reported once: through kill -9, broker outages and replays")
class ReliabilityIT {

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.startNew();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    @DisplayName("A processor JVM killed with SIGKILL three times mid-stream and restarted: read_committed output is "
            + "exactly the expected set, no duplicates, none missing")
    void killNineThreeTimes(@TempDir Path dir) throws Exception {
        Feed feed = SyntheticFeed.generate(4_000, 0.6, Instant.parse("2016-01-01T00:00:00Z"), Duration.ofDays(120),
                Duration.ofDays(30), 11);
        List<List<FeedEntry>> chunks = chunks(feed.entries(), 4);
        try (WalkbackOnBroker walkback = new WalkbackOnBroker(broker)) {
            WalkbackConfig config = walkback.config("crash", Map.of());
            TopicSetup.ensureTopics(config);
            Map<String, String> child = childSettings(config, dir.resolve("state"));
            Path log = dir.resolve("processor.log");
            ProcessorJvm processor = ProcessorJvm.start(child, log);
            long produced = 0;
            int kills = 0;
            try (GroupLag lag = new GroupLag(config)) {
                for (int i = 0; i < chunks.size(); i++) {
                    walkback.replay(config, new Feed(chunks.get(i), List.of(), Map.of(), chunks.get(i).size()));
                    produced += chunks.get(i).size();
                    if (i == chunks.size() - 1) {
                        break;
                    }
                    // Kill as soon as this processor JVM has committed part of what it was just given (the
                    // backlog left by the previous kill included), so that every kill hits a running processor.
                    long before = lag.total();
                    await().atMost(WalkbackOnBroker.DEADLINE).pollInterval(Duration.ofMillis(50))
                            .until(() -> {
                                long now = lag.total();
                                return now < before || now == 0;
                            });
                    long uncommitted = lag.total();
                    processor.kill();
                    kills++;
                    System.out.printf("crash test: kill -9 #%d after %,d records produced, %,d not yet committed%n",
                            kills, produced, uncommitted);
                    processor = ProcessorJvm.start(child, log);
                }
                ProcessorJvm last = processor;
                try {
                    // Recovering from the third kill (fencing, session expiry, rebalance, restore) is the slowest
                    // step on a loaded machine: give it twice the usual deadline before calling it stuck.
                    await().atMost(WalkbackOnBroker.DEADLINE.multipliedBy(2)).pollInterval(Duration.ofMillis(200))
                            .failFast("the processor JVM exited", () -> !last.isAlive())
                            .until(() -> lag.total() == 0);
                } catch (org.awaitility.core.ConditionTimeoutException | org.awaitility.core.TerminalFailureException e) {
                    throw new AssertionError("processor did not catch up (lag " + lag.byPartition() + "); its log, also in "
                            + keepLog(log) + ":\n" + ProcessorJvm.tail(log), e);
                }
            } finally {
                processor.close();
            }
            List<ContestedClaim> claims = walkback.contestedClaims(config);
            Set<String> expected = pairs(ReferenceRun.contestedClaims(config.topologySettings(), feed));
            Set<String> seen = pairs(claims);
            int duplicates = claims.size() - seen.size();
            Set<String> missing = new HashSet<>(expected);
            missing.removeAll(seen);
            System.out.printf("crash test: %d kills, %,d records, %,d contested claims expected, %,d read, "
                    + "%d duplicates, %d missing%n", kills, produced, expected.size(), claims.size(), duplicates, missing.size());
            assertThat(kills).isEqualTo(3);
            String processorLog = Files.readString(log);
            System.out.printf("crash test: start to RUNNING, first start then after each kill: %s%n", startTimes(processorLog));
            assertThat(processorLog.split("did not stop cleanly", -1))
                    .as("each restart after a kill rebuilds local state from the changelogs").hasSize(kills + 1);
            assertThat(processorLog.split("deleting its local state", -1)).hasSize(kills + 1);
            assertThat(duplicates).isZero();
            assertThat(missing).isEmpty();
            assertThat(seen).isEqualTo(expected);

            // Each restart rebuilt the matcher's index of open windows from its store: no window may be closed
            // twice, and none of a contested announcement at all.
            Map<String, Long> stoodRecords = walkback.claimStatusChanges(config).stream()
                    .filter(status -> status.status() == ClaimStatus.Status.STOOD)
                    .collect(Collectors.groupingBy(ClaimStatus::announcementId, Collectors.counting()));
            Set<String> contestedIds = claims.stream().map(ContestedClaim::announcementId).collect(Collectors.toSet());
            System.out.printf("crash test: %,d announcements stood%n", stoodRecords.size());
            assertThat(stoodRecords).isNotEmpty();
            assertThat(stoodRecords).as("stood records per announcement").allSatisfy((id, count) -> assertThat(count).isOne());
            assertThat(stoodRecords.keySet()).doesNotContainAnyElementsOf(contestedIds);
        }
    }

    @Test
    @DisplayName("The broker stops and restarts under a running processor: it recovers, output complete and not duplicated")
    void brokerOutage() throws Exception {
        Feed feed = SyntheticFeed.generate(3_000, 0.6, Instant.parse("2017-01-01T00:00:00Z"), Duration.ofDays(90),
                Duration.ofDays(30), 12);
        List<List<FeedEntry>> halves = chunks(feed.entries(), 2);
        List<String> lateDrops;
        try (WalkbackOnBroker walkback = new WalkbackOnBroker(broker)) {
            WalkbackConfig config = walkback.config("outage", Map.of());
            TopicSetup.ensureTopics(config);
            try (WalkbackService service = WalkbackService.start(config, claim -> { });
                 GroupLag lag = new GroupLag(config)) {
                assertAllAccepted(walkback.replay(config,
                        new Feed(halves.get(0), List.of(), Map.of(), halves.get(0).size())));
                await().atMost(WalkbackOnBroker.DEADLINE).until(() -> lag.total() < halves.get(0).size());

                broker.stop();
                broker.start();

                assertAllAccepted(walkback.replay(config,
                        new Feed(halves.get(1), List.of(), Map.of(), halves.get(1).size())));
                await().atMost(WalkbackOnBroker.DEADLINE).pollInterval(Duration.ofMillis(200))
                        .until(() -> lag.total() == 0);
                assertThat(service.processor().state().isRunningOrRebalancing()).isTrue();
                lateDrops = lateDrops(service);
            }
            List<ContestedClaim> claims = walkback.contestedClaims(config);
            Set<String> expected = pairs(ReferenceRun.contestedClaims(config.topologySettings(), feed));
            Set<String> missing = new HashSet<>(expected);
            missing.removeAll(pairs(claims));
            List<?> deadLetters = walkback.deadLetters(config);
            System.out.printf("outage test: %,d records, %,d contested claims expected, %,d read, %d missing, "
                    + "%d dead-lettered, late drops %s%n", feed.entries().size(), expected.size(), claims.size(),
                    missing.size(), deadLetters.size(), lateDrops);
            assertThat(deadLetters).as("dead letters of a well-formed feed").isEmpty();
            assertThat(missing).as("contested claims missing after the outage").isEmpty();
            assertThat(claims).as("contested claims read (duplicates?)").hasSize(expected.size());
            assertThat(pairs(claims)).isEqualTo(expected);
        }
    }

    @Test
    @DisplayName("Replaying the same feed into two sets of fresh topics gives identical output")
    void replayIsIdempotent() throws Exception {
        Feed feed = SyntheticFeed.generate(2_000, 0.6, Instant.parse("2018-01-01T00:00:00Z"), Duration.ofDays(60),
                Duration.ofDays(30), 13);
        try (WalkbackOnBroker walkback = new WalkbackOnBroker(broker)) {
            List<String> first = runOnFreshTopics(walkback, "idempotent-a", feed);
            List<String> second = runOnFreshTopics(walkback, "idempotent-b", feed);
            assertThat(first).isNotEmpty().isEqualTo(second);
        }
    }

    /** The processor's late-drop counters, from its own /metrics. */
    private static List<String> lateDrops(WalkbackService service) throws Exception {
        return WalkbackOnBroker.scrape(service).lines()
                .filter(line -> line.startsWith("walkback_late_records_dropped_total")).toList();
    }

    /** Seconds from each "Starting Walkback" to the next "-> RUNNING" in a processor's log. */
    private static List<String> startTimes(String processorLog) {
        List<String> times = new java.util.ArrayList<>();
        java.time.LocalTime started = null;
        for (String line : processorLog.lines().toList()) {
            if (line.length() < 12 || !Character.isDigit(line.charAt(0))) {
                continue;
            }
            java.time.LocalTime at = java.time.LocalTime.parse(line.substring(0, 12));
            if (line.contains("Starting Walkback")) {
                started = at;
            } else if (started != null && line.contains("-> RUNNING")) {
                times.add(String.format(java.util.Locale.ROOT, "%.1f s", Duration.between(started, at).toMillis() / 1000.0));
                started = null;
            }
        }
        return times;
    }

    /** A send refused by the restarted broker would be input lost before Walkback ever saw it. */
    private static void assertAllAccepted(ReplaySummary summary) {
        assertThat(summary.refused()).as("records the broker refused").isEmpty();
        assertThat(summary.sent()).as(summary.line()).isEqualTo(summary.linesRead());
    }

    private static List<String> runOnFreshTopics(WalkbackOnBroker walkback, String name, Feed feed) throws Exception {
        WalkbackConfig config = walkback.config(name, Map.of());
        TopicSetup.ensureTopics(config);
        walkback.replay(config, feed);
        walkback.processUntilCaughtUp(config);
        return walkback.contestedClaims(config).stream().map(ContestedClaim::toString).sorted().toList();
    }

    /** Keeps the child's log under target/ so a CI failure can be read after the temp dir is gone. */
    private static Path keepLog(Path log) throws java.io.IOException {
        Path kept = Path.of("target", "crash-test-processor.log");
        Files.createDirectories(kept.getParent());
        Files.copy(log, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return kept;
    }

    static Map<String, String> childSettings(WalkbackConfig config, Path stateDir) {
        Map<String, String> settings = new HashMap<>();
        for (String key : List.of("bootstrap.servers", "application.id", WalkbackConfig.ANNOUNCEMENTS_TOPIC,
                WalkbackConfig.BACKTRACKS_TOPIC, WalkbackConfig.CONTESTED_CLAIMS_TOPIC,
                WalkbackConfig.CLAIM_STATUS_TOPIC, WalkbackConfig.DEAD_LETTERS_TOPIC, WalkbackConfig.MATCH)) {
            settings.put(key, config.get(key));
        }
        settings.put("state.dir", stateDir.toString());
        settings.put("commit.interval.ms", "200");
        settings.put(WalkbackConfig.HTTP_PORT, "0");
        // A killed member is only noticed when its session expires: keep that short so restarts are quick.
        settings.put("consumer.session.timeout.ms", "6000");
        settings.put("consumer.heartbeat.interval.ms", "1000");
        return settings;
    }

    private static List<List<FeedEntry>> chunks(List<FeedEntry> entries, int count) {
        int size = (entries.size() + count - 1) / count;
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> entries.subList(i * size, Math.min(entries.size(), (i + 1) * size)))
                .toList();
    }

    private static Set<String> pairs(List<ContestedClaim> claims) {
        return claims.stream().map(c -> c.announcementId() + ">" + c.backtrackId() + "@" + c.lagMillis())
                .collect(Collectors.toSet());
    }

}

package io.walkback.app;

import io.walkback.app.broker.EmbeddedKafkaBroker;
import io.walkback.app.broker.TempDirectory;
import io.walkback.app.config.WalkbackConfig;
import io.walkback.contract.ContestedClaim;
import io.walkback.contract.JsonSerde;
import io.walkback.replay.Feed;
import io.walkback.replay.Progress;
import io.walkback.replay.ReplaySummary;
import io.walkback.replay.Replayer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The demo: a real broker in this JVM, the five topics, the processor, a feed replayed into it, and the
 * contested claims printed as they are committed.
 */
final class Demo {

    private final PrintWriter out;

    Demo(PrintWriter out) {
        this.out = out;
    }

    /** @return the number of contested claims seen */
    // "try": on Ctrl-C the shutdown hook closes the service and the broker itself (the JVM does not unwind this
    // method's try-with-resources then); both closes are idempotent, so the normal exit closing them again is harmless.
    @SuppressWarnings("try")
    long run(WalkbackConfig baseConfig, Feed feed, String feedName, Path outFile, Duration untilIdle)
            throws Exception {
        long started = System.nanoTime();
        Path stateDir = Files.createTempDirectory("walkback-demo-state-");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startNew()) {
            out.printf("Kafka broker (embedded, KRaft) at %s, started in %d ms%n", broker.bootstrapServers(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            out.printf("  attach other tools with: --set bootstrap.servers=%s%n", broker.bootstrapServers());
            Map<String, String> demo = new HashMap<>();
            demo.put("bootstrap.servers", broker.bootstrapServers());
            demo.put("state.dir", stateDir.toString());
            demo.put("application.id", "walkback-demo");
            WalkbackConfig config = baseConfig.with(demo);
            TopicSetup.ensureTopics(config).forEach(line -> out.println("  topic " + line));

            try (BufferedWriter jsonLines = outFile == null ? null : Files.newBufferedWriter(outFile, StandardCharsets.UTF_8);
                 WalkbackService service = WalkbackService.start(config, claim -> show(claim, jsonLines));
                 GroupLag lag = new GroupLag(config)) {
                out.printf("Dashboard: %s   metrics: %s%n", service.dashboardUrl(), service.metricsUrl());
                if (!service.processor().awaitRunning(Duration.ofSeconds(60))) {
                    throw new IllegalStateException("the processor did not reach RUNNING within 60 s (state "
                            + service.processor().state() + ")");
                }
                out.printf("Processor running; replaying %s (%,d records)%n", feedName, feed.entries().size());
                ReplaySummary summary = Replayer.replay(config.clientProperties(), config.topics(), config.inputKeys(),
                        config.maxAheadOfNow(), feed,
                        0, Progress.silent());
                out.println("Feed: " + summary.line());
                summary.badLines().forEach(problem -> out.println("  bad line " + problem));
                summary.refused().forEach(problem -> out.println("  refused " + problem));
                if (untilIdle == null) {
                    out.println("Contested claims appear below as they are found. Ctrl-C stops everything.");
                    // Ctrl-C: the JVM will not wait for this thread to unwind, so the hook closes it all itself.
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        service.close();
                        broker.close();
                        TempDirectory.delete(stateDir);
                        out.println("Stopped: processor, HTTP server and broker closed, temporary data deleted.");
                    }, "walkback-demo-shutdown"));
                    service.processor().awaitStopped();
                } else {
                    awaitIdle(lag, service, untilIdle);
                }
                out.printf("%,d contested claims; %,d records dropped as late; demo ran %.1f s%n", service.claimsSeen(),
                        service.lateDropped(), (System.nanoTime() - started) / 1e9);
                return service.claimsSeen();
            }
        } finally {
            TempDirectory.delete(stateDir);
        }
    }

    /**
     * Idle: the processor has committed everything it was given and holds no backtrack waiting for its verdict,
     * the claim follower has read everything committed since, and no claim has come for {@code idle}.
     */
    private void awaitIdle(GroupLag lag, WalkbackService service, Duration idle) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        long caughtUpSince = 0;
        while (System.nanoTime() < deadline) {
            boolean done = lag.total() == 0 && service.verdictsWaiting() == 0 && service.claimsCaughtUp();
            caughtUpSince = done ? (caughtUpSince == 0 ? System.nanoTime() : caughtUpSince) : 0;
            if (done && service.quietFor().compareTo(idle) >= 0
                    && System.nanoTime() - caughtUpSince >= idle.toNanos()) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new IllegalStateException("the processor did not catch up with the feed within 10 minutes");
    }

    private synchronized void show(ContestedClaim claim, BufferedWriter jsonLines) {
        out.println(ClaimLines.describe(claim));
        if (jsonLines != null) {
            try {
                jsonLines.write(new String(JsonSerde.of(ContestedClaim.class).write(claim), StandardCharsets.UTF_8));
                jsonLines.newLine();
                jsonLines.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

package io.walkback.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.walkback.app.config.WalkbackConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;

/** Runs benchmark steps either in this JVM or each in a child JVM of its own. */
interface Launcher {

    Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(15);

    ObjectNode topology(Variant variant, FeedSpec feed, List<FeedSpec.Prepared> prepared, Map<String, String> config)
            throws Exception;

    ObjectNode catchUp(Variant variant, Map<String, String> config, long records) throws Exception;

    /** Starts the application and returns once it is RUNNING; closing it stops it and yields its figures. */
    LiveApp live(Variant variant, Map<String, String> config) throws Exception;

    boolean ownJvms();

    interface LiveApp extends AutoCloseable {
        /** Stops the application; what it reports (peak RSS when in a JVM of its own). */
        ObjectNode stop() throws Exception;

        /** The process the application runs in. */
        default long pid() {
            return ProcessHandle.current().pid();
        }

        @Override
        default void close() {
            try {
                stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                throw new IllegalStateException("could not stop the application: " + e.getMessage(), e);
            }
        }
    }

    static Variant.RunningApp awaitRunning(Variant variant, Variant.RunningApp app, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (app.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || app.state() == KafkaStreams.State.ERROR
                    || app.state() == KafkaStreams.State.NOT_RUNNING) {
                app.close();
                throw new IllegalStateException(variant.label + " did not reach RUNNING within " + timeout
                        + " (state " + app.state() + ")");
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return app;
    }

    /** Everything in this JVM: what the smoke test uses (no peak RSS per step). */
    final class InProcess implements Launcher {
        @Override
        public ObjectNode topology(Variant variant, FeedSpec feed, List<FeedSpec.Prepared> prepared,
                                   Map<String, String> config) throws Exception {
            return TopologyBench.run(variant, prepared, config, false);
        }

        @Override
        public ObjectNode catchUp(Variant variant, Map<String, String> config, long records) throws Exception {
            return CatchUpRun.run(variant, config, records, CATCH_UP_TIMEOUT, false);
        }

        @Override
        public LiveApp live(Variant variant, Map<String, String> config) throws Exception {
            Variant.RunningApp app = awaitRunning(variant, variant.start(WalkbackConfig.of(config)), Duration.ofMinutes(2));
            return new LiveApp() {
                private boolean stopped;

                @Override
                public ObjectNode stop() throws Exception {
                    if (!stopped) {
                        stopped = true;
                        app.close();
                    }
                    ObjectNode result = JsonNodeFactory.instance.objectNode();
                    result.putNull("peakRssBytes");
                    return result;
                }
            };
        }

        @Override
        public boolean ownJvms() {
            return false;
        }
    }

    /**
     * Each step in a child JVM started from the benchmark jar, whose manifest puts the product jar and Kafka's test
     * driver (phase 1) on the class path.
     */
    final class Forked implements Launcher {
        private final String jar;
        private final List<String> jvmOptions;
        private final List<String> topologyJvmOptions;
        private final Path logDir;
        private int children;

        /**
         * @param jvmOptions         for the applications (their peak RSS is a figure)
         * @param topologyJvmOptions for phase 1, which holds the whole serialized feed in memory
         */
        Forked(String jar, List<String> jvmOptions, List<String> topologyJvmOptions, Path logDir) {
            this.jar = jar;
            this.jvmOptions = List.copyOf(jvmOptions);
            this.topologyJvmOptions = List.copyOf(topologyJvmOptions);
            this.logDir = logDir;
        }

        @Override
        public ObjectNode topology(Variant variant, FeedSpec feed, List<FeedSpec.Prepared> prepared,
                                   Map<String, String> config) throws Exception {
            ObjectNode args = args(variant, config);
            args.set("feed", feed.toJson());
            try (ChildJvm child = ChildJvm.start(name("topology", variant), jar, topologyJvmOptions, "topology", args, logDir)) {
                return child.awaitResult(CATCH_UP_TIMEOUT);
            }
        }

        @Override
        public ObjectNode catchUp(Variant variant, Map<String, String> config, long records) throws Exception {
            ObjectNode args = args(variant, config);
            args.put("records", records);
            args.put("timeoutSeconds", CATCH_UP_TIMEOUT.toSeconds());
            try (ChildJvm child = ChildJvm.start(name("catch-up", variant), jar, jvmOptions, "catch-up", args, logDir)) {
                return child.awaitResult(CATCH_UP_TIMEOUT.plusMinutes(1));
            }
        }

        @Override
        public LiveApp live(Variant variant, Map<String, String> config) throws Exception {
            ChildJvm child = ChildJvm.start(name("live", variant), jar, jvmOptions, "live", args(variant, config), logDir);
            try {
                child.await(BenchChild.RUNNING, Duration.ofMinutes(2));
            } catch (Exception e) {
                child.close();
                throw e;
            }
            return new LiveApp() {
                private ObjectNode result;

                @Override
                public long pid() {
                    return child.pid();
                }

                @Override
                public ObjectNode stop() throws Exception {
                    if (result == null) {
                        try {
                            child.stop();
                            result = child.awaitResult(Duration.ofMinutes(1));
                        } finally {
                            child.close();
                        }
                    }
                    return result;
                }
            };
        }

        @Override
        public boolean ownJvms() {
            return true;
        }

        private String name(String mode, Variant variant) {
            return String.format("%02d-%s-%s", ++children, mode, variant.label);
        }

        private static ObjectNode args(Variant variant, Map<String, String> config) {
            ObjectNode args = JsonNodeFactory.instance.objectNode();
            args.put("variant", variant.label);
            ObjectNode settings = args.putObject("config");
            config.forEach(settings::put);
            return args;
        }
    }
}

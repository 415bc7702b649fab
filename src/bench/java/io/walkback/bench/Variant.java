package io.walkback.bench;

import io.walkback.app.WalkbackProcessor;
import io.walkback.app.config.WalkbackConfig;
import io.walkback.app.metrics.WalkbackMetrics;
import io.walkback.topology.StateNames;
import io.walkback.topology.TopologySettings;
import io.walkback.topology.WalkbackTopology;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

/** The two applications the benchmark compares, started the same way from the same configuration. */
enum Variant {

    /** Walkback's topology, run as {@code walkback run} runs it (with its metrics), minus the HTTP server. */
    WALKBACK("walkback") {
        @Override
        Topology topology(TopologySettings settings, Properties props) {
            return WalkbackTopology.build(settings, props);
        }

        @Override
        RunningApp start(WalkbackConfig config) {
            WalkbackMetrics metrics = new WalkbackMetrics(config.topologySettings().maxLag());
            WalkbackProcessor processor = WalkbackProcessor.start(config, metrics);
            return new RunningApp() {
                @Override
                public long verdictsWaiting() {
                    return metrics.verdictsWaiting();
                }

                @Override
                public KafkaStreams.State state() {
                    return processor.state();
                }

                @Override
                public void close() {
                    processor.close();
                    metrics.close();
                }
            };
        }

        @Override
        List<String> internalTopics(WalkbackConfig config) {
            List<String> topics = new java.util.ArrayList<>(StateNames.repartitionTopics(config.get("application.id"),
                    config.inputsKeyedByBlock()));
            topics.add(config.topics().claimStatus().name()); // read back into the claim-status store
            return topics;
        }
    },

    /** {@link PassThroughTopology} on a plain {@link KafkaStreams} with the same properties. */
    PASS_THROUGH("pass-through") {
        @Override
        Topology topology(TopologySettings settings, Properties props) {
            return PassThroughTopology.build(settings, props);
        }

        @Override
        RunningApp start(WalkbackConfig config) {
            Properties props = config.streamsProperties();
            KafkaStreams streams = new KafkaStreams(topology(config.topologySettings(), props), props);
            streams.start();
            return new RunningApp() {
                @Override
                public KafkaStreams.State state() {
                    return streams.state();
                }

                @Override
                public void close() {
                    streams.close(CloseOptions.timeout(Duration.ofSeconds(30)));
                }
            };
        }

        @Override
        List<String> internalTopics(WalkbackConfig config) {
            return List.of();
        }
    };

    final String label;

    Variant(String label) {
        this.label = label;
    }

    abstract Topology topology(TopologySettings settings, Properties props);

    abstract RunningApp start(WalkbackConfig config);

    /** The topics the application reads besides its inputs (repartition topics, topics read back). */
    abstract List<String> internalTopics(WalkbackConfig config);

    /** Every topic the application consumes; lag 0 over all of them means it has caught up. */
    List<String> consumedTopics(WalkbackConfig config) {
        return java.util.stream.Stream.concat(inputTopics(config).stream(), internalTopics(config).stream()).toList();
    }

    static List<String> inputTopics(WalkbackConfig config) {
        return List.of(config.topics().announcements().name(), config.topics().backtracks().name());
    }

    static Variant of(String label) {
        for (Variant variant : values()) {
            if (variant.label.equals(label.toLowerCase(Locale.ROOT))) {
                return variant;
            }
        }
        throw new IllegalArgumentException("unknown variant " + label);
    }

    /** A started application. */
    interface RunningApp extends AutoCloseable {
        KafkaStreams.State state();

        @Override
        void close();

        /** Backtracks held for their verdict (similarity matching); the pass-through has none. */
        default long verdictsWaiting() {
            return 0;
        }
    }
}

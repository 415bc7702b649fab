package io.walkback.app;

import io.walkback.app.config.WalkbackConfig;
import io.walkback.app.http.ClaimBroadcast;
import io.walkback.app.http.ClaimStore;
import io.walkback.app.http.OtherInstances;
import io.walkback.app.http.WalkbackHttpServer;
import io.walkback.app.metrics.WalkbackMetrics;
import io.walkback.contract.ContestedClaim;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The processor with everything around it: metrics, the HTTP server (metrics, health, claims API,
 * live stream, dashboard) and a committed-claims follower feeding the live stream. {@code run} and
 * {@code demo} both start one.
 */
public final class WalkbackService implements AutoCloseable {

    private final WalkbackMetrics metrics;
    private final ClaimBroadcast broadcast = new ClaimBroadcast();
    private final WalkbackHttpServer http;
    private volatile WalkbackProcessor processor;
    private volatile ClaimStore claims;
    private volatile OtherInstances otherInstances;
    private ContestedClaimTail tail;
    private boolean closed;

    private WalkbackService(WalkbackConfig config) {
        metrics = new WalkbackMetrics(config.topologySettings().maxLag());
        // The server binds first so that its real port (walkback.http.port=0 picks one) can be advertised
        // to the other instances as application.server.
        http = WalkbackHttpServer.start(config.httpHost(), config.httpPort(), new Backend());
    }

    /** @param onClaim also told of each committed contested claim (the demo prints them) */
    public static WalkbackService start(WalkbackConfig config, Consumer<ContestedClaim> onClaim) {
        WalkbackService service = new WalkbackService(config);
        try {
            WalkbackConfig effective = config.get(StreamsConfig.APPLICATION_SERVER_CONFIG) != null ? config
                    : config.with(Map.of(StreamsConfig.APPLICATION_SERVER_CONFIG,
                            config.httpAdvertisedHost() + ":" + service.http.port()));
            service.processor = WalkbackProcessor.start(effective, service.metrics);
            service.claims = new ClaimStore(service.processor.streams(), config.topics().claimStatus().name());
            service.otherInstances = new OtherInstances(service.processor.streams(),
                    HostInfo.buildFromEndpoint(effective.get(StreamsConfig.APPLICATION_SERVER_CONFIG)));
            service.tail = new ContestedClaimTail(effective, claim -> {
                service.broadcast.accept(claim);
                onClaim.accept(claim);
            }).start();
            return service;
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
    }

    public WalkbackProcessor processor() {
        return processor;
    }

    /** A failure that should make a supervisor restart the process (the HTTP server ran out of memory, say). */
    public Optional<String> trouble() {
        return http.trouble();
    }

    public String dashboardUrl() {
        return http.baseUrl() + "/";
    }

    public String metricsUrl() {
        return http.baseUrl() + "/metrics";
    }

    public int httpPort() {
        return http.port();
    }

    public long claimsSeen() {
        return tail == null ? 0 : tail.received();
    }

    /** Backtracks held for their verdict (similarity matching): caught up means lag 0 and none waiting. */
    public long verdictsWaiting() {
        return metrics.verdictsWaiting();
    }

    /** Input records this instance dropped because every window they could join had closed. */
    public long lateDropped() {
        return metrics.lateDropped();
    }

    /** Whether the claim follower has read everything committed so far. */
    public boolean claimsCaughtUp() {
        return tail != null && tail.caughtUp();
    }

    public java.time.Duration quietFor() {
        return tail == null ? java.time.Duration.ZERO : tail.quietFor();
    }

    private final class Backend implements WalkbackHttpServer.Backend {
        @Override
        public KafkaStreams.State state() {
            WalkbackProcessor current = processor;
            return current == null ? KafkaStreams.State.CREATED : current.state();
        }

        @Override
        public Optional<ClaimStore> claims() {
            return Optional.ofNullable(claims);
        }

        @Override
        public Optional<OtherInstances> otherInstances() {
            return Optional.ofNullable(otherInstances);
        }

        @Override
        public String scrapeMetrics() {
            return metrics.scrape();
        }

        @Override
        public ClaimBroadcast broadcast() {
            return broadcast;
        }
    }

    /** Idempotent: the demo's shutdown hook and its normal exit may both close it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (tail != null) {
            tail.close();
        }
        if (processor != null) {
            processor.close();
        }
        http.close();
        metrics.close();
    }
}

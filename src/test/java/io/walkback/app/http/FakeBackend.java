package io.walkback.app.http;

import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/** What the HTTP server serves from, without a processor: a settable state, no claims stores, given metrics. */
final class FakeBackend implements WalkbackHttpServer.Backend {

    final ClaimBroadcast broadcast = new ClaimBroadcast();
    volatile KafkaStreams.State state;
    private final Supplier<String> metrics;

    FakeBackend(KafkaStreams.State state, Supplier<String> metrics) {
        this.state = state;
        this.metrics = metrics;
    }

    @Override
    public KafkaStreams.State state() {
        return state;
    }

    @Override
    public Optional<ClaimStore> claims() {
        return Optional.empty();
    }

    @Override
    public Optional<OtherInstances> otherInstances() {
        return Optional.empty();
    }

    @Override
    public String scrapeMetrics() {
        return metrics.get();
    }

    @Override
    public ClaimBroadcast broadcast() {
        return broadcast;
    }
}

package io.walkback.app.http;

import com.fasterxml.jackson.databind.ObjectReader;
import io.walkback.contract.ClaimStatus;
import io.walkback.contract.Json;
import io.walkback.topology.StateNames;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The other instances of this application that hold claim-status partitions, found through Kafka
 * Streams' metadata ({@code application.server}), asked over HTTP for their local answers.
 */
public final class OtherInstances {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final ObjectReader STATUS = Json.mapper().readerFor(ClaimStatus.class);
    private static final ObjectReader LIST = Json.mapper().readerFor(ClaimList.class);

    record ClaimList(List<ClaimStatus> claims, int count) {
    }

    private final KafkaStreams streams;
    private final HostInfo self;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** @param self this instance's {@code application.server} */
    public OtherInstances(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    List<HostInfo> hosts() {
        List<HostInfo> hosts = new ArrayList<>();
        for (StreamsMetadata metadata : streams.metadataForAllStreamsClients()) {
            if (metadata.stateStoreNames().contains(StateNames.CLAIM_STATUS_STORE)
                    && !metadata.hostInfo().equals(self)) {
                hosts.add(metadata.hostInfo());
            }
        }
        return hosts;
    }

    /** The claim if {@code host} holds it. */
    Optional<ClaimStatus> find(HostInfo host, String announcementId) {
        HttpResponse<byte[]> response = get(host, "/api/claims/" + URLEncoder.encode(announcementId, StandardCharsets.UTF_8)
                .replace("+", "%20") + "?scope=local");
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(read(STATUS, response, host));
    }

    List<ClaimStatus> recentlyContested(HostInfo host, int limit) {
        ClaimList list = read(LIST, get(host, "/api/claims?scope=local&limit=" + limit), host);
        return list.claims();
    }

    private <T> T read(ObjectReader reader, HttpResponse<byte[]> response, HostInfo host) {
        if (response.statusCode() != 200) {
            throw new NotQueryableException("instance " + host + " answered " + response.statusCode());
        }
        try {
            return reader.readValue(response.body());
        } catch (IOException e) {
            throw new NotQueryableException("instance " + host + " sent an unreadable answer: " + e.getMessage());
        }
    }

    private HttpResponse<byte[]> get(HostInfo host, String path) {
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + path);
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new NotQueryableException("instance " + host + " unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotQueryableException("interrupted while asking instance " + host);
        }
    }
}

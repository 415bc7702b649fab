package io.walkback.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.walkback.app.config.WalkbackConfig;
import io.walkback.contract.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Entry point of the benchmark's child JVMs; see {@link ChildJvm}. Not meant to be run by hand. */
public final class BenchChild {

    static final String RESULT = "BENCH-RESULT ";
    static final String RUNNING = "BENCH-RUNNING";

    private BenchChild() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        JsonNode json = Json.mapper().readTree(args[1]);
        Variant variant = Variant.of(json.get("variant").asText());
        Map<String, String> overrides = new LinkedHashMap<>();
        json.get("config").properties().forEach(field -> overrides.put(field.getKey(), field.getValue().asText()));
        ObjectNode result = switch (mode) {
            case "topology" -> TopologyBench.run(variant,
                    FeedSpec.prepare(FeedSpec.fromJson(json.get("feed")).generate()), overrides, true);
            case "catch-up" -> CatchUpRun.run(variant, overrides, json.get("records").asLong(),
                    Duration.ofSeconds(json.get("timeoutSeconds").asLong()), true);
            case "live" -> live(variant, overrides);
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        };
        System.out.println(RESULT + Json.mapper().writeValueAsString(result));
        System.out.flush();
        System.exit(0);
    }

    /** Runs the application until told to stop on stdin (or stdin closes), for the latency runs. */
    private static ObjectNode live(Variant variant, Map<String, String> overrides) throws Exception {
        WalkbackConfig config = WalkbackConfig.of(overrides);
        try (Variant.RunningApp app = Launcher.awaitRunning(variant, variant.start(config), Duration.ofMinutes(2))) {
            System.out.println(RUNNING + " " + app.state());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            do {
                line = in.readLine();
            } while (line != null && !line.equals("stop"));
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("peakRssBytes", Machine.peakRssBytes());
        result.put("peakStateBytes", Machine.bytesUnder(Path.of(config.get("state.dir"))));
        return result;
    }
}

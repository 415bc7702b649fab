package io.walkback.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.walkback.contract.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@DisplayName("walkback bench on a tiny feed: every phase runs and reports its figures (no timing is asserted)")
class BenchSmokeTest {

    @Test
    @DisplayName("2,000 records, topology only and end to end in this JVM: the JSON has every figure, rates are positive")
    void tinyRun(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bench.json");
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int exit = new CommandLine(new BenchCommand())
                .setOut(new PrintWriter(stdout, true))
                .setErr(new PrintWriter(stderr, true))
                .execute("--records", "2000", "--in-process", "--skip-memory",
                        "--latency-rate", "500", "--latency-duration", "PT2S", "--latency-warmup", "PT1S",
                        "--out", out.toString());

        assertThat(exit).as("exit code; stderr:%n%s", stderr).isZero();
        JsonNode report = Json.mapper().readTree(out.toFile());

        assertThat(report.get("machine").get("cores").asInt()).isPositive();
        assertThat(report.get("machine").get("jvm").asText()).isNotBlank();
        assertThat(report.get("feed").get("records").asInt()).isEqualTo(2000);
        assertThat(report.get("feed").get("announcements").asLong() + report.get("feed").get("backtracks").asLong())
                .isEqualTo(2000);
        assertThat(report.get("settings").get("processing.guarantee").asText()).isEqualTo("exactly_once_v2");

        JsonNode topology = report.get("topology");
        for (String variant : new String[] {"passThrough", "walkback"}) {
            assertThat(topology.get(variant).get("records").asInt()).isEqualTo(2000);
            assertThat(topology.get(variant).get("recordsPerSecond").asDouble()).isPositive();
        }
        assertThat(topology.get("passThrough").get("recordsWrittenPerInputRecord").asDouble()).isEqualTo(1.0);
        assertThat(topology.get("walkback").get("contestedClaims").asLong()).isPositive();
        assertThat(topology.get("ratio").asDouble()).isPositive();

        JsonNode e2e = report.get("endToEnd");
        assertThat(e2e.get("produce").get("recordsPerSecond").asDouble()).isPositive();
        for (String variant : new String[] {"passThrough", "walkback"}) {
            JsonNode run = e2e.get(variant);
            assertThat(run.get("catchUpRecordsPerSecond").asDouble()).isPositive();
            assertThat(run.get("startupSeconds").asDouble()).isPositive();
            assertThat(run.has("steadyRecordsPerSecond")).isTrue(); // null when the feed fits in one commit
            assertThat(run.has("peakRssBytes")).isTrue();           // null in process
            assertThat(run.has("stateBytesByStore")).isTrue();
            JsonNode latency = e2e.get("latency").get(variant);
            assertThat(latency.get("samples").asLong()).isPositive();
            assertThat(latency.get("p50Millis").asDouble()).isPositive();
            assertThat(latency.get("p99Millis").asDouble()).isGreaterThanOrEqualTo(latency.get("p50Millis").asDouble());
        }
        assertThat(e2e.get("ratioCatchUp").asDouble()).isPositive();
        assertThat(e2e.get("walkback").get("contestedClaims").asLong())
                .isEqualTo(topology.get("walkback").get("contestedClaims").asLong());
        assertThat(e2e.get("walkback").get("stateBytesByStore").has("claim-status-v3-store")).isTrue();

        // The default --match exact,lexical: lexical measured beside exact in both phases, on the same feed. The
        // synthetic backtracks that name no announced topic share their generic wording with every candidate, so
        // lexical matching contests at least the claims exact matching does.
        assertThat(report.get("settings").get("walkback.match").asText()).isEqualTo("exact");
        JsonNode lexicalTopology = topology.get("byMatch").get("lexical");
        assertThat(lexicalTopology.get("recordsPerSecond").asDouble()).isPositive();
        assertThat(lexicalTopology.get("contestedClaims").asLong())
                .isGreaterThanOrEqualTo(topology.get("walkback").get("contestedClaims").asLong());
        JsonNode lexicalEndToEnd = e2e.get("byMatch").get("lexical");
        assertThat(lexicalEndToEnd.get("catchUpRecordsPerSecond").asDouble()).isPositive();
        assertThat(lexicalEndToEnd.get("contestedClaims").asLong())
                .isEqualTo(lexicalTopology.get("contestedClaims").asLong());
        assertThat(lexicalEndToEnd.get("ratioToFirstMode").asDouble()).isPositive();

        assertThat(stdout.toString()).contains("1. Topology only", "2. End to end", "ratio walkback / pass-through",
                "p50 ms", "walkback.match=lexical:", "Figures written to");
    }

    @Test
    @DisplayName("A bad option or setting: one line naming it, exit 2, nothing measured")
    void badArguments() {
        for (String[] args : new String[][] {{"--records", "0"}, {"--set", "walkback.max-lag=30d"}}) {
            StringWriter stderr = new StringWriter();
            int exit = BenchCommand.commandLine().setErr(new PrintWriter(stderr, true)).execute(args);
            assertThat(exit).isEqualTo(2);
            assertThat(stderr.toString().strip()).doesNotContain("\n").startsWith("walkback-bench: ")
                    .containsAnyOf("--records: expected 1 or more, got 0", "walkback.max-lag: expected an ISO-8601 duration");
        }
    }
}

package io.walkback.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Locale;

/** The benchmark's figures as a plain-text table. */
final class BenchTable {

    private BenchTable() {
    }

    /** Each further walkback.match mode against the first (the "walkback" row above). */
    private static void printByMatch(PrintWriter out, JsonNode byMatch, String firstMode, String rateField) {
        byMatch.properties().forEach(entry -> out.printf(
                "   walkback.match=%s: %s records/s, %.2f of pass-through, %.2f of walkback.match=%s%s%n", entry.getKey(),
                rate(entry.getValue().get(rateField)), entry.getValue().path("ratioToPassThrough").asDouble(),
                entry.getValue().get("ratioToFirstMode").asDouble(), firstMode,
                entry.getValue().has("contestedClaims")
                        ? String.format(Locale.ROOT, ", %,d contested claims", entry.getValue().get("contestedClaims").asLong())
                        : ""));
    }

    /** The soak run: latency, then each sample of the application's process, and the growth over the run. */
    static void printSoak(JsonNode report, PrintWriter out) {
        JsonNode soak = report.get("soak");
        out.println();
        out.printf("Walkback soak (%s): %,.0f records/s for %.0f s after %.0f s warm-up; latency p50 %.0f ms, p99 %.0f ms%n",
                report.get("startedAt").asText(), soak.get("achievedRecordsPerSecond").asDouble(),
                soak.get("measuredSeconds").asDouble(), soak.get("warmupSeconds").asDouble(),
                soak.get("p50Millis").asDouble(), soak.get("p99Millis").asDouble());
        out.printf("   %8s %12s %9s %11s%n", "seconds", "RSS", "threads", "open files");
        JsonNode samples = soak.path("samples");
        samples.forEach(sample -> out.printf("   %8d %12s %9d %11d%n", sample.get("seconds").asLong(),
                bytes(sample.get("rssBytes").asLong()), sample.get("threads").asLong(), sample.get("openFiles").asLong()));
        // Growth from the first sample after the warm-up to the last: what a leak would show.
        long warm = (long) soak.get("warmupSeconds").asDouble();
        JsonNode first = null;
        for (JsonNode sample : samples) {
            if (first == null && sample.get("seconds").asLong() >= warm) {
                first = sample;
            }
        }
        if (first != null && samples.size() > 0) {
            JsonNode last = samples.get(samples.size() - 1);
            out.printf("   after warm-up, first to last sample: RSS %s -> %s, threads %d -> %d, open files %d -> %d%n",
                    bytes(first.get("rssBytes").asLong()), bytes(last.get("rssBytes").asLong()),
                    first.get("threads").asLong(), last.get("threads").asLong(),
                    first.get("openFiles").asLong(), last.get("openFiles").asLong());
        }
    }

    static void print(JsonNode report, PrintWriter out) {
        JsonNode machine = report.get("machine");
        JsonNode feed = report.get("feed");
        JsonNode settings = report.get("settings");
        out.println();
        out.printf("Walkback benchmark (%s)%n", report.get("startedAt").asText());
        out.printf("Machine:  %d cores (%s), %s RAM, %s%n", machine.get("cores").asInt(), machine.get("cpu").asText(),
                bytes(machine.get("memoryBytes").asLong()), machine.get("os").asText());
        out.printf("JVM:      %s; bench heap max %s; Kafka %s%n", machine.get("jvm").asText(),
                bytes(machine.get("benchHeapMaxBytes").asLong()), machine.get("kafka").asText());
        out.printf("Steps:    %s%n", report.get("stepsInOwnJvm").asBoolean()
                ? "each in a child JVM of its own (applications " + machine.get("childJvmOptions").asText()
                + ", phase 1 " + machine.get("topologyJvmOptions").asText() + ")" : "all in this JVM");
        out.printf("Feed:     %,d records (%,d announcements, %,d backtracks), %s of JSON (mean %.0f B), event times over %s, "
                        + "match share %s, seed %d%n",
                feed.get("records").asLong(), feed.get("announcements").asLong(), feed.get("backtracks").asLong(),
                bytes(feed.get("valueBytes").asLong()), feed.get("meanValueBytes").asDouble(), feed.get("span").asText(),
                feed.get("matchShare").asText(), feed.get("seed").asLong());
        out.printf("Settings: %s, commit.interval.ms %s, producer batch.size %s / linger.ms %s, max.task.idle.ms %s, "
                        + "%s partitions, %s stream thread(s), inputs keyed by block %s, max lag %s, grace %s%s%n",
                settings.get("processing.guarantee").asText(), settings.get("commit.interval.ms").asText(),
                settings.get("producer.batch.size").asText(), settings.get("producer.linger.ms").asText(),
                settings.get("max.task.idle.ms").asText(), settings.get("walkback.topic.partitions").asText(),
                settings.get("num.stream.threads").asText(), settings.path("walkback.inputs.keyed-by-block").asText(),
                iso(settings.get("walkback.max-lag")),
                iso(settings.get("walkback.grace")),
                settings.get("overridden").isEmpty() ? "" : " (--set " + settings.get("overridden") + ")");

        JsonNode topology = report.path("topology");
        out.println();
        out.println("1. Topology only, no broker (" + topology.path("driver").asText("skipped") + ")");
        if (topology.has("skipped")) {
            out.println("   skipped: " + topology.get("skipped").asText());
        } else if (topology.isObject()) {
            out.printf("   %-14s %12s %10s %16s%n", "", "records/s", "seconds", "writes/record");
            for (String key : new String[] {"passThrough", "walkback"}) {
                JsonNode run = topology.get(key);
                out.printf("   %-14s %12s %10.1f %16.2f%n", run.get("variant").asText(), rate(run.get("recordsPerSecond")),
                        run.get("seconds").asDouble(), run.get("recordsWrittenPerInputRecord").asDouble());
            }
            out.printf("   ratio walkback / pass-through: %.2f%n", topology.get("ratio").asDouble());
            out.printf("   walkback writes per input record, by topic: %s%n",
                    perRecord(topology.get("walkback").get("recordsWrittenByTopic"), feed.get("records").asLong()));
            printByMatch(out, topology.path("byMatch"), settings.path("walkback.match").asText(), "recordsPerSecond");
        }

        JsonNode e2e = report.path("endToEnd");
        out.println();
        out.println("2. End to end, embedded broker (in the bench JVM)");
        if (e2e.has("produce")) {
            JsonNode produce = e2e.get("produce");
            out.printf("   produce the feed: %s records/s (%.1f s)%n", rate(produce.get("recordsPerSecond")),
                    produce.get("seconds").asDouble());
        }
        if (e2e.has("walkback")) {
            out.printf("   %-14s %10s %12s %16s %14s %10s %12s%n", "", "startup s", "catch-up s", "catch-up rec/s",
                    "steady rec/s", "peak RSS", "state");
            for (String key : new String[] {"passThrough", "walkback"}) {
                JsonNode run = e2e.get(key);
                out.printf("   %-14s %10.1f %12.1f %16s %14s %10s %12s%n", run.get("variant").asText(),
                        run.get("startupSeconds").asDouble(), run.get("catchUpSeconds").asDouble(),
                        rate(run.get("catchUpRecordsPerSecond")), rate(run.get("steadyRecordsPerSecond")),
                        bytes(run.get("peakRssBytes")), bytes(run.get("peakStateBytes")));
            }
            out.printf("   ratio walkback / pass-through: %.2f until caught up, %s steady (10%%-90%% of the feed)%n",
                    e2e.get("ratioCatchUp").asDouble(), ratio(e2e.get("ratioSteady")));
            printByMatch(out, e2e.path("byMatch"), settings.path("walkback.match").asText(), "catchUpRecordsPerSecond");
            JsonNode walkback = e2e.get("walkback");
            out.printf("   walkback contested claims: %,d%s%n", walkback.get("contestedClaims").asLong(),
                    walkback.has("contestedClaimsAsInPhase1")
                            ? (walkback.get("contestedClaimsAsInPhase1").asBoolean() ? " (same as phase 1)"
                            : " (DIFFERENT from phase 1: " + topology.path("walkback").path("contestedClaims").asLong() + ")")
                            : "");
            JsonNode latency = e2e.path("latency");
            if (!latency.has("walkback")) {
                out.println("   latency: skipped");
            } else {
            JsonNode any = latency.get("walkback");
            out.printf("   latency, send to readable (read_committed), at %,d records/s for %.0f s after %.0f s warm-up:%n",
                    any.get("targetRecordsPerSecond").asInt(), any.get("measuredSeconds").asDouble(),
                    any.get("warmupSeconds").asDouble());
            out.printf("   %-14s %10s %10s %10s %10s %10s%n", "", "p50 ms", "p90 ms", "p99 ms", "max ms", "samples");
            for (String key : new String[] {"passThrough", "walkback"}) {
                JsonNode run = latency.get(key);
                out.printf("   %-14s %10.0f %10.0f %10.0f %10.0f %10d%n", run.get("variant").asText(),
                        run.get("p50Millis").asDouble(), run.get("p90Millis").asDouble(), run.get("p99Millis").asDouble(),
                        run.get("maxMillis").asDouble(), run.get("samples").asLong());
            }
            }
        } else {
            out.println("   skipped");
        }

        JsonNode memory = report.path("memory");
        out.println();
        out.println("3. Memory: walkback per max lag on a feed of " + (memory.has("records")
                ? String.format("%,d records", memory.get("records").asLong()) : "the same shape")
                + ", each run in a child JVM"
                + (memory.has("childHeap") ? " (-Xmx" + memory.get("childHeap").asText() + ")" : ""));
        if (memory.has("runs")) {
            out.printf("   %-10s %10s %16s %16s %14s %16s%n", "max lag", "peak RSS", "peak state", "after close",
                    "steady rec/s", "catch-up rec/s");
            for (JsonNode run : memory.get("runs")) {
                out.printf("   %-10s %10s %16s %16s %14s %16s%n", iso(run.get("maxLag")), bytes(run.get("peakRssBytes")),
                        bytes(run.get("peakStateBytes")), bytes(run.get("stateBytesAfterClose")),
                        rate(run.get("steadyRecordsPerSecond")), rate(run.get("catchUpRecordsPerSecond")));
            }
            // One row per store, one column per max lag: what grows with the feed, what stays put.
            java.util.TreeSet<String> stores = new java.util.TreeSet<>();
            memory.get("runs").forEach(run -> run.path("stateBytesByStore").fieldNames().forEachRemaining(stores::add));
            StringBuilder header = new StringBuilder(String.format("   %-44s", "state on disk, half-way -> end of the feed"));
            memory.get("runs").forEach(run -> header.append(String.format(" %20s", iso(run.get("maxLag")))));
            out.println(header);
            for (String store : stores) {
                StringBuilder row = new StringBuilder(String.format("   %-44s", store));
                for (JsonNode run : memory.get("runs")) {
                    JsonNode sizes = run.path("stateBytesByStore").path(store);
                    row.append(String.format(" %20s", sizes.isMissingNode() ? "-"
                            : bytes(sizes.get("halfWay")) + " -> " + bytes(sizes.get("caughtUp"))));
                }
                out.println(row);
            }
            out.println("   (a store smaller than RocksDB's write buffer lives in its memtable: in RSS, not on disk; the claim-status store");
            out.println("    grows with the feed, one entry per announcement, as its compacted topic does)");
            if (e2e.has("passThrough")) {
                out.printf("   pass-through (no state): peak RSS %s%n", bytes(e2e.get("passThrough").get("peakRssBytes")));
            }
        } else {
            out.println("   " + memory.path("skipped").asText("skipped"));
        }
        out.println();
        out.printf("Benchmark ran %.0f s.%n", report.get("benchSeconds").asDouble());
    }

    private static String iso(JsonNode duration) {
        try {
            return FeedSpec.iso(java.time.Duration.parse(duration.asText()));
        } catch (RuntimeException e) {
            return duration.asText();
        }
    }

    private static String perRecord(JsonNode byTopic, long records) {
        StringBuilder text = new StringBuilder();
        byTopic.properties().forEach(field -> {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(field.getKey()).append(' ').append(String.format(Locale.ROOT, "%.2f", field.getValue().asDouble() / records));
        });
        return text.toString();
    }

    private static String rate(JsonNode value) {
        return value == null || !value.isNumber() ? "n/a" : String.format("%,.0f", value.asDouble());
    }

    private static String ratio(JsonNode value) {
        return value == null || !value.isNumber() ? "n/a" : String.format("%.2f", value.asDouble());
    }

    private static String bytes(JsonNode value) {
        return value == null || !value.isNumber() ? "n/a" : bytes(value.asLong());
    }

    static String bytes(long bytes) {
        if (bytes < 0) {
            return "n/a";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.0f KB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.0f MB", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.1f GB", bytes / (1024.0 * 1024 * 1024));
    }
}

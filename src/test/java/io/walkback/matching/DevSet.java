package io.walkback.matching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The reversals-dev set: records, labels, and the candidate pairs the party/time rule admits. */
record DevSet(List<Record> announcements, List<Record> backtracks, Set<String> truePairs, List<Pair> candidates) {

    static final Path DIR = Path.of("src/test/resources/reversals-dev");

    /** An announcement (text = claim) or a backtrack (text = statement). */
    record Record(String id, Instant at, String actor, List<String> counterparts, String topic, String text) {
    }

    record Pair(Record announcement, Record backtrack, boolean match) {
    }

    static String key(String announcementId, String backtrackId) {
        return announcementId + "|" + backtrackId;
    }

    static DevSet load() {
        return load(DIR);
    }

    static DevSet load(Path dir) {
        ObjectMapper json = new ObjectMapper();
        List<Record> announcements = new ArrayList<>();
        List<Record> backtracks = new ArrayList<>();
        Map<String, Boolean> labels = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(dir.resolve("cases.jsonl"))) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = json.readTree(line);
                boolean announcement = n.get("type").asText().equals("announcement");
                List<String> counterparts = new ArrayList<>();
                n.get("counterparts").forEach(c -> counterparts.add(c.asText()));
                Record r = new Record(n.get("id").asText(),
                        Instant.parse(n.get(announcement ? "announcedAt" : "reportedAt").asText()),
                        n.get("actor").asText(), counterparts, n.get("topic").asText(),
                        n.get(announcement ? "claim" : "statement").asText());
                (announcement ? announcements : backtracks).add(r);
            }
            for (String line : Files.readAllLines(dir.resolve("labels.jsonl"))) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = json.readTree(line);
                labels.put(key(n.get("announcementId").asText(), n.get("backtrackId").asText()),
                        n.get("match").asBoolean());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> truePairs = new HashSet<>();
        labels.forEach((k, v) -> {
            if (v) {
                truePairs.add(k);
            }
        });
        List<Pair> candidates = new ArrayList<>();
        for (Record b : backtracks) {
            for (Record a : announcements) {
                Duration gap = Duration.between(a.at(), b.at());
                if (gap.isNegative() || gap.compareTo(Duration.ofDays(30)) > 0) {
                    continue;
                }
                Set<String> parties = new HashSet<>(a.counterparts());
                parties.add(a.actor());
                if (PartyBlocking.isCandidate(parties, b.actor(), b.counterparts())) {
                    candidates.add(new Pair(a, b, truePairs.contains(key(a.id(), b.id()))));
                }
            }
        }
        return new DevSet(announcements, backtracks, truePairs, candidates);
    }
}

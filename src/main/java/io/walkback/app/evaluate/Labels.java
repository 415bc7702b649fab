package io.walkback.app.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import io.walkback.contract.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Labelled pairs, JSON Lines {@code {"announcementId", "backtrackId", "match"}}: whether the backtrack contests
 * the announcement. A line that is not such an object is kept as a problem naming its line number and skipped.
 */
public record Labels(Set<Pair> matches, Set<Pair> nonMatches, List<String> problems) {

    public record Pair(String announcementId, String backtrackId) {
    }

    public static Labels read(Path file) {
        Set<Pair> matches = new LinkedHashSet<>();
        Set<Pair> nonMatches = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNumber = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String origin = file.getFileName() + ":" + lineNumber;
                try {
                    JsonNode node = Json.mapper().readTree(line);
                    JsonNode announcement = node.get("announcementId");
                    JsonNode backtrack = node.get("backtrackId");
                    JsonNode match = node.get("match");
                    if (announcement == null || !announcement.isTextual() || backtrack == null || !backtrack.isTextual()
                            || match == null || !match.isBoolean()) {
                        problems.add(origin + ": expected {\"announcementId\": text, \"backtrackId\": text, "
                                + "\"match\": true|false}");
                        continue;
                    }
                    Pair pair = new Pair(announcement.asText(), backtrack.asText());
                    (match.asBoolean() ? matches : nonMatches).add(pair);
                } catch (IOException e) {
                    problems.add(origin + ": not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read labels " + file + ": " + e.getMessage(), e);
        }
        return new Labels(java.util.Collections.unmodifiableSet(matches),
                java.util.Collections.unmodifiableSet(nonMatches), List.copyOf(problems));
    }
}

package io.walkback.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.walkback.contract.Announcement;
import io.walkback.contract.Backtrack;
import io.walkback.contract.Json;
import io.walkback.contract.JsonSerde;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Reads a historical feed in the contract's JSON Lines form: one announcement or backtrack per line,
 * told apart by {@code "type"}. Blank lines are ignored; any other line that breaks the contract is
 * kept as a {@link Feed.FeedProblem} naming its line number.
 */
public final class JsonLinesFeed {

    private static final JsonSerde<Announcement> ANNOUNCEMENTS = JsonSerde.of(Announcement.class);
    private static final JsonSerde<Backtrack> BACKTRACKS = JsonSerde.of(Backtrack.class);

    private JsonLinesFeed() {
    }

    public static Feed read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(file.getFileName().toString(), in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read feed " + file + ": " + e.getMessage(), e);
        }
    }

    public static Feed read(String name, InputStream in) {
        List<FeedEntry> entries = new ArrayList<>();
        List<Feed.FeedProblem> problems = new ArrayList<>();
        long lineNumber = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String origin = name + ":" + lineNumber;
                try {
                    entries.add(parse(origin, line));
                } catch (SerializationException | IllegalArgumentException e) {
                    problems.add(new Feed.FeedProblem(origin, e.getMessage()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read feed " + name + ": " + e.getMessage(), e);
        }
        return new Feed(entries, problems, Map.of(), lineNumber);
    }

    static FeedEntry parse(String origin, String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        String type = typeOf(bytes);
        return switch (type) {
            case "announcement" -> FeedEntry.of(origin, ANNOUNCEMENTS.read(bytes));
            case "backtrack" -> FeedEntry.of(origin, BACKTRACKS.read(bytes));
            default -> throw new IllegalArgumentException(
                    "field 'type' is '" + type + "', expected 'announcement' or 'backtrack'");
        };
    }

    private static String typeOf(byte[] bytes) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new SerializationException("not a JSON object: " + JsonSerde.reasonFor(e));
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) {
            throw new IllegalArgumentException("missing required field 'type' ('announcement' or 'backtrack')");
        }
        return type.asText();
    }
}

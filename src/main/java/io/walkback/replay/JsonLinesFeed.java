package io.walkback.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.walkback.contract.Announcement;
import io.walkback.contract.Backtrack;
import io.walkback.contract.Json;
import io.walkback.contract.JsonSerde;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
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

    /**
     * Far above any line the contract allows (100,000 characters a field), far below what a hostile file would need to
     * exhaust the heap. Lines are split on bytes by hand: a reader of characters would hold a line of any length.
     */
    static final int MAX_LINE_BYTES = 4 * 1024 * 1024;

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
        // One strict decoder for the file: a line that is not UTF-8 is reported, never silently repaired.
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (InputStream bytes = new BufferedInputStream(in, 1 << 16)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            boolean tooLong = false;
            for (int b = bytes.read(); ; b = bytes.read()) {
                if (b != -1 && b != '\n') {
                    if (line.size() < MAX_LINE_BYTES) {
                        line.write(b);
                    } else {
                        tooLong = true; // the rest of the line is read and dropped: memory stays bounded
                    }
                    continue;
                }
                if (b == -1 && line.size() == 0 && !tooLong) {
                    break;
                }
                lineNumber++;
                String origin = name + ":" + lineNumber;
                if (tooLong) {
                    problems.add(new Feed.FeedProblem(origin, "line longer than " + MAX_LINE_BYTES + " bytes"));
                } else {
                    read(origin, line.toByteArray(), utf8, entries, problems);
                }
                line.reset();
                tooLong = false;
                if (b == -1) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read feed " + name + ": " + e.getMessage(), e);
        }
        return new Feed(entries, problems, Map.of(), lineNumber);
    }

    /** One line: an entry, a problem, or nothing if it is blank. */
    private static void read(String origin, byte[] raw, CharsetDecoder utf8, List<FeedEntry> entries,
                             List<Feed.FeedProblem> problems) {
        String line;
        try {
            line = utf8.decode(ByteBuffer.wrap(raw)).toString(); // decode(ByteBuffer) resets the decoder first
        } catch (CharacterCodingException e) {
            problems.add(new Feed.FeedProblem(origin, "not valid UTF-8"));
            return;
        }
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        if (line.isBlank()) {
            return;
        }
        try {
            entries.add(parse(origin, line));
        } catch (SerializationException | IllegalArgumentException e) {
            problems.add(new Feed.FeedProblem(origin, e.getMessage()));
        }
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

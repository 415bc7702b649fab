package io.walkback.replay;

import io.walkback.contract.Announcement;
import io.walkback.contract.Backtrack;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads GDELT 2.0 event exports (the 15-minute {@code YYYYMMDDHHMMSS.export.CSV} files: tab-separated,
 * 61 columns, no header), plain or zipped as GDELT publishes them, into a {@link Feed}.
 *
 * <p>Each row is one event of Actor1 towards Actor2. A row whose EventCode the {@link CameoMapping} lists
 * becomes an announcement (cooperation) or a backtrack (rejection, reversal) by Actor1CountryCode with
 * Actor2CountryCode as the counterpart, on the code's domain as topic, at DATEADDED (UTC). Rows are
 * accounted for in exactly one way: a problem (malformed: wrong column count, bad GLOBALEVENTID or
 * DATEADDED), skipped for one of the {@code SKIPPED_*} reasons, or an entry.
 *
 * <p>GDELT codes the same event once per article that reports it, so one happening arrives as many rows.
 * Rows with the same Actor1CountryCode, Actor2CountryCode, EventCode and 15-minute DATEADDED slot are
 * collapsed into the one with the lowest GLOBALEVENTID, across all files read together; the others are
 * counted as {@link #SKIPPED_DUPLICATE}.
 */
public final class GdeltFeed {

    public static final int COLUMNS = 61;
    public static final String SOURCE = "GDELT";
    public static final String ID_PREFIX = "gdelt-";

    public static final String SKIPPED_NO_COUNTRY = "no Actor1CountryCode or Actor2CountryCode";
    public static final String SKIPPED_SAME_COUNTRY = "same country on both sides";
    public static final String SKIPPED_UNMAPPED_CODE = "event code neither cooperative nor rejecting";
    public static final String SKIPPED_DUPLICATE = "duplicate of an earlier event (same actors, code and 15-minute slot)";

    // 0-based column indexes, from the GDELT 2.0 event codebook.
    static final int GLOBALEVENTID = 0;
    static final int ACTOR1_NAME = 6;
    static final int ACTOR1_COUNTRY = 7;
    static final int ACTOR2_NAME = 16;
    static final int ACTOR2_COUNTRY = 17;
    static final int EVENT_CODE = 26;
    static final int DATEADDED = 59;
    static final int SOURCEURL = 60;

    private static final long SLOT_SECONDS = 15 * 60;

    private GdeltFeed() {
    }

    public static Feed read(Path file, CameoMapping mapping) {
        return read(List.of(file), mapping);
    }

    /** Reads the files in the order given; duplicates are collapsed across all of them. */
    public static Feed read(List<Path> files, CameoMapping mapping) {
        Reading reading = new Reading(mapping);
        for (Path file : files) {
            String name = file.getFileName().toString();
            try {
                if (isZip(file)) {
                    readZip(file, name, reading);
                } else {
                    try (InputStream in = Files.newInputStream(file)) {
                        reading.readLines(name, in);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read GDELT file " + file + ": " + e.getMessage(), e);
            }
        }
        return reading.feed();
    }

    /**
     * Whether a file is most likely a GDELT export, for {@code --format auto}: its name ends with
     * {@code .export.CSV} or {@code .zip} (any case), or its first line has 61 tab-separated fields.
     */
    public static boolean looksLikeGdelt(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".export.csv") || name.endsWith(".zip")) {
            return true;
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = reader.readLine();
            return first != null && fieldCount(first) == COLUMNS;
        } catch (CharacterCodingException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean isZip(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip");
    }

    /** GDELT's zips hold one CSV: its lines are named after the zip. Should a zip hold more, each is named zip!entry. */
    private static void readZip(Path file, String name, Reading reading) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8)) {
            List<ZipEntry> files = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                if (!entry.isDirectory()) {
                    files.add(entry);
                }
            }
            for (ZipEntry entry : files) {
                try (InputStream in = zip.getInputStream(entry)) {
                    reading.readLines(files.size() == 1 ? name : name + "!" + entry.getName(), in);
                }
            }
        }
    }

    private static int fieldCount(String line) {
        int count = 1;
        for (int i = line.indexOf('\t'); i >= 0; i = line.indexOf('\t', i + 1)) {
            count++;
        }
        return count;
    }

    /** A mapped row waiting for duplicates to be collapsed. */
    private record Candidate(long globalEventId, FeedEntry entry) {
    }

    /** The state of one {@link #read} call. */
    private static final class Reading {
        private final CameoMapping mapping;
        private final List<Candidate> candidates = new ArrayList<>();
        private final Map<String, Candidate> firstBySlot = new HashMap<>();
        private final List<Feed.FeedProblem> problems = new ArrayList<>();
        private final Map<String, Long> skipped = new LinkedHashMap<>();
        private final String[] fields = new String[COLUMNS];
        private long linesRead;

        Reading(CameoMapping mapping) {
            this.mapping = mapping;
        }

        void readLines(String name, InputStream in) throws IOException {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
            long lineNumber = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                linesRead++;
                if (line.isBlank()) {
                    continue;
                }
                String origin = name + ":" + lineNumber;
                String reason = accountFor(origin, line);
                if (reason != null) {
                    problems.add(new Feed.FeedProblem(origin, reason));
                }
            }
        }

        /** @return why the line is malformed, or null when it was accounted for as an entry or a skip */
        private String accountFor(String origin, String line) {
            int found = split(line);
            if (found != COLUMNS) {
                return "expected " + COLUMNS + " tab-separated fields, found " + found;
            }
            long id = parseId(fields[GLOBALEVENTID]);
            if (id < 0) {
                return "GLOBALEVENTID '" + fields[GLOBALEVENTID] + "' is not a positive whole number";
            }
            Instant added = parseDateAdded(fields[DATEADDED]);
            if (added == null) {
                return "DATEADDED '" + fields[DATEADDED] + "' is not a UTC date-time YYYYMMDDHHMMSS";
            }
            String actor = fields[ACTOR1_COUNTRY].strip();
            String counterpart = fields[ACTOR2_COUNTRY].strip();
            if (actor.isEmpty() || counterpart.isEmpty()) {
                return skip(SKIPPED_NO_COUNTRY);
            }
            if (actor.equals(counterpart)) {
                return skip(SKIPPED_SAME_COUNTRY);
            }
            String code = fields[EVENT_CODE].strip();
            CameoMapping.Rule rule = mapping.rule(code).orElse(null);
            if (rule == null) {
                return skip(SKIPPED_UNMAPPED_CODE);
            }
            Candidate candidate = new Candidate(id, entry(origin, id, added, actor, counterpart, rule));
            String slot = actor + '\t' + counterpart + '\t' + code + '\t' + Math.floorDiv(added.getEpochSecond(), SLOT_SECONDS);
            Candidate first = firstBySlot.get(slot);
            if (first == null || id < first.globalEventId()) {
                firstBySlot.put(slot, candidate);
            }
            candidates.add(candidate);
            return null;
        }

        private FeedEntry entry(String origin, long id, Instant added, String actor, String counterpart,
                                CameoMapping.Rule rule) {
            String actorName = fields[ACTOR1_NAME].strip();
            String counterpartName = fields[ACTOR2_NAME].strip();
            String text = (actorName.isEmpty() ? actor : actorName) + ": " + rule.label() + " with "
                    + (counterpartName.isEmpty() ? counterpart : counterpartName) + " (CAMEO " + rule.code() + ")";
            String eventId = ID_PREFIX + id;
            String speaker = actorName.isEmpty() ? null : actorName;
            String url = fields[SOURCEURL].strip();
            url = url.isEmpty() ? null : url;
            List<String> counterparts = List.of(counterpart);
            if (rule.isAnnouncement()) {
                return FeedEntry.of(origin, new Announcement(eventId, added, actor, speaker, counterparts,
                        rule.domain(), text, SOURCE, url));
            }
            return FeedEntry.of(origin, new Backtrack(eventId, added, actor, speaker, counterparts,
                    rule.domain(), text, rule.kind(), null, SOURCE, url));
        }

        private String skip(String reason) {
            skipped.merge(reason, 1L, Long::sum);
            return null;
        }

        /** Splits on tabs into {@link #fields}; returns the number of fields the line has. */
        private int split(String line) {
            int count = 0;
            int start = 0;
            while (true) {
                int tab = line.indexOf('\t', start);
                int end = tab < 0 ? line.length() : tab;
                if (count < COLUMNS) {
                    fields[count] = line.substring(start, end);
                }
                count++;
                if (tab < 0) {
                    return count;
                }
                start = tab + 1;
            }
        }

        Feed feed() {
            List<FeedEntry> entries = new ArrayList<>(firstBySlot.size());
            long duplicates = 0;
            Set<Candidate> kept = Collections.newSetFromMap(new IdentityHashMap<>());
            kept.addAll(firstBySlot.values());
            for (Candidate candidate : candidates) {
                if (kept.contains(candidate)) {
                    entries.add(candidate.entry());
                } else {
                    duplicates++;
                }
            }
            if (duplicates > 0) {
                skipped.merge(SKIPPED_DUPLICATE, duplicates, Long::sum);
            }
            return new Feed(entries, problems, skipped, linesRead);
        }
    }

    /** -1 unless the text is a positive whole number. */
    static long parseId(String text) {
        if (text.isEmpty() || text.length() > 18) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value > 0 ? value : -1;
    }

    /** DATEADDED as an instant (GDELT's times are UTC), or null unless it is a valid YYYYMMDDHHMMSS. */
    static Instant parseDateAdded(String text) {
        if (text.length() != 14) {
            return null;
        }
        for (int i = 0; i < 14; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        try {
            return LocalDateTime.of(digits(text, 0, 4), digits(text, 4, 6), digits(text, 6, 8),
                    digits(text, 8, 10), digits(text, 10, 12), digits(text, 12, 14)).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int digits(String text, int from, int to) {
        return Integer.parseInt(text, from, to, 10);
    }
}

package io.walkback.contract;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Derives the claim key that announcements and backtracks are matched on. Topics are compared after
 * normalizing case, whitespace and separators ("Islamic State", "islamic_state", "islamic-state" are
 * the same), then each '/'-separated segment is replaced by its alias if it has one ("isis" and "isil"
 * can both mean "islamic-state"). Parties are trimmed and upper-cased ("usa" is "USA").
 */
public final class ClaimKeys {

    private static final Pattern SEPARATORS = Pattern.compile("[\\s_\\-]+");
    private static final Pattern AROUND_SLASH = Pattern.compile("\\s*/\\s*");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /** Normalized topics by raw topic; cleared when full, so a feed of endless distinct topics cannot grow it. */
    private static final int TOPIC_CACHE_SIZE = 10_000;

    private final Map<String, String> aliases;
    // The key is computed for every record (and again for each result), and feeds repeat topics endlessly:
    // normalizing each distinct topic once takes a measurable share off the stream thread (see bench).
    private final Map<String, String> normalizedTopics = new ConcurrentHashMap<>();

    /** @param aliases alias to canonical topic segment; both sides are normalized here, so files may use any spelling */
    public ClaimKeys(Map<String, String> aliases) {
        Map<String, String> normalized = new HashMap<>();
        aliases.forEach((alias, canonical) -> normalized.put(normalizeSegment(alias), normalizeSegment(canonical)));
        this.aliases = Map.copyOf(normalized);
    }

    public static ClaimKeys withoutAliases() {
        return new ClaimKeys(Map.of());
    }

    public ClaimKey of(Announcement announcement) {
        return key(announcement.topic(), announcement.actor(), announcement.counterparts());
    }

    public ClaimKey of(Backtrack backtrack) {
        return key(backtrack.topic(), backtrack.actor(), backtrack.counterparts());
    }

    public String topic(String topic) {
        String normalized = normalizedTopics.get(topic);
        if (normalized == null) {
            normalized = normalizeTopic(topic);
            if (normalizedTopics.size() >= TOPIC_CACHE_SIZE) {
                normalizedTopics.clear();
            }
            normalizedTopics.put(topic, normalized);
        }
        return normalized;
    }

    private String normalizeTopic(String topic) {
        return Arrays.stream(AROUND_SLASH.split(topic.trim()))
                .map(ClaimKeys::normalizeSegment)
                .filter(segment -> !segment.isEmpty())
                .map(segment -> aliases.getOrDefault(segment, segment))
                .collect(Collectors.joining("/"));
    }

    private ClaimKey key(String topic, String actor, List<String> counterparts) {
        TreeSet<String> parties = new TreeSet<>();
        parties.add(normalizeParty(actor));
        for (String counterpart : counterparts) {
            parties.add(normalizeParty(counterpart));
        }
        return new ClaimKey(topic(topic), List.copyOf(parties));
    }

    private static String normalizeSegment(String segment) {
        String dashed = SEPARATORS.matcher(segment.trim().toLowerCase(Locale.ROOT)).replaceAll("-");
        return trimDashes(dashed);
    }

    private static String trimDashes(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) == '-') {
            start++;
        }
        while (end > start && text.charAt(end - 1) == '-') {
            end--;
        }
        return text.substring(start, end);
    }

    /** A party as claim keys hold it: trimmed, whitespace collapsed, upper case. */
    public static String party(String party) {
        return normalizeParty(party);
    }

    private static String normalizeParty(String party) {
        if (isNormalParty(party)) {
            return party; // the usual case ("USA"): nothing to trim, collapse or upper-case
        }
        return WHITESPACE.matcher(party.trim()).replaceAll(" ").toUpperCase(Locale.ROOT);
    }

    /** True when normalizing would not change {@code party}: printable ASCII, no lower case, no whitespace. */
    private static boolean isNormalParty(String party) {
        for (int i = 0; i < party.length(); i++) {
            char c = party.charAt(i);
            if (c <= ' ' || c >= 0x7f || (c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return true;
    }
}

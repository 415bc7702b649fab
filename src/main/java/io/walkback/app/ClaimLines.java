package io.walkback.app;

import io.walkback.contract.ContestedClaim;
import io.walkback.contract.Match;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Contested claims as a person reads them: who announced what, who contested it, and how long it stood. Feed text
 * reaches a terminal here, so control and format characters (escape sequences, bidirectional overrides) are shown as
 * U+FFFD, never sent to the terminal to interpret.
 */
public final class ClaimLines {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final int MAX_TEXT = 110;

    private ClaimLines() {
    }

    public static String describe(ContestedClaim claim) {
        return DAY.format(claim.announcedAt()) + "  " + printable(claim.announcedBy()) + " announced: \""
                + shorten(claim.claim()) + "\"\n"
                + "                  " + printable(claim.contestedBy()) + " " + claim.kind().wireName().replace('_', ' ')
                + " after " + lag(claim.lag()) + " (" + DAY.format(claim.contestedAt()) + "): \""
                + shorten(claim.statement()) + "\""
                + (claim.match() == null ? "" : "\n                  matched by " + match(claim.match()));
    }

    /** "similarity 0.78 (shared: sanction, rusal)", "claim-key", "reference". */
    public static String match(Match match) {
        if (!match.method().equals(Match.SIMILARITY)) {
            return match.method();
        }
        String score = String.format(java.util.Locale.ROOT, "%.2f", match.score());
        return match.method() + " " + score
                + (match.terms().isEmpty() ? "" : " (shared: " + shorten(String.join(", ", match.terms())) + ")");
    }

    /** "1d 18h", "3h 30m", "45m", "0m". */
    public static String lag(Duration lag) {
        long days = lag.toDays();
        long hours = lag.toHoursPart();
        long minutes = lag.toMinutesPart();
        if (days > 0) {
            return days + "d " + hours + "h";
        }
        if (hours > 0) {
            return hours + "h " + minutes + "m";
        }
        return minutes + "m";
    }

    private static String shorten(String text) {
        String oneLine = printable(text.replaceAll("\\s+", " ").strip());
        return oneLine.length() <= MAX_TEXT ? oneLine : oneLine.substring(0, MAX_TEXT - 1) + "…";
    }

    /** {@code text} with every control or format character as U+FFFD. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            int type = Character.getType(c);
            out.appendCodePoint(type == Character.CONTROL || type == Character.FORMAT ? '\uFFFD' : c);
        });
        return out.toString();
    }
}

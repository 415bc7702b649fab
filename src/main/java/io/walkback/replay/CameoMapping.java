package io.walkback.replay;

import io.walkback.contract.BacktrackKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which CAMEO event codes become announcements or backtracks when GDELT is replayed, and the claim domain
 * (topic) of each. Read from a file of lines {@code CODE = ROLE DOMAIN "LABEL"}; see
 * {@code config/cameo-topics.properties}, whose copy is bundled as {@link #DEFAULT_RESOURCE}.
 *
 * <p>Every line is checked when loaded: a malformed line, an unknown role, a repeated code or a domain
 * with no announcement code (or no backtrack code), which could never match, is refused with a
 * {@link FeedProblem} naming the file and line.
 */
public final class CameoMapping {

    public static final String DEFAULT_RESOURCE = "/gdelt/cameo-topics.properties";
    public static final String ANNOUNCEMENT = "announcement";

    private static final Pattern LINE =
            Pattern.compile("^\\s*(\\S+?)\\s*=\\s*(\\S+)\\s+(\\S+)\\s+\"([^\"]*)\"\\s*$");
    private static final Pattern CODE = Pattern.compile("\\d{3,4}");
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    /**
     * What one CAMEO code becomes.
     *
     * @param kind   null for an announcement, else the kind of the backtrack
     * @param domain the topic announcements and backtracks of this code are matched on
     * @param label  the code's name, used in the claim or statement text
     * @param line   where the code is defined, for messages
     */
    public record Rule(String code, BacktrackKind kind, String domain, String label, int line) {
        public boolean isAnnouncement() {
            return kind == null;
        }
    }

    private final String name;
    private final Map<String, Rule> rules;

    private CameoMapping(String name, Map<String, Rule> rules) {
        this.name = name;
        this.rules = Map.copyOf(rules);
    }

    /** The mapping bundled with Walkback (the same text as {@code config/cameo-topics.properties}). */
    public static CameoMapping defaults() {
        try (InputStream in = CameoMapping.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the bundled CAMEO mapping " + DEFAULT_RESOURCE + " is missing from the jar");
            }
            return parse("cameo-topics.properties (bundled)", new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled CAMEO mapping: " + e.getMessage(), e);
        }
    }

    public static CameoMapping load(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(file.toString(), reader);
        } catch (IOException e) {
            throw new FeedProblem("CAMEO mapping: cannot read " + file + " (" + e + ")");
        }
    }

    /** @param name how messages name the source, e.g. its path */
    public static CameoMapping parse(String name, Reader text) throws IOException {
        Map<String, Rule> rules = new LinkedHashMap<>();
        BufferedReader reader = new BufferedReader(text);
        int lineNumber = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNumber++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            Rule rule = parseLine(name, lineNumber, trimmed);
            Rule earlier = rules.putIfAbsent(rule.code(), rule);
            if (earlier != null) {
                throw problem(name, lineNumber, "code " + rule.code() + " is already mapped on line " + earlier.line());
            }
        }
        if (rules.isEmpty()) {
            throw new FeedProblem(name + ": no CAMEO codes mapped");
        }
        checkEveryDomainHasBothSides(name, rules.values());
        return new CameoMapping(name, rules);
    }

    private static Rule parseLine(String name, int lineNumber, String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            throw problem(name, lineNumber, "expected CODE = ROLE DOMAIN \"LABEL\", got '" + line + "'");
        }
        String code = m.group(1);
        String role = m.group(2).toLowerCase(Locale.ROOT);
        String domain = m.group(3);
        String label = m.group(4).strip();
        if (!CODE.matcher(code).matches()) {
            throw problem(name, lineNumber, "CAMEO code must be 3 or 4 digits, got '" + code + "'");
        }
        if (!DOMAIN.matcher(domain).matches()) {
            throw problem(name, lineNumber, "domain must be lower-case words joined by '-', got '" + domain + "'");
        }
        if (label.isEmpty()) {
            throw problem(name, lineNumber, "the label of code " + code + " is empty");
        }
        BacktrackKind kind;
        if (role.equals(ANNOUNCEMENT)) {
            kind = null;
        } else {
            try {
                kind = BacktrackKind.fromWire(role);
            } catch (IllegalArgumentException e) {
                throw problem(name, lineNumber, "unknown role '" + m.group(2) + "', expected " + ANNOUNCEMENT
                        + " or a backtrack kind (" + BacktrackKind.allWireNames() + ")");
            }
        }
        return new Rule(code, kind, domain, label, lineNumber);
    }

    private static void checkEveryDomainHasBothSides(String name, Collection<Rule> rules) {
        Map<String, List<Rule>> byDomain = new LinkedHashMap<>();
        rules.forEach(rule -> byDomain.computeIfAbsent(rule.domain(), d -> new ArrayList<>()).add(rule));
        byDomain.forEach((domain, members) -> {
            boolean announced = members.stream().anyMatch(Rule::isAnnouncement);
            boolean contested = members.stream().anyMatch(rule -> !rule.isAnnouncement());
            if (!announced || !contested) {
                throw problem(name, members.get(0).line(), "domain '" + domain + "' has "
                        + (announced ? "no backtrack code" : "no announcement code")
                        + ", so nothing in it could ever be contested");
            }
        });
    }

    private static FeedProblem problem(String name, int line, String reason) {
        return new FeedProblem(name + ":" + line + ": " + reason);
    }

    /** The rule for a GDELT EventCode, empty when the code is neither cooperative nor rejecting. */
    public Optional<Rule> rule(String eventCode) {
        return Optional.ofNullable(rules.get(eventCode));
    }

    public Map<String, Rule> rules() {
        return rules;
    }

    public SortedSet<String> domains() {
        TreeSet<String> domains = new TreeSet<>();
        rules.values().forEach(rule -> domains.add(rule.domain()));
        return domains;
    }

    /** Where the mapping was read from. */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "CameoMapping[" + name + ", " + rules.size() + " codes in " + domains().size() + " domains]";
    }
}

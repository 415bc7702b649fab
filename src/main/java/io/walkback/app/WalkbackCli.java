package io.walkback.app;

import io.walkback.app.config.ConfigProblem;
import io.walkback.app.config.WalkbackConfig;
import io.walkback.replay.Feed;
import io.walkback.replay.FeedProblem;
import io.walkback.replay.JsonLinesFeed;
import io.walkback.replay.Progress;
import io.walkback.replay.ReplaySummary;
import io.walkback.replay.Replayer;
import io.walkback.topology.TopologySettings;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code java -jar walkback.jar <command>}: the demo, the processor, replays and topic setup. */
@Command(name = "walkback", mixinStandardHelpOptions = true, version = "walkback 0.1.0",
        description = "Catches diplomatic announcements being walked back: joins announcements with later reports of backtracking (Kafka Streams) and emits contested claims with the lag between the two.",
        subcommands = {
                WalkbackCli.DemoCommand.class,
                WalkbackCli.RunCommand.class,
                WalkbackCli.ReplayCommand.class,
                WalkbackCli.TopicsCommand.class,
                EvaluateCommand.class,
                CommandLine.HelpCommand.class})
public final class WalkbackCli implements Runnable {

    static final int EXIT_USAGE = 2;
    private static final Logger LOG = LoggerFactory.getLogger(WalkbackCli.class);
    static final String SAMPLE_FEED = "/feeds/sample-feed.jsonl";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(System.out, System.err, args));
    }

    static int execute(PrintStream out, PrintStream err, String... args) {
        CommandLine commandLine = new CommandLine(new WalkbackCli())
                .setOut(new java.io.PrintWriter(out, true))
                .setErr(new java.io.PrintWriter(err, true))
                .setCaseInsensitiveEnumValuesAllowed(true)
                .registerConverter(Duration.class, WalkbackCli::duration);
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            String command = e.getCommandLine().getCommandSpec().qualifiedName();
            err.println(command + ": " + e.getMessage() + " (see '" + command + " --help')");
            return EXIT_USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigProblem || e instanceof FeedProblem) {
                err.println("walkback: " + e.getMessage());
                return EXIT_USAGE;
            }
            LOG.debug("Command failed", e);
            err.println("walkback: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        });
        return commandLine.execute(args);
    }

    /** No command given: the usage, then one line and exit 2, as for any other usage error. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing command: give one of " + String.join(", ", spec.subcommands().keySet()));
    }

    /** An ISO-8601 duration option, refused with what is expected rather than the parser's exception. */
    static Duration duration(String value) {
        try {
            return Duration.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("expected an ISO-8601 duration such as PT3S or PT1M, got '"
                    + value + "'");
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Starts a Kafka broker in this JVM (no installation needed), creates the topics, runs the processor, replays a feed into it and prints each contested claim as it is found.")
    static final class DemoCommand implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Mixin
        FeedOptions feed;

        @Option(names = "--out", paramLabel = "FILE", description = "Also write the contested claims to FILE as JSON Lines.")
        Path out;

        @Option(names = "--until-idle", description = "Exit once the feed is processed and no claim came for --idle-for (for scripts).")
        boolean untilIdle;

        @Option(names = "--http-port", paramLabel = "N",
                description = "Port of the dashboard, metrics and claims API (default: walkback.http.port, 8080; 0 picks a free one).")
        Integer httpPort;

        @Option(names = "--idle-for", paramLabel = "DURATION", defaultValue = "PT3S",
                description = "Quiet time that counts as idle with --until-idle, ISO-8601 (default: ${DEFAULT-VALUE}).")
        Duration idleFor;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            WalkbackConfig base = httpPort == null ? config.load()
                    : config.load().with(java.util.Map.of(WalkbackConfig.HTTP_PORT, String.valueOf(httpPort)));
            Feed input = feed.given() ? feed.read(spec) : bundledSample();
            String name = feed.given() ? String.join(", ", feed.files().stream().map(Path::toString).toList())
                    : "the bundled sample feed";
            new Demo(spec.commandLine().getOut()).run(base, input, name, out, untilIdle ? idleFor : null);
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Runs the processor against the cluster in the config until stopped (SIGTERM or Ctrl-C close it cleanly). Start more instances with the same application.id to scale out.")
    static final class RunCommand implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            WalkbackService service = WalkbackService.start(config.load(), claim -> { });
            spec.commandLine().getOut().printf("Walkback running. Dashboard: %s   metrics: %s%n",
                    service.dashboardUrl(), service.metricsUrl());
            Runtime.getRuntime().addShutdownHook(new Thread(service::close, "walkback-shutdown"));
            while (!service.processor().awaitStopped(Duration.ofSeconds(1))) {
                Optional<String> trouble = service.trouble();
                if (trouble.isPresent()) {
                    // A JVM that ran out of memory once is not to be trusted: stop, exit 1, let the supervisor restart.
                    spec.commandLine().getErr().println("walkback: " + trouble.get() + "; stopping (exit 1) so that a "
                            + "supervisor restarts the process");
                    service.close();
                    return 1;
                }
            }
            return service.processor().awaitStopped() == KafkaStreams.State.ERROR ? 1 : 0;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Produces a historical feed (JSON Lines, or GDELT 2.0 exports) into the input topics in event-time order, each record stamped with its event time and keyed by claim key. Bad lines are reported with their line number and skipped; records the broker refuses are reported; the summary accounts for every line.")
    static final class ReplayCommand implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Mixin
        FeedOptions feed;

        @Option(names = "--rate", paramLabel = "N", defaultValue = "0",
                description = "Records per second; 0 means as fast as possible (default: ${DEFAULT-VALUE}).")
        double rate;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (rate < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--rate: expected 0 or more records/s, got " + rate);
            }
            if (!feed.given()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "Missing required feed: give --feed FILE or FILE...");
            }
            WalkbackConfig settings = config.load();
            Feed input = feed.read(spec);
            spec.commandLine().getErr().println("Connecting to " + settings.get("bootstrap.servers") + " ...");
            TopicSetup.requireInputTopics(settings);
            warnIfBehind(settings, input, spec.commandLine().getErr());
            ReplaySummary summary = Replayer.replay(settings.clientProperties(), settings.topics(), settings.inputKeys(),
                    settings.maxAheadOfNow(), input, rate,
                    new Progress(System.err, Progress.onTerminal(), input.entries().size()));
            PrintWriter out = spec.commandLine().getOut();
            summary.badLines().forEach(problem -> out.println("bad line " + problem));
            summary.refused().forEach(problem -> out.println("refused " + problem));
            out.println(summary.line());
            // 1 when any line did not go out, so a script notices; each such line is listed above.
            return summary.complete() ? 0 : 1;
        }
    }

    @Command(name = "topics", mixinStandardHelpOptions = true,
            description = "Creates the five Walkback topics (two inputs, contested claims, claim status, dead letters) with the configured partitions, replication and retention, if absent.")
    static final class TopicsCommand implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            WalkbackConfig settings = config.load();
            spec.commandLine().getErr().println("Connecting to " + settings.get("bootstrap.servers") + " ...");
            TopicSetup.ensureTopics(settings).forEach(spec.commandLine().getOut()::println);
            return 0;
        }
    }

    /**
     * Stream time never goes back: a processor that has read the input topics drops records more than max lag plus
     * grace behind their newest. Such a replay is allowed (the processor may be new) but never silent.
     */
    private static void warnIfBehind(WalkbackConfig config, Feed feed, PrintWriter err) {
        if (feed.entries().isEmpty()) {
            return;
        }
        TopicSetup.newestInputTime(config).ifPresent(newest -> {
            TopologySettings settings = config.topologySettings();
            Instant cutoff = newest.minus(settings.maxLag()).minus(settings.grace());
            long behind = feed.entries().stream().filter(entry -> entry.eventTime().isBefore(cutoff)).count();
            if (behind > 0) {
                err.printf("warning: the input topics already hold records up to %s; a processor that has read "
                        + "them drops records before %s (max lag + grace behind) as late: %,d of this feed's %,d records, "
                        + "from %s. Replay into fresh topics or run the processor under a new application.id.%n",
                        newest, cutoff, behind, feed.entries().size(), feed.entries().get(0).eventTime());
            }
        });
    }

    static Feed bundledSample() {
        try (InputStream in = WalkbackCli.class.getResourceAsStream(SAMPLE_FEED)) {
            if (in == null) {
                throw new IllegalStateException("the bundled sample feed " + SAMPLE_FEED + " is missing from the jar");
            }
            return JsonLinesFeed.read("sample-feed.jsonl", in);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

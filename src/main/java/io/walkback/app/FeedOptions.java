package io.walkback.app;

import io.walkback.replay.CameoMapping;
import io.walkback.replay.Feed;
import io.walkback.replay.GdeltFeed;
import io.walkback.replay.JsonLinesFeed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** Which feed files to read and how: JSON Lines in the contract's form, or GDELT 2.0 event exports. */
final class FeedOptions {

    enum Format { AUTO, JSONL, GDELT }

    @Option(names = "--feed", paramLabel = "FILE", description = "Feed file; repeatable. Files may also be given as arguments.")
    List<Path> feedOptions = new ArrayList<>();

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "More feed files (e.g. a day of GDELT exports).")
    List<Path> feedArguments = new ArrayList<>();

    @Option(names = "--format", paramLabel = "auto|jsonl|gdelt", defaultValue = "auto",
            description = "Feed format. auto: GDELT for *.export.CSV, *.zip or 61 tab-separated columns, else JSON Lines (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--cameo-topics", paramLabel = "FILE",
            description = "GDELT only: CAMEO event code to announcement/backtrack topic mapping (default: the bundled copy of config/cameo-topics.properties).")
    Path cameoTopics;

    List<Path> files() {
        List<Path> all = new ArrayList<>(feedOptions);
        all.addAll(feedArguments);
        return all;
    }

    boolean given() {
        return !files().isEmpty();
    }

    Feed read(CommandLine.Model.CommandSpec spec) {
        List<Path> files = files();
        for (Path file : files) {
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--feed: expected a readable file, got '" + file + "'");
            }
        }
        if (isGdelt(files, spec)) {
            return GdeltFeed.read(files, cameoTopics == null ? CameoMapping.defaults() : CameoMapping.load(cameoTopics));
        }
        return Feed.concat(files.stream().map(JsonLinesFeed::read).toList());
    }

    private boolean isGdelt(List<Path> files, CommandLine.Model.CommandSpec spec) {
        return switch (format) {
            case GDELT -> true;
            case JSONL -> false;
            case AUTO -> {
                long gdelt = files.stream().filter(GdeltFeed::looksLikeGdelt).count();
                if (gdelt != 0 && gdelt != files.size()) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "--format: some files look like GDELT exports and some do not; choose --format gdelt or --format jsonl");
                }
                yield gdelt == files.size();
            }
        };
    }
}

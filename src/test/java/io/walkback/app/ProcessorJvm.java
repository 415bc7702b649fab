package io.walkback.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.walkback.app.config.WalkbackConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code java -jar target/walkback.jar run ...} as a separate JVM, so a test can kill it with SIGKILL. */
final class ProcessorJvm implements AutoCloseable {

    static final Path JAR = Path.of("target", "walkback.jar");

    private final Process process;

    private ProcessorJvm(Process process) {
        this.process = process;
    }

    /** Starts {@code run} with every setting of {@code config} that differs from the shipped defaults passed as --set. */
    static ProcessorJvm start(Map<String, String> settings, Path logFile) throws IOException {
        assertThat(JAR).as("the shaded jar (built by mvn package, before the integration tests)").exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m", "-jar",
                JAR.toString(), "run", "--config", WalkbackConfig.DEFAULT_FILE.toString()));
        settings.forEach((key, value) -> {
            command.add("--set");
            command.add(key + "=" + value);
        });
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        return new ProcessorJvm(process);
    }

    /** SIGKILL: no shutdown hook, no flush, no commit, no leaving the group. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(40, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    static String tail(Path logFile) throws IOException {
        List<String> lines = Files.readAllLines(logFile);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}

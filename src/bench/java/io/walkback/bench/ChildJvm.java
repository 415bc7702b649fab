package io.walkback.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.walkback.contract.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One benchmark step in a JVM of its own ({@code java <options> -cp <classpath> io.walkback.bench.BenchChild
 * <mode> <json>}): a fresh heap and JIT per variant, and a peak RSS that is the step's alone. The child
 * reports on stdout with {@link BenchChild#RESULT} and {@link BenchChild#RUNNING} lines; its stderr (logs)
 * goes to a file.
 */
final class ChildJvm implements AutoCloseable {

    private static final String END = "\u0000end";

    private final String name;
    private final Process process;
    private final Path log;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        Thread reader = new Thread(this::readStdout, "bench-child-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    static ChildJvm start(String name, String classpath, List<String> jvmOptions, String mode, ObjectNode args,
                          Path logDir) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(BenchChild.class.getName());
        command.add(mode);
        command.add(Json.mapper().writeValueAsString(args));
        java.nio.file.Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.to(log.toFile()))
                .start();
        return new ChildJvm(name, process, log);
    }

    private void readStdout() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the child went away; reported by next()
        } finally {
            lines.add(END);
        }
    }

    /** Waits for the line starting with {@code marker} and returns what follows it. */
    String await(String marker, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                throw new IllegalStateException("child JVM " + name + " sent no " + marker.trim() + " within " + timeout
                        + "; see " + log);
            }
            if (line.equals(END)) {
                process.waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("child JVM " + name + " ended (exit "
                        + (process.isAlive() ? "?" : process.exitValue()) + ") without " + marker.trim() + "; see " + log);
            }
            if (line.startsWith(marker)) {
                return line.substring(marker.length());
            }
        }
    }

    ObjectNode awaitResult(Duration timeout) throws Exception {
        ObjectNode result = (ObjectNode) Json.mapper().readTree(await(BenchChild.RESULT, timeout));
        process.waitFor(30, TimeUnit.SECONDS);
        return result;
    }

    /** Tells a child in live mode to close its application and report. */
    void stop() throws IOException {
        OutputStream in = process.getOutputStream();
        in.write("stop\n".getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** The child's process id, to sample its memory, threads and files while it runs. */
    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}

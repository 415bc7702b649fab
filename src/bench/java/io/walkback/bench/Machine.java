package io.walkback.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.internals.AppInfoParser;

/** What the figures were measured on, and the process-level measurements (peak RSS, bytes on disk). */
final class Machine {

    private Machine() {
    }

    static ObjectNode describe(List<String> childJvmOptions, List<String> topologyJvmOptions) {
        ObjectNode machine = JsonNodeFactory.instance.objectNode();
        Runtime runtime = Runtime.getRuntime();
        machine.put("cores", runtime.availableProcessors());
        machine.put("cpu", cpuModel());
        machine.put("memoryBytes", memTotalBytes());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        machine.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vm.vendor") + ")");
        machine.put("benchHeapMaxBytes", runtime.maxMemory());
        machine.put("benchJvmOptions", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        machine.put("childJvmOptions", String.join(" ", childJvmOptions));
        machine.put("topologyJvmOptions", String.join(" ", topologyJvmOptions));
        machine.put("kafka", AppInfoParser.getVersion());
        return machine;
    }

    /** Peak resident set size of this process ({@code VmHWM}), or -1 where /proc is not available. */
    static long peakRssBytes() {
        return procStatusKb("self", "VmHWM:") * 1024;
    }

    /**
     * Process {@code pid} now: resident set size, threads and open file descriptors (-1 each where /proc is not
     * available). What a soak run watches for growth.
     */
    static ObjectNode sample(long pid) {
        ObjectNode sample = JsonNodeFactory.instance.objectNode();
        String process = String.valueOf(pid);
        long rssKb = procStatusKb(process, "VmRSS:");
        sample.put("rssBytes", rssKb < 0 ? -1 : rssKb * 1024);
        sample.put("threads", procStatusKb(process, "Threads:"));
        try (Stream<Path> fds = Files.list(Path.of("/proc", process, "fd"))) {
            sample.put("openFiles", fds.count());
        } catch (IOException | RuntimeException e) {
            sample.put("openFiles", -1);
        }
        return sample;
    }

    private static long procStatusKb(String process, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", process, "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name")).map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst().orElse(System.getProperty("os.arch"));
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }

    private static long memTotalBytes() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
            return lines.filter(line -> line.startsWith("MemTotal:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024).findFirst().orElse(-1);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Bytes of all regular files under {@code dir} (a state directory); files vanishing meanwhile are skipped. */
    static long bytesUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.mapToLong(path -> {
                try {
                    return Files.isRegularFile(path) ? Files.size(path) : 0;
                } catch (NoSuchFileException e) {
                    return 0;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return bytesUnderRetry(dir);
        }
    }

    /**
     * Bytes on disk per state store under a Kafka Streams state directory ({@code <app>/<task>/<store>/...}
     * for window stores, {@code <app>/<task>/rocksdb/<store>/...} for key-value stores), summed over tasks.
     */
    static java.util.Map<String, Long> bytesByStore(Path stateDir) {
        java.util.Map<String, Long> sizes = new java.util.TreeMap<>();
        if (!Files.isDirectory(stateDir)) {
            return sizes;
        }
        try (Stream<Path> paths = Files.walk(stateDir)) {
            paths.forEach(path -> {
                Path relative = stateDir.relativize(path);
                if (relative.getNameCount() < 4 || !Files.isRegularFile(path)) {
                    return; // app and task directories, checkpoint and lock files
                }
                String store = relative.getName(2).toString();
                if (store.equals("rocksdb") && relative.getNameCount() > 4) {
                    store = relative.getName(3).toString();
                }
                sizes.merge(store, path.toFile().length(), Long::sum);
            });
        } catch (IOException | UncheckedIOException e) {
            // files vanish while RocksDB compacts and expires segments: a partial figure is still a figure
        }
        return sizes;
    }

    private static long bytesUnderRetry(Path dir) {
        // RocksDB deletes files while we walk (compaction, segment expiry): one more try is enough.
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.mapToLong(path -> path.toFile().length()).sum();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }
}

package io.walkback.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Runs after {@code package}: the product jar holds only the product, the benchmark has a jar of its own. */
@DisplayName("The build makes two jars: walkback.jar (the product) and walkback-bench.jar (the benchmark)")
class PackagingIT {

    private static final Path TARGET = Path.of("target");

    @Test
    @DisplayName("walkback.jar has no benchmark class")
    void productJarHoldsOnlyTheProduct() throws IOException {
        try (JarFile jar = new JarFile(TARGET.resolve("walkback.jar").toFile())) {
            List<String> names = jar.stream().map(entry -> entry.getName()).toList();
            assertThat(names).contains("io/walkback/app/WalkbackCli.class");
            assertThat(names).noneMatch(name -> name.startsWith("io/walkback/bench/") && name.endsWith(".class"));
        }
    }

    @Test
    @DisplayName("walkback-bench.jar: its main class, no tests, and a class path that resolves beside it")
    void benchJarStandsBesideTheProduct() throws Exception {
        Path benchJar = TARGET.resolve("walkback-bench.jar");
        try (JarFile jar = new JarFile(benchJar.toFile())) {
            Manifest manifest = jar.getManifest();
            assertThat(manifest.getMainAttributes().getValue("Main-Class")).isEqualTo("io.walkback.bench.BenchCommand");
            for (String entry : manifest.getMainAttributes().getValue("Class-Path").split(" ")) {
                assertThat(TARGET.resolve(entry)).as("class-path entry %s", entry).isRegularFile();
            }
            List<String> names = jar.stream().map(entry -> entry.getName()).toList();
            assertThat(names).contains("io/walkback/bench/BenchCommand.class")
                    .noneMatch(name -> name.endsWith("Test.class") || name.startsWith("io/walkback/app/"));
        }
        Process help = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", benchJar.toString(), "--help").redirectErrorStream(true).start();
        assertThat(help.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(help.exitValue()).as(text).isZero();
        assertThat(text).contains("Usage: walkback-bench", "--records");
    }
}

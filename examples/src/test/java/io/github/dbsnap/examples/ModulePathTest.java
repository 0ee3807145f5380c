package io.github.dbsnap.examples;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The library modules as named modules: every one has a descriptor, its {@code provides} equal its
 * {@code META-INF/services} files, and a program on the module path finds every provider and source
 * through {@link java.util.ServiceLoader}, reading nothing that core does not export.
 */
class ModulePathTest {
    private static final List<String> LIBRARY_MODULES = List.of("io.github.dbsnap", "io.github.dbsnap.storage.local",
            "io.github.dbsnap.storage.s3", "io.github.dbsnap.storage.azure", "io.github.dbsnap.jdbc", "io.github.dbsnap.redis", "io.github.dbsnap.http");
    private static List<Path> runtimePath;

    @BeforeAll
    static void readRuntimePath() throws IOException {
        String text = Files.readString(Path.of("target/runtime-path.txt")).strip();
        runtimePath = Arrays.stream(text.split(java.io.File.pathSeparator)).map(Path::of).collect(Collectors.toList());
    }

    @Test
    @DisplayName("every library module is a named module, and its provides equal its META-INF/services files")
    void descriptorsMatchServiceFiles() throws IOException {
        Map<String, ModuleReference> found = new TreeMap<>();
        for (ModuleReference ref : ModuleFinder.of(runtimePath.toArray(Path[]::new)).findAll()) {
            found.put(ref.descriptor().name(), ref);
        }
        assertThat(found.keySet()).containsAll(LIBRARY_MODULES);
        for (String name : LIBRARY_MODULES) {
            ModuleReference ref = found.get(name);
            assertThat(ref.descriptor().isAutomatic()).as(name + " has a module-info").isFalse();
            Map<String, TreeSet<String>> declared = new TreeMap<>();
            for (ModuleDescriptor.Provides p : ref.descriptor().provides()) {
                declared.put(p.service(), new TreeSet<>(p.providers()));
            }
            Map<String, TreeSet<String>> files = new TreeMap<>();
            try (var reader = ref.open()) {
                for (String service : List.of("io.github.dbsnap.spi.StorageProviderFactory",
                        "io.github.dbsnap.spi.DatabaseSourceFactory", "io.github.dbsnap.spi.SchedulerLockFactory")) {
                    Optional<java.io.InputStream> in = reader.open("META-INF/services/" + service);
                    if (in.isPresent()) {
                        try (var s = in.get()) {
                            files.put(service, new String(s.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toCollection(TreeSet::new)));
                        }
                    }
                }
            }
            assertThat(declared).as(name + ": module-info provides vs META-INF/services").isEqualTo(files);
        }
        assertThat(found.get("io.github.dbsnap").descriptor().exports().stream().map(ModuleDescriptor.Exports::source))
                .doesNotContain("io.github.dbsnap.internal", "io.github.dbsnap.archive");
    }

    @Test
    @DisplayName("a program on the module path finds every provider, source and lock through ServiceLoader")
    void serviceLoaderFindsEverythingOnTheModulePath(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src/dbsnap.modcheck");
        Files.createDirectories(src.resolve("modcheck"));
        Files.writeString(src.resolve("module-info.java"), "module dbsnap.modcheck { requires io.github.dbsnap; }\n");
        Files.writeString(src.resolve("modcheck/Main.java"), String.join("\n",
                "package modcheck;",
                "public class Main {",
                "  public static void main(String[] a) {",
                "    System.out.println(\"storage=\" + io.github.dbsnap.StorageProviders.available());",
                "    System.out.println(\"sources=\" + io.github.dbsnap.DatabaseSources.available());",
                "    System.out.println(\"module=\" + io.github.dbsnap.StorageProviders.class.getModule().getName());",
                "  }",
                "}", ""));
        String modulePath = runtimePath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
        Path out = dir.resolve("out");
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", out.toString(),
                "--module-path", modulePath, src.resolve("module-info.java").toString(), src.resolve("modcheck/Main.java").toString());
        assertThat(rc).as("javac").isZero();

        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", out + java.io.File.pathSeparator + modulePath,
                "--add-modules", String.join(",", LIBRARY_MODULES), "-m", "dbsnap.modcheck/modcheck.Main"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("module=io.github.dbsnap")
                .containsPattern("storage=\\[.*azure.*local.*s3.*\\]")
                .containsPattern("sources=\\[.*jdbc.*redis.*sqlite.*\\]");
    }

    @Test
    @DisplayName("the CLI and the example programs use only what core exports (no archive, no internal)")
    void examplesUseOnlyThePublicApi() throws IOException {
        try (var files = Files.walk(Path.of("src/main/java"))) {
            List<String> offenders = files.filter(f -> f.toString().endsWith(".java")).filter(f -> {
                try {
                    return Files.readString(f).matches("(?s).*io\\.github\\.dbsnap\\.(archive|internal)\\..*");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(Path::toString).collect(Collectors.toList());
            assertThat(offenders).isEmpty();
        }
    }
}

package io.github.dbsnap.examples;

import io.github.dbsnap.examples.CliRun.Result;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The docs cannot rot: every relative link in README.md, CHANGELOG.md and docs/*.md resolves (anchors
 * included), every page is linked from the README, every {@code ```java} block compiles against the
 * real modules, and the README's commands and the CLI page match the CLI.
 *
 * <p>A Java block is compiled as it stands when it declares a type; otherwise its {@code import} lines
 * go to the top of a class and the rest becomes the body of a method. Blocks may use only these
 * placeholders, fields of that class that a block's own variables may shadow: {@code app} (the host,
 * with {@code reloadCaches()}), {@code service} ({@code SnapshotService}), {@code lockOrNull}
 * ({@code SchedulerLock}) and {@code meterRegistry} (Micrometer's {@code MeterRegistry}). Nothing else
 * is imported for them.
 */
class DocsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("\\[[^\\]\\n]*]\\(([^)\\s]+)\\)");
    private static final Pattern FENCE = Pattern.compile("(?m)^```(\\w*)\\n(.*?)^```\\s*$", Pattern.DOTALL);
    private static final Pattern TYPE_DECLARATION = Pattern.compile("(?m)^(public |final |abstract )*(class|record|interface|enum) \\w+");
    private static final String PLACEHOLDERS = """
                interface App { void reloadCaches(); }
                App app;
                io.github.dbsnap.SnapshotService service;
                io.github.dbsnap.spi.SchedulerLock lockOrNull;
                io.micrometer.core.instrument.MeterRegistry meterRegistry;
            """;

    @TempDir
    Path out;

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("CHANGELOG.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** The text outside fenced blocks and inline code, where links are links. */
    private static String prose(String markdown) {
        return FENCE.matcher(markdown).replaceAll("").replaceAll("`[^`\\n]*`", "");
    }

    private static List<String> links(Path page) throws IOException {
        List<String> links = new ArrayList<>();
        Matcher m = LINK.matcher(prose(Files.readString(page)));
        while (m.find()) {
            links.add(m.group(1));
        }
        return links;
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
    static Set<String> anchors(Path page) throws IOException {
        Set<String> anchors = new TreeSet<>();
        String text = FENCE.matcher(Files.readString(page)).replaceAll("");
        for (String line : text.lines().toList()) {
            if (line.matches("#{1,6} .*")) {
                String heading = line.replaceFirst("#+ ", "").strip().toLowerCase(Locale.ROOT);
                anchors.add(heading.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }

    @Test
    @DisplayName("every relative link in the README, the changelog and docs/ names an existing file and heading")
    void everyLinkResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages()) {
            for (String link : links(page)) {
                if (link.matches("[a-z]+:.*")) {
                    continue; // https:, mailto:: not checked offline
                }
                checked++;
                int hash = link.indexOf('#');
                String file = hash < 0 ? link : link.substring(0, hash);
                Path target = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (!target.startsWith(ROOT) || !Files.exists(target)) {
                    broken.add(ROOT.relativize(page) + ": " + link + " (no such file)");
                } else if (hash >= 0 && !anchors(target).contains(link.substring(hash + 1))) {
                    broken.add(ROOT.relativize(page) + ": " + link + " (no such heading; headings: " + anchors(target) + ")");
                }
            }
        }
        assertThat(checked).isGreaterThan(50);
        assertThat(broken).isEmpty();
    }

    @Test
    @DisplayName("the link check itself finds a missing file and a missing heading")
    void linkCheckCatchesBrokenLinks() throws IOException {
        Path page = out.resolve("page.md");
        Files.writeString(page, "# A heading\n\n[ok](#a-heading) [bad](#nothing) `[code](nowhere.md)`\n```\n[x](y.md)\n```\n");
        assertThat(links(page)).containsExactly("#a-heading", "#nothing");
        assertThat(anchors(page)).containsExactly("a-heading");
        assertThat(anchors(ROOT.resolve("docs/redis.md"))).contains("consistency-model", "snapshot-layout");
    }

    @Test
    @DisplayName("the README links every page in docs/ and the changelog")
    void readmeLinksEveryPage() throws IOException {
        Set<String> linked = links(ROOT.resolve("README.md")).stream().map(l -> l.replaceFirst("#.*", ""))
                .collect(Collectors.toSet());
        for (Path page : pages()) {
            if (!page.getFileName().toString().equals("README.md")) {
                assertThat(linked).as("README links").contains(ROOT.relativize(page).toString().replace('\\', '/'));
            }
        }
    }

    @Test
    @DisplayName("every Java block in the README and docs/ compiles against the real modules")
    void everyJavaBlockCompiles() throws IOException {
        Map<String, String> sources = new LinkedHashMap<>();
        for (Path page : pages()) {
            String text = Files.readString(page);
            Matcher m = FENCE.matcher(text);
            while (m.find()) {
                // a module-info sample describes a hypothetical module (docs/extending.md's foo.sdk); the real
                // descriptors are checked by ModulePathTest
                if (m.group(1).equals("java") && !m.group(2).stripLeading().startsWith("module ")) {
                    int line = (int) text.substring(0, m.start()).lines().count() + 1;
                    String name = "Doc_" + page.getFileName().toString().replaceAll("\\W", "_") + "_" + line;
                    sources.put(ROOT.relativize(page) + ":" + line, wrap(name, m.group(2)));
                }
            }
        }
        assertThat(sources.keySet()).anyMatch(k -> k.startsWith("README.md"));
        assertThat(compile(sources)).isEmpty();
    }

    @Test
    @DisplayName("a Java block that does not compile fails the check")
    void brokenJavaBlockFails() {
        Map<String, String> errors = compile(Map.of(
                "broken", wrap("Doc_broken", "import io.github.dbsnap.SnapshotService;\n\nSnapshotService s = SnapshotService.fromConfig(null);\n"),
                "good", wrap("Doc_good", "service.list(\"main\");\napp.reloadCaches();\n")));
        assertThat(errors).containsOnlyKeys("broken");
        assertThat(errors.get("broken")).contains("fromConfig");
    }

    /** Imports to the top, the rest into a method, unless the block declares its own type. */
    static String wrap(String className, String block) {
        if (TYPE_DECLARATION.matcher(block).find()) {
            return block;
        }
        StringBuilder imports = new StringBuilder();
        StringBuilder body = new StringBuilder();
        for (String line : block.lines().toList()) {
            (line.startsWith("import ") ? imports : body).append(line).append('\n');
        }
        return imports + "class " + className + " {\n" + PLACEHOLDERS
                + "    void run() throws Exception {\n" + body + "    }\n}\n";
    }

    /**
     * Compiles the sources in one javac run (each must declare a differently named class).
     *
     * @return the errors of each source that does not compile, by the key it was given under
     */
    private Map<String, String> compile(Map<String, String> sources) {
        Map<JavaFileObject, String> files = new LinkedHashMap<>();
        sources.forEach((where, source) -> {
            Matcher type = TYPE_DECLARATION.matcher(source);
            String name = type.find() ? type.group().replaceFirst(".* ", "") : "Doc";
            files.put(new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return source;
                }
            }, where);
        });
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> options = List.of("-proc:none", "-d", out.toString(), "-classpath", System.getProperty("java.class.path"));
        javac.getTask(null, null, diagnostics, options, null, files.keySet()).call();
        Map<String, String> errors = new LinkedHashMap<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                String where = files.getOrDefault(d.getSource(), "(no source)");
                errors.merge(where, "  line " + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT), (a, b) -> a + "\n" + b);
            }
        }
        errors.replaceAll((where, e) -> e + "\n--- compiled source ---\n" + sources.getOrDefault(where, ""));
        return errors;
    }

    @Test
    @DisplayName("the README's two set-up commands name the real CI script, jar and demo command")
    void readmeCommandsAreReal() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertThat(readme).contains("    bash .ci/run\n", "    mvn -B -q -DskipTests package && java -jar examples/target/dbsnap.jar demo\n");
        assertThat(ROOT.resolve(".ci/run")).isRegularFile();
        String pom = Files.readString(ROOT.resolve("examples/pom.xml"));
        assertThat(pom).contains("<finalName>dbsnap</finalName>");
        for (Path page : pages()) {
            Matcher jar = Pattern.compile("java -jar (\\S+\\.jar)").matcher(Files.readString(page));
            while (jar.find()) {
                assertThat(jar.group(1)).as(ROOT.relativize(page) + " names the CLI jar").isEqualTo("examples/target/dbsnap.jar");
            }
        }
        assertThat(CliRun.cli(Map.of(), "demo", "--help").code()).isZero();
    }

    @Test
    @DisplayName("docs/cli.md lists every command, and every option it names is in that command's help")
    void cliPageMatchesTheCli() throws IOException {
        String page = Files.readString(ROOT.resolve("docs/cli.md"));
        Set<String> documented = new TreeSet<>();
        for (String line : page.lines().filter(l -> l.matches("\\| `[a-z]+[ `].*")).toList()) {
            String[] cells = line.split("(?<!\\\\)\\|");   // table cells; "\\|" inside a cell is a pipe
            String command = cells[1].strip().replaceAll("`", "").split(" ")[0];
            documented.add(command);
            Result help = CliRun.cli(Map.of(), command, "--help");
            assertThat(help.code()).as(command + " --help").isZero();
            Matcher option = Pattern.compile("--[a-z-]+").matcher(cells[2]);
            while (option.find()) {
                assertThat(help.out()).as("help of " + command).containsPattern(Pattern.quote(option.group()) + "(?![a-z-])");
            }
        }
        assertThat(documented).containsAll(HelpTest.commands().stream().filter(c -> !c.equals("help")).toList());
    }
}

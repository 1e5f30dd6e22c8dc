package org.greater4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The house's one direction, computed from the sources: {@code io <- text <- model <- generate <- task <- optimize
 * (toy beside it) <- sweep <- notebook, cli}. A package may use only packages of a lower level (imports and fully
 * qualified names both count); packages of one level do not use each other.
 */
class ArchitectureTest {
    static final Map<String, Integer> LEVEL = Map.of("io", 0, "text", 1, "model", 2, "generate", 3, "task", 4, "optimize", 5, "toy", 5,
            "sweep", 6, "notebook", 7, "cli", 7);

    /** package -> the packages it uses, from every source file under src/main/java/org/greater4j. */
    static Map<String, TreeSet<String>> graph() throws IOException {
        Path root = Path.of("src/main/java/org/greater4j");
        Pattern use = Pattern.compile("org\\.greater4j\\.([a-z]+)\\.");
        Map<String, TreeSet<String>> g = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = root.relativize(f).getName(0).toString();
                TreeSet<String> deps = g.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = use.matcher(Files.readString(f));
                while (m.find()) if (!m.group(1).equals(pkg)) deps.add(m.group(1));
            }
        }
        return g;
    }

    @Test
    void everyPackageUsesOnlyPackagesBelowIt() throws IOException {
        List<String> backEdges = new ArrayList<>();
        Map<String, TreeSet<String>> g = graph();
        for (var e : g.entrySet()) {
            assertThat(LEVEL).as("package %s has a level in the house's diagram", e.getKey()).containsKey(e.getKey());
            for (String d : e.getValue()) {
                assertThat(LEVEL).as("package %s (used by %s)", d, e.getKey()).containsKey(d);
                if (LEVEL.get(d) >= LEVEL.get(e.getKey())) backEdges.add(e.getKey() + " -> " + d);
            }
        }
        assertThat(backEdges).as("imports against the flow (graph: %s)", g).isEmpty();
    }
}

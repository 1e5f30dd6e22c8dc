package org.greater4j.task;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The GReaTer paper's published accuracies, so that an evaluation can be shown beside them: Table 1
 * (GSM8K, the 21-task BBH average and FOLIO, for Llama-3-8B-Instruct and Gemma-2-9B-it, six methods)
 * and Table 3 (prompt transfer between the two models, average over 5 BBH tasks). Only those
 * numbers; there are no per-task results here. Read from the resource
 * {@code org/greater4j/task/paper-results.json}; immutable.
 *
 * @param paper      the citation
 * @param benchmarks benchmark key to its meaning ({@code gsm8k}, {@code bbh}, {@code folio}, {@code bbh-5})
 * @param table1     Table 1 entries
 * @param table3     Table 3 entries
 */
public record PaperResults(String paper, Map<String, String> benchmarks, List<Result> table1, List<Result> table3) {

    /** Model key of Llama-3-8B-Instruct in the tables. */
    public static final String LLAMA3_8B = "Llama-3-8B-Instruct";
    /** Model key of Gemma-2-9B-it in the tables. */
    public static final String GEMMA2_9B = "Gemma-2-9B-it";

    private static final String RESOURCE = "/org/greater4j/task/paper-results.json";
    private static volatile PaperResults cached;

    /**
     * One published accuracy.
     *
     * @param method      {@code Zero-shot CoT}, {@code APE}, {@code APO}, {@code PE2}, {@code TextGrad}, {@code GReaTer}
     * @param optimizedBy the model that optimized the prompt (Table 3: {@code GPT-4} for APO, the other
     *                    model for GReaTer); empty in Table 1, where the notes do not say
     * @param model       the model evaluated, {@link #LLAMA3_8B} or {@link #GEMMA2_9B}
     * @param benchmark   {@code gsm8k}, {@code bbh} (21-task average), {@code folio}, {@code bbh-5}
     * @param accuracy    accuracy in percent
     */
    public record Result(String method, Optional<String> optimizedBy, String model, String benchmark, double accuracy) {}

    /** Copies the collections. */
    public PaperResults {
        benchmarks = Map.copyOf(benchmarks);
        table1 = List.copyOf(table1);
        table3 = List.copyOf(table3);
    }

    /**
     * Loads the bundled numbers (once; later calls return the same value).
     *
     * @return the paper's results
     */
    public static PaperResults load() {
        PaperResults r = cached;
        if (r == null) {
            try (InputStream in = PaperResults.class.getResourceAsStream(RESOURCE)) {
                if (in == null) throw new IllegalStateException("resource " + RESOURCE + " is missing from the build");
                r = parse(Json.MAPPER.readTree(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read resource " + RESOURCE + ": " + e.getMessage(), e);
            }
            cached = r;
        }
        return r;
    }

    private static PaperResults parse(JsonNode root) {
        Map<String, String> benchmarks = new LinkedHashMap<>();
        root.get("benchmarks").fields().forEachRemaining(e -> benchmarks.put(e.getKey(), e.getValue().asText()));
        return new PaperResults(root.get("paper").asText(), benchmarks, results(root.get("table1")),
                results(root.get("table3")));
    }

    private static List<Result> results(JsonNode arr) {
        List<Result> out = new ArrayList<>();
        for (JsonNode n : arr) {
            out.add(new Result(n.get("method").asText(),
                    n.hasNonNull("optimizedBy") ? Optional.of(n.get("optimizedBy").asText()) : Optional.empty(),
                    n.get("model").asText(), n.get("benchmark").asText(), n.get("accuracy").asDouble()));
        }
        return out;
    }

    /**
     * A Table 1 accuracy.
     *
     * @param method    e.g. {@code GReaTer}
     * @param model     {@link #LLAMA3_8B} or {@link #GEMMA2_9B}
     * @param benchmark {@code gsm8k}, {@code bbh} or {@code folio}
     * @return the accuracy in percent, or empty when the table has no such cell
     */
    public OptionalDouble accuracy(String method, String model, String benchmark) {
        return table1.stream()
                .filter(r -> r.method().equals(method) && r.model().equals(model) && r.benchmark().equals(benchmark))
                .mapToDouble(Result::accuracy).findFirst();
    }

    /**
     * @param benchmark {@code gsm8k}, {@code bbh}, {@code folio} or {@code bbh-5}
     * @return every entry of both tables for it, Table 1 first
     */
    public List<Result> forBenchmark(String benchmark) {
        List<Result> out = new ArrayList<>();
        for (Result r : table1) if (r.benchmark().equals(benchmark)) out.add(r);
        for (Result r : table3) if (r.benchmark().equals(benchmark)) out.add(r);
        return List.copyOf(out);
    }

    /**
     * The Table 1 benchmark a task is part of: {@code gsm8k} for the task {@code gsm8k}, {@code folio}
     * for {@code folio}, {@code bbh} for the 21 paper BBH tasks (whose average the table reports);
     * empty for other tasks (raw splits, the 6 other BBH tasks, file tasks).
     *
     * @param taskName a task name
     * @return the benchmark key, or empty
     */
    public static Optional<String> benchmarkOf(String taskName) {
        if (taskName.equals("gsm8k") || taskName.equals("folio")) return Optional.of(taskName);
        if (taskName.startsWith("bbh/") && Tasks.paperBbhTasks().contains(taskName.substring(4))) {
            return Optional.of("bbh");
        }
        return Optional.empty();
    }
}

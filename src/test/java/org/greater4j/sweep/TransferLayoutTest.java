package org.greater4j.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** {@link SweepResults#transferTable()} on results made by hand, its numbers worked out by hand. */
class TransferLayoutTest {
    static final String LLAMA = "meta-llama/Meta-Llama-3-8B-Instruct";
    static final String GEMMA = "/models/google--gemma-2-9b-it";
    static final String DATE = "bbh/date_understanding";

    static CellResult cell(String model, String task, String preset, long seed, double test, Map<String, Double> transfer) {
        return new CellResult(new Cell(model, task, preset, seed).id(), model, task, preset, seed, "p0", "p1", "dev", 3, "test", 40, 0.1,
                test, 0.1, test, 10, 2, 100, 200, 300, transfer);
    }

    @Test
    void rowsPerTaskSourceAndPresetWithThePapersTable3Beside() {
        SweepResults r = new SweepResults(List.of(
                cell(LLAMA, DATE, "paper", 1, 0.50, Map.of(GEMMA, 0.60)),
                cell(LLAMA, DATE, "paper", 2, 0.70, Map.of(GEMMA, 0.80)),
                cell(GEMMA, DATE, "paper", 1, 0.90, Map.of(LLAMA, 0.30)),
                cell(GEMMA, DATE, "paper", 2, 0.70, Map.of(LLAMA, 0.50)),
                cell(LLAMA, "toy", "keep-best", 1, 0.25, Map.of(GEMMA, 0.75))));
        Table t = r.transferTable();
        assertThat(t.columnNames()).containsExactly("task", "optimizedBy", "preset", "cells", "on " + LLAMA, "paper on " + LLAMA,
                "on " + GEMMA, "paper on " + GEMMA);
        assertThat(t.rowCount()).isEqualTo(3);
        assertThat(t.stringColumn("task").asList()).containsExactly(DATE, DATE, "toy");
        assertThat(t.stringColumn("optimizedBy").asList()).containsExactly(LLAMA, GEMMA, LLAMA);
        assertThat(t.stringColumn("preset").asList()).containsExactly("paper", "paper", "keep-best");
        assertThat(t.intColumn("cells").asList()).containsExactly(2, 2, 1);
        // Llama's prompts: on Llama (its test accuracy) (50 + 70) / 2 = 60, on Gemma (60 + 80) / 2 = 70
        // Gemma's prompts: on Gemma (90 + 70) / 2 = 80, on Llama (30 + 50) / 2 = 40; toy: 25 and 75
        assertThat(t.doubleColumn("on " + LLAMA).get(0)).isCloseTo(60.0, within());
        assertThat(t.doubleColumn("on " + GEMMA).get(0)).isCloseTo(70.0, within());
        assertThat(t.doubleColumn("on " + GEMMA).get(1)).isCloseTo(80.0, within());
        assertThat(t.doubleColumn("on " + LLAMA).get(1)).isCloseTo(40.0, within());
        assertThat(t.doubleColumn("on " + LLAMA).get(2)).isCloseTo(25.0, within());
        assertThat(t.doubleColumn("on " + GEMMA).get(2)).isCloseTo(75.0, within());
        // the paper's Table 3: GReaTer optimized by Llama-3-8B on Gemma-2-9B 76.2, by Gemma-2-9B on Llama-3-8B 64.6; none on the
        // diagonal, none for a task that is not one of the paper's BBH tasks
        assertThat(t.doubleColumn("paper on " + GEMMA).get(0)).isEqualTo(76.2);
        assertThat(t.doubleColumn("paper on " + LLAMA).get(1)).isEqualTo(64.6);
        assertThat(t.doubleColumn("paper on " + LLAMA).isMissing().size()).isEqualTo(2);
        assertThat(t.doubleColumn("paper on " + GEMMA).isMissing().size()).isEqualTo(2);
        assertThat(t.doubleColumn("paper on " + GEMMA).isMissing(2)).isTrue();
        assertThat(t.doubleColumn("paper on " + LLAMA).isMissing(0)).isTrue();
    }

    @Test
    void withoutTransfersOnlyTheDiagonalAndNoPaperColumns() {
        SweepResults r = new SweepResults(List.of(cell("toy", "toy", "paper", 1, 0.5, Map.of()), cell("toy-b", "toy", "paper", 1, 0.25, Map.of())));
        Table t = r.transferTable();
        assertThat(t.columnNames()).containsExactly("task", "optimizedBy", "preset", "cells", "on toy", "on toy-b");
        assertThat(t.doubleColumn("on toy").get(0)).isEqualTo(50.0);
        assertThat(t.doubleColumn("on toy").isMissing(1)).isTrue();
        assertThat(t.doubleColumn("on toy-b").get(1)).isEqualTo(25.0);
        assertThat(r.hasTransfer()).isFalse();
        assertThat(TransferLayout.paperModel("Qwen/Qwen3-1.7B")).isEmpty();
        assertThat(TransferLayout.paperModel("meta-llama/Llama-3.1-8B-Instruct")).isEmpty();
    }

    static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }
}

package org.greater4j.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.greater4j.optimize.GreaterConfig;
import org.greater4j.task.Split;
import org.greater4j.toy.ToyTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Grid files: the issue's example, its cells and configs, a round trip, and bad files refused naming the file, key and fix. */
class GridTest {
    @TempDir
    Path tmp;

    static final String ISSUE = "{\"models\": [\"toy\", \"toy-b\"], \"tasks\": [\"toy\"], \"presets\": [\"paper\", \"keep-best\"], "
            + "\"seeds\": [1, 2], \"steps\": 3, \"evaluate\": {\"split\": \"test\", \"limit\": 40}}";

    @Test
    void theIssuesExampleParsesIntoEightCells() throws Exception {
        Path f = tmp.resolve("GRID.json");
        Files.writeString(f, ISSUE);
        Grid g = Grid.read(f);
        assertThat(g.models()).containsExactly("toy", "toy-b");
        assertThat(g.split()).isEqualTo(Split.TEST);
        assertThat(g.limit()).isEqualTo(40);
        assertThat(g.transfer()).isFalse();
        List<Cell> cells = g.cells();
        assertThat(cells).hasSize(8);
        assertThat(cells.get(0)).isEqualTo(new Cell("toy", "toy", "paper", 1));
        assertThat(cells.get(7)).isEqualTo(new Cell("toy-b", "toy", "keep-best", 2));
        assertThat(cells.stream().map(Cell::id)).doesNotHaveDuplicates().contains("toy-b__toy__keep-best__s2");
        GreaterConfig c = g.config(cells.get(7));
        assertThat(c).isEqualTo(GreaterConfig.keepBestPreset().toBuilder().seed(2).steps(3).initialPrompt(ToyTask.INITIAL_PROMPT).build());
        assertThat(Grid.parse(g.toJson(), "round trip")).isEqualTo(g);
    }

    @Test
    void knobsAndSizesApplyToEveryCell() {
        Grid g = Grid.parse("{\"models\": [\"/a/b/model dir/\"], \"tasks\": [\"toy\"], \"train\": 6, \"dev\": 3, "
                + "\"config\": {\"topk\": 11, \"maxNewTokens\": 40, \"initialPrompt\": \"go.\"}, \"transfer\": true}", "x");
        assertThat(g.presets()).containsExactly("paper");
        assertThat(g.seeds()).containsExactly(0L);
        assertThat(g.config()).isEqualTo(Map.of("topk", 11, "maxNewTokens", 40, "initialPrompt", "go."));
        GreaterConfig c = g.config(g.cells().get(0));
        assertThat(c.topk()).isEqualTo(11);
        assertThat(c.maxNewTokens()).isEqualTo(40);
        assertThat(c.initialPrompt()).isEqualTo("go.");
        assertThat(c.steps()).isEqualTo(GreaterConfig.paper().steps());
        // a path becomes a file name of its last part plus a hash of the whole cell
        assertThat(g.cells().get(0).id()).matches("model-dir__toy__paper__s0__[0-9a-f]{8}");
        assertThat(Grid.parse(g.toJson(), "round trip")).isEqualTo(g);
    }

    @Test
    void badGridsNameTheFileTheKeyAndTheFix() throws Exception {
        bad("{\"models\": [\"toy\"], \"tasks\": [\"toy\"], \"seed\": [1]}", "unknown key \"seed\" (did you mean \"seeds\"?)", "\"seeds\"");
        bad("{\"tasks\": [\"toy\"]}", "missing \"models\"", "\"models\": [\"toy\", \"toy-b\"]");
        bad("{\"models\": \"toy\", \"tasks\": [\"toy\"]}", "\"models\" must be an array of strings", "[\"toy\"]");
        bad("{\"models\": [\"toy\"], \"tasks\": [\"toy\"], \"seeds\": [1, \"2\"]}", "\"seeds\" must hold integers", "\"2\"");
        bad("{\"models\": [\"toy\"], \"tasks\": [\"toy\"], \"steps\": -1}", "\"steps\" must be an integer >= 0", "-1");
        bad("{\"models\": [\"toy\"], \"tasks\": [\"toy\"], \"presets\": [\"papr\"]}", "unknown preset \"papr\"", "keep-best");
        bad("{\"models\": [\"toy\"], \"tasks\": [\"gsm9k\"]}", "unknown task \"gsm9k\"", "gsm8k");
        bad("{\"models\": [\"toy\"], \"tasks\": [\"toy\"], \"evaluate\": {\"split\": \"testing\"}}", "\"evaluate.split\"", "test");
        bad("{\"models\": [\"toy\"], \"tasks\": [\"toy\"], \"evaluate\": {\"limt\": 4}}", "unknown key \"evaluate.limt\"", "\"limit\"");
        bad("{\"models\": [\"toy\"], \"tasks\": [\"toy\"], \"config\": {\"topK\": 4}}", "unknown knob \"topK\" (did you mean \"topk\"?)", "topk");
        bad("{\"models\": [\"toy\"], \"tasks\": [\"toy\"], \"config\": {\"topk\": \"4\"}}", "\"config.topk\" must be an integer", "\"4\"");
        bad("{\"models\": [\"toy\", \"toy\"], \"tasks\": [\"toy\"]}", "\"models\" lists toy twice", "");
        bad("{\"models\": [], \"tasks\": [\"toy\"]}", "\"models\" must list at least one value", "");
        bad("{\"models\": [\"toy\"], \"tasks\": [\"toy\"], \"models\": [\"x\"]}", "not valid JSON", "models");
        bad("[\"toy\"]", "expected a JSON object", "\"models\"");
        bad("{\"models\": [\"toy\"], \"tasks\": [\"toy\"], \"transfer\": \"yes\"}", "\"transfer\" must be true or false", "");
    }

    private void bad(String json, String what, String fix) throws Exception {
        Path f = tmp.resolve("bad.json");
        Files.writeString(f, json);
        assertThatThrownBy(() -> Grid.read(f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("grid file " + f).hasMessageContaining(what).hasMessageContaining(fix);
    }

    @Test
    void aFolderOfAnotherGridIsRefused() {
        Grid a = Grid.parse(ISSUE, "a");
        Grid b = Grid.parse(ISSUE.replace("\"steps\": 3", "\"steps\": 4"), "b");
        Path out = tmp.resolve("sweep");
        Sweep.prepare(a, out);
        Sweep.prepare(a, out);
        assertThatThrownBy(() -> Sweep.prepare(b, out)).hasMessageContaining("holds another sweep").hasMessageContaining("--out");
    }

    @Test
    void cellsArePartitionedByModelForWorkers() {
        Grid g = Grid.parse(ISSUE, "a");
        List<List<Cell>> byModel = Sweep.byModel(g.cells());
        assertThat(byModel).hasSize(2);
        assertThat(byModel.get(1)).allMatch(c -> c.model().equals("toy-b")).hasSize(4);
        List<List<Cell>> three = Sweep.partition(g.cells(), 3);
        assertThat(three).extracting(List::size).containsExactly(3, 3, 2);
        assertThat(three.stream().flatMap(List::stream)).containsExactlyElementsOf(g.cells());
        assertThat(Sweep.partition(g.cells().subList(0, 2), 5)).hasSize(2);
    }
}

package org.greater4j.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Loads every built-in task from the real datasets and checks the known counts and defects. */
class TaskLoadersTest {

    private static Map<String, Long> golds(List<Example> examples) {
        return examples.stream().collect(Collectors.groupingBy(Example::gold, TreeMap::new, Collectors.counting()));
    }

    @Test
    void gsm8kPaperSplits() {
        Task t = Tasks.gsm8k(org.greater4j.TestData.dataDir());
        assertThat(t.name()).isEqualTo("gsm8k");
        assertThat(t.train()).hasSize(100);
        assertThat(t.dev()).hasSize(100);
        assertThat(t.test()).hasSize(1319);
        assertThat(t.inPaper()).isTrue();
        assertThat(t.answerType()).isEqualTo(AnswerType.GSM8K_INTEGER);
        assertThat(t.train().get(0).question()).startsWith("In Professor Plum's biology class there are 40 students.");
        assertThat(t.train().get(0).answer()).isEqualTo("8");
        assertThat(t.dev().get(0).answer()).isEqualTo("84");
        assertThat(t.test().get(0).id()).isEqualTo("grade_school_math/test.csv#0");
        assertThat(t.notes()).anyMatch(n -> n.contains("row 706")).anyMatch(n -> n.contains("train.csv"));
    }

    @Test
    void gsm8kTestRow706IsRepairedAndEveryTestGoldEqualsTheRelease() {
        Task paper = Tasks.gsm8k(org.greater4j.TestData.dataDir());
        Task raw = Tasks.gsm8kRaw(org.greater4j.TestData.dataDir());
        Example e = paper.test().get(706);
        assertThat(e.question()).isEqualTo("The local firefighters are doing a \"fill the boot\" fundraiser. Their goal is to "
                + "raise $6300. After the first 3 hours, they have raised $2100.  For how many hours do they have to "
                + "fundraise in total to reach their goal, assuming an equal amount raised in every hour?");
        assertThat(e.answer()).isEqualTo("9");
        // the release (#### 9) agrees
        assertThat(raw.test().get(706).gold()).isEqualTo("9");
        assertThat(raw.test().get(706).question().replace('\u201c', '"').replace('\u201d', '"')).isEqualTo(e.question());
        for (int i = 0; i < 1319; i++) {
            assertThat(paper.test().get(i).gold()).as("test row %d", i).isEqualTo(raw.test().get(i).gold());
        }
    }

    @Test
    void gsm8kRaw() {
        Task t = Tasks.gsm8kRaw(org.greater4j.TestData.dataDir());
        assertThat(t.train()).hasSize(7473);
        assertThat(t.dev()).isEmpty();
        assertThat(t.test()).hasSize(1319);
        assertThat(t.train().stream().filter(e -> e.answer().contains(","))).hasSize(79);
        assertThat(t.test().stream().filter(e -> e.answer().contains(","))).hasSize(14);
        assertThat(t.test().stream().filter(e -> e.answer().contains(",")).allMatch(e -> !e.gold().contains(","))).isTrue();
        assertThat(t.test().get(0).gold()).isEqualTo("18");
    }

    @Test
    void gsm8kTrainAndDevComeFromTheReleaseTrainSplit() {
        Task paper = Tasks.gsm8k(org.greater4j.TestData.dataDir());
        Map<String, String> byQuestion = Tasks.gsm8kRaw(org.greater4j.TestData.dataDir()).train().stream()
                .collect(Collectors.toMap(Example::question, Example::gold, (a, b) -> a));
        long trainFound = paper.train().stream().filter(e -> e.gold().equals(byQuestion.get(e.question()))).count();
        long devFound = paper.dev().stream().filter(e -> e.gold().equals(byQuestion.get(e.question()))).count();
        assertThat(trainFound).isEqualTo(100);
        assertThat(devFound).isEqualTo(98); // two dev questions differ only by quote normalisation
    }

    @Test
    void gsm8kMalformedTrainCsvIsRejectedWithFileAndLine() {
        DataDir d = org.greater4j.TestData.dataDir();
        assertThatThrownBy(() -> Gsm8k.splitFile(d.path(Gsm8k.DIR + "train.csv"), "train.csv"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("grade_school_math/train.csv:")
                .hasMessageContaining("expected 3 fields")
                .satisfies(ex -> assertThat(((DatasetFormatException) ex).line()).isGreaterThan(1));
    }

    @Test
    void bbhAllTasksRowsAndPaperCut() {
        DataDir d = org.greater4j.TestData.dataDir();
        Map<String, Integer> sizes = Map.of("causal_judgement", 187, "penguins_in_a_table", 146, "snarks", 178);
        assertThat(Tasks.bbhTasks()).hasSize(27);
        assertThat(Tasks.paperBbhTasks()).hasSize(21).containsExactlyInAnyOrder("formal_fallacies",
                "salient_translation_error_detection", "tracking_shuffled_objects_five_objects", "causal_judgement",
                "boolean_expressions", "object_counting", "navigate", "sports_understanding",
                "reasoning_about_colored_objects", "multistep_arithmetic_two", "date_understanding", "ruin_names",
                "movie_recommendation", "web_of_lies", "disambiguation_qa", "logical_deduction_five_objects", "snarks",
                "geometric_shapes", "hyperbaton", "penguins_in_a_table", "temporal_sequences");
        int total = 0;
        for (String name : Tasks.bbhTasks()) {
            Task t = Tasks.bbh(name, d);
            int n = sizes.getOrDefault(name, 250);
            total += t.size();
            assertThat(t.size()).as(name).isEqualTo(n);
            assertThat(t.train()).as(name).hasSize(50);
            assertThat(t.dev()).as(name).hasSize(Math.min(100, n - 50));
            assertThat(t.test()).as(name).hasSize(Math.max(0, n - 150));
            assertThat(t.train().get(0).index()).isZero();
            assertThat(t.dev().get(0).index()).isEqualTo(50);
            if (!t.test().isEmpty()) assertThat(t.test().get(0).index()).isEqualTo(150);
            assertThat(t.inPaper()).as(name).isEqualTo(Tasks.paperBbhTasks().contains(name));
            assertThat(t.name()).isEqualTo("bbh/" + name);
        }
        assertThat(total).isEqualTo(6511);
        assertThat(Tasks.bbh("penguins_in_a_table", d).test()).isEmpty();
        assertThat(Tasks.bbh("causal_judgement", d).test()).hasSize(37);
        assertThat(Tasks.bbh("snarks", d).test()).hasSize(28);
    }

    @Test
    void greaterSplitsBbhCsvEqualsTheBbhRelease() {
        DataDir d = org.greater4j.TestData.dataDir();
        for (String name : Tasks.bbhTasks()) {
            List<Example> raw = Tasks.bbh(name, d).all();
            List<Example> csv = Bbh.greaterCsv(d, name);
            assertThat(csv).as(name).hasSameSizeAs(raw);
            for (int i = 0; i < raw.size(); i++) {
                assertThat(csv.get(i).question()).as("%s #%d", name, i).isEqualTo(raw.get(i).question());
                assertThat(csv.get(i).answer()).as("%s #%d", name, i).isEqualTo(raw.get(i).answer());
            }
        }
    }

    @Test
    void bbhKnownDefectsAreNotedNotIgnored() {
        DataDir d = org.greater4j.TestData.dataDir();
        Task movies = Tasks.bbh("movie_recommendation", d);
        assertThat(movies.test().get(13).index()).isEqualTo(163);
        assertThat(movies.test().get(13).answer()).isEqualTo("Monsters, Inc");
        assertThat(movies.notes()).anyMatch(n -> n.contains("row 163 (test)") && n.contains("Monsters, Inc"))
                .anyMatch(n -> n.contains("8 x (E)"));
        Task ruin = Tasks.bbh("ruin_names", d);
        assertThat(ruin.dev().get(49).answer()).isEqualTo("dearth, wind, & fire");
        assertThat(ruin.dev().get(94).answer()).isEqualTo("rita, sue and bob poo");
        assertThat(ruin.notes()).anyMatch(n -> n.contains("row 99 (dev)")).anyMatch(n -> n.contains("row 144 (dev)"));
        Task shapes = Tasks.bbh("geometric_shapes", d);
        assertThat(shapes.all().stream().filter(e -> !shapes.extractors().offers(e.lossAnswer()))).hasSize(50);
        assertThat(shapes.notes()).anyMatch(n -> n.contains("50 x (K)") && n.contains("A-J"));
        Task dates = Tasks.bbh("date_understanding", d);
        assertThat(dates.notes()).anyMatch(n -> n.contains("34 x (F)") && n.contains("A-E"));
        assertThat(Tasks.bbh("penguins_in_a_table", d).notes()).anyMatch(n -> n.contains("leaves 0 test"));
        // every other paper task's golds are all offered by its official extractor
        for (String name : Tasks.paperBbhTasks()) {
            if (List.of("movie_recommendation", "ruin_names", "geometric_shapes", "date_understanding").contains(name)) {
                continue;
            }
            Task t = Tasks.bbh(name, d);
            assertThat(t.all()).as(name).allMatch(e -> t.extractors().offers(e.lossAnswer()));
        }
    }

    @Test
    void folioPaperSplits() {
        Task t = Tasks.folio(org.greater4j.TestData.dataDir());
        assertThat(t.train()).hasSize(100);
        assertThat(t.dev()).hasSize(100);
        assertThat(t.test()).hasSize(203);
        assertThat(golds(t.train())).containsExactlyEntriesOf(new TreeMap<>(Map.of("(A)", 37L, "(B)", 34L, "(C)", 29L)));
        assertThat(golds(t.dev())).containsExactlyEntriesOf(new TreeMap<>(Map.of("(A)", 44L, "(B)", 24L, "(C)", 32L)));
        assertThat(golds(t.test())).containsExactlyEntriesOf(new TreeMap<>(Map.of("(A)", 72L, "(B)", 62L, "(C)", 69L)));
        assertThat(t.test().get(0).question()).startsWith("Premise:\n").endsWith(Folio.OPTIONS);
        assertThat(t.test().get(0).lossAnswer()).isEqualTo("C");
    }

    @Test
    void folioV0UnknownIsUncertain() {
        Task t = Tasks.folioV0(org.greater4j.TestData.dataDir());
        assertThat(t.train()).hasSize(1004);
        assertThat(t.dev()).isEmpty();
        assertThat(t.test()).hasSize(204);
        assertThat(golds(t.train())).containsExactlyEntriesOf(new TreeMap<>(Map.of("(A)", 388L, "(B)", 286L, "(C)", 330L)));
        assertThat(golds(t.test())).containsExactlyEntriesOf(new TreeMap<>(Map.of("(A)", 72L, "(B)", 63L, "(C)", 69L)));
        // same template as GReaTer's v2 questions
        Example first = t.test().get(0);
        assertThat(first.question()).startsWith("Premise:\nIf people perform in school talent shows often")
                .contains("\n\nQuestion:\nGiven the premise above, is the following statement true, false, or uncertain?"
                        + "\n\nStatement: Bonnie performs in school talent shows often.")
                .endsWith("\n\nOptions:\n(A) True\n(B) False\n(C) Uncertain");
        Function<String, String> tail = q -> q.substring(q.indexOf("\n\nQuestion:"));
        assertThat(tail.apply(first.question())).isEqualTo(tail.apply(Tasks.folio(org.greater4j.TestData.dataDir()).test().get(0).question()));
    }

    @Test
    void everyRegisteredNameLoads() {
        DataDir d = org.greater4j.TestData.dataDir();
        for (String name : Tasks.names()) {
            Task t = Tasks.load(name, d);
            assertThat(t.name()).isEqualTo(name);
            assertThat(t.size()).as(name).isPositive();
            assertThat(t.all()).as(name).allMatch(e -> e.gold().equals(t.answerType().normalize(e.answer())));
        }
        assertThatThrownBy(() -> Tasks.load("bbh/nope", d)).hasMessageContaining("unknown task 'bbh/nope'")
                .hasMessageContaining("bbh/object_counting");
    }

    @Test
    void resplitReCutsAllExamples() {
        Task t = Tasks.bbh("object_counting", org.greater4j.TestData.dataDir()).resplit(new SplitSizes(10, 20));
        assertThat(t.train()).hasSize(10);
        assertThat(t.dev()).hasSize(20);
        assertThat(t.test()).hasSize(220);
        assertThat(t.dev().get(0).index()).isEqualTo(10);
        assertThatThrownBy(() -> t.resplit(new SplitSizes(200, 100))).hasMessageContaining("250 examples")
                .hasMessageContaining("lower --train or --dev");
        assertThat(Tasks.load("folio", org.greater4j.TestData.dataDir(), new SplitSizes(5, 5)).test()).hasSize(393);
    }
}

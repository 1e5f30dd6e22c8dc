package org.greater4j.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PaperResultsTest {

    @Test
    void table1And3AsPublished() {
        PaperResults p = PaperResults.load();
        assertThat(p.table1()).hasSize(36);
        assertThat(p.table3()).hasSize(4);
        assertThat(p.accuracy("GReaTer", PaperResults.LLAMA3_8B, "gsm8k")).hasValue(82.6);
        assertThat(p.accuracy("GReaTer", PaperResults.LLAMA3_8B, "bbh")).hasValue(68.7);
        assertThat(p.accuracy("GReaTer", PaperResults.GEMMA2_9B, "folio")).hasValue(69.1);
        assertThat(p.accuracy("Zero-shot CoT", PaperResults.GEMMA2_9B, "bbh")).hasValue(71.7);
        assertThat(p.accuracy("TextGrad", PaperResults.LLAMA3_8B, "folio")).hasValue(56.2);
        assertThat(p.accuracy("PE2", PaperResults.GEMMA2_9B, "gsm8k")).hasValue(88.6);
        assertThat(p.accuracy("APO", PaperResults.GEMMA2_9B, "folio")).hasValue(63.1);
        assertThat(p.accuracy("APE", PaperResults.LLAMA3_8B, "bbh")).hasValue(63.1);
        assertThat(p.accuracy("GReaTer", PaperResults.LLAMA3_8B, "bbh/object_counting")).isEmpty();
        assertThat(p.table3()).anySatisfy(r -> {
            assertThat(r.method()).isEqualTo("GReaTer");
            assertThat(r.optimizedBy()).contains(PaperResults.LLAMA3_8B);
            assertThat(r.model()).isEqualTo(PaperResults.GEMMA2_9B);
            assertThat(r.accuracy()).isEqualTo(76.2);
        });
        assertThat(p.forBenchmark("bbh-5")).extracting(PaperResults.Result::accuracy).containsExactly(76.2, 69.8, 64.6, 59.8);
        assertThat(p.forBenchmark("gsm8k")).hasSize(12);
        assertThat(PaperResults.load()).isSameAs(p);
    }

    @Test
    void benchmarkOfTask() {
        assertThat(PaperResults.benchmarkOf("gsm8k")).isEqualTo(Optional.of("gsm8k"));
        assertThat(PaperResults.benchmarkOf("folio")).isEqualTo(Optional.of("folio"));
        assertThat(PaperResults.benchmarkOf("bbh/navigate")).isEqualTo(Optional.of("bbh"));
        assertThat(PaperResults.benchmarkOf("bbh/word_sorting")).isEmpty();
        assertThat(PaperResults.benchmarkOf("gsm8k/raw")).isEmpty();
    }
}

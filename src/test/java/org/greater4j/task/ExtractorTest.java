package org.greater4j.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Extractor texts equal the official ones, copied literally (bash-unquoted) from psunlpgroup/GreaTer
 * @ 42a22d9 experiments/run_llama3_all.sh L18-38 and experiments/run_gemma2_mcq.sh L17-39 (Gemma-2
 * boolean_expressions and geometric_shapes: the released logs output_gemma2_boolean_expressions.log
 * and gemma2-logs/geometric_shapes.log, line 17).
 */
class ExtractorTest {

    static final Map<String, String> LLAMA3 = new LinkedHashMap<>();
    static final Map<String, String> GEMMA2 = new LinkedHashMap<>();

    static {
        LLAMA3.put("multistep_arithmetic_two", "Therefore, the final answer (use exactly this format: $NUMBER$, where NUMBER is a positive or negative integer) is $");
        LLAMA3.put("tracking_shuffled_objects_five_objects", "Therefore, the final answer (use exact format: '$A' or '$B' or '$C' or '$D' or '$E') is $");
        LLAMA3.put("object_counting", "Therefore, the final answer (use exactly this format: $NUMBER$, where NUMBER is a positive integer) is $");
        LLAMA3.put("date_understanding", "Therefore, the final answer (use exact format: '$A' or '$B' or '$C' or '$D' or '$E') is $");
        LLAMA3.put("disambiguation_qa", "Therefore, the final answer (use exact format: '$A' or '$B' or '$C') is $");
        LLAMA3.put("formal_fallacies", "Therefore, the final answer (use exact format: '$ valid' or '$ invalid') is $ ");
        LLAMA3.put("geometric_shapes", "Therefore, the final answer (use exact format: '$A' or '$B' or '$C' or '$D' or '$E' or '$F' or '$G' or '$H' or '$I' or '$J') is $");
        LLAMA3.put("salient_translation_error_detection", "Therefore, the final answer (use exact format: '$A' or '$B' or '$C' or '$D' or '$E' or '$F') is $");
        LLAMA3.put("penguins_in_a_table", "Therefore, the final answer (use exact format: '$A' or '$B' or '$C' or '$D' or '$E') is $");
        LLAMA3.put("causal_judgement", "Therefore, the final answer (use exact format: '$ Yes' or '$ No') is $ ");
        LLAMA3.put("logical_deduction_five_objects", "Therefore, the final answer (use exact format: '$A' or '$B' or '$C' or '$D' or '$E') is $");
        LLAMA3.put("movie_recommendation", "Therefore, the final answer (use exact format: '$A' or '$B' or '$C' or '$D') is $");
        LLAMA3.put("navigate", "Therefore, the final answer (use exact format: '$ Yes' or '$ No') is $ ");
        LLAMA3.put("web_of_lies", "Therefore, the final answer (use exact format: '$ Yes' or '$ No') is $ ");
        LLAMA3.put("sports_understanding", "Therefore, the final answer (use exact format: '$ yes' or '$ no') is $ ");
        LLAMA3.put("reasoning_about_colored_objects", "Therefore, the final answer (use exact format: '$A' or '$B' or '$C' or '$D' or '$E' or '$F' or '$G' or '$H' or '$I' or '$J' or '$K' or '$L' or '$M' or '$N' or '$O' or '$P' or '$Q' or '$R') is $");
        LLAMA3.put("hyperbaton", "Therefore, the final answer (use exact format: '$A' or '$B') is $");
        LLAMA3.put("ruin_names", "Therefore, the final answer (use exact format: '$A' or '$B' or '$C' or '$D') is $");
        LLAMA3.put("snarks", "Therefore, the final answer (use exact format: '$A' or '$B') is $");
        LLAMA3.put("temporal_sequences", "Therefore, the final answer (use exact format: '$A' or '$B' or '$C' or '$D') is $");
        LLAMA3.put("boolean_expressions", "Therefore, the final answer (use exact format: '$ True' or '$ False') is $ ");

        GEMMA2.put("multistep_arithmetic_two", "Therefore, the final answer (use exactly this format: **NUMBER**, where NUMBER is a positive or negative integer) is **");
        GEMMA2.put("tracking_shuffled_objects_five_objects", "Therefore, the final answer (use exact format: '$ A' or '$ B' or '$ C' or '$ D' or '$ E') is $");
        GEMMA2.put("object_counting", "Therefore, the final answer (use exactly this format: **NUMBER**, where NUMBER is a positive integer) is **");
        GEMMA2.put("date_understanding", "Therefore, the final answer (use exact format: '$ A' or '$ B' or '$ C' or '$ D' or '$ E') is $");
        GEMMA2.put("disambiguation_qa", "Therefore, the final answer (use exact format: '$ A' or '$ B' or '$ C') is $");
        GEMMA2.put("formal_fallacies", "Therefore, the final answer (use exact format: '$ valid' or '$ invalid') is $");
        GEMMA2.put("geometric_shapes", "Therefore, the final answer (use exact format: '$ A' or '$ B' or '$ C' or '$ D' or '$ E' or '$ F' or '$ G' or '$ H' or '$ I' or '$ J') is $");
        GEMMA2.put("salient_translation_error_detection", "Therefore, the final answer (use exact format: '$ A' or '$ B' or '$ C' or '$ D' or '$ E' or '$ F') is $");
        GEMMA2.put("penguins_in_a_table", "Therefore, the final answer (use exact format: '$ A' or '$ B' or '$ C' or '$ D' or '$ E') is $");
        GEMMA2.put("causal_judgement", "Therefore, the final answer (use exact format: '$ Yes' or '$ No') is $");
        GEMMA2.put("logical_deduction_five_objects", "Therefore, the final answer (use exact format: '$ A' or '$ B' or '$ C' or '$ D' or '$ E') is $");
        GEMMA2.put("movie_recommendation", "Therefore, the final answer (use exact format: '$ A' or '$ B' or '$ C' or '$ D') is $");
        GEMMA2.put("navigate", "Therefore, the final answer (use exact format: '$ Yes' or '$ No') is $");
        GEMMA2.put("web_of_lies", "Therefore, the final answer (use exact format: '$ Yes' or '$ No') is $");
        GEMMA2.put("sports_understanding", "Therefore, the final answer (use exact format: '$ yes' or '$ no') is $");
        GEMMA2.put("reasoning_about_colored_objects", "Therefore, the final answer (use exact format: '$ A' or '$ B' or '$ C' or '$ D' or '$ E' or '$ F' or '$ G' or '$ H' or '$ I' or '$ J' or '$ K' or '$ L' or '$ M' or '$ N' or '$ O' or '$ P' or '$ Q' or '$ R') is $");
        GEMMA2.put("hyperbaton", "Therefore, the final answer (use exact format: '$ A' or '$ B') is $");
        GEMMA2.put("ruin_names", "Therefore, the final answer (use exact format: '$ A' or '$ B' or '$ C' or '$ D') is $");
        GEMMA2.put("snarks", "Therefore, the final answer (use exact format: '$ A' or '$ B') is $");
        GEMMA2.put("temporal_sequences", "Therefore, the final answer (use exact format: '$ A' or '$ B' or '$ C' or '$ D') is $");
        GEMMA2.put("boolean_expressions", "Therefore, the final answer (use exact format: '$ True' or '$ False') is $");
    }

    @Test
    void paperBbhTasksUseTheOfficialTextsExactly() {
        DataDir d = org.greater4j.TestData.dataDir();
        assertThat(LLAMA3.keySet()).containsExactlyInAnyOrderElementsOf(Tasks.paperBbhTasks());
        assertThat(GEMMA2.keySet()).containsExactlyInAnyOrderElementsOf(Tasks.paperBbhTasks());
        for (String name : Tasks.paperBbhTasks()) {
            Task t = Tasks.bbh(name, d);
            assertThat(t.extractor(ExtractorStyle.LLAMA3)).as(name).isEqualTo(LLAMA3.get(name));
            assertThat(t.extractor(ExtractorStyle.GEMMA2)).as(name).isEqualTo(GEMMA2.get(name));
            assertThat(t.extractor(ExtractorStyle.DEFAULT)).as(name).isEqualTo(LLAMA3.get(name));
            assertThat(t.extractors().source()).as(name).startsWith("official");
        }
    }

    @Test
    void gsm8kFolioAndDerivedTexts() {
        DataDir d = org.greater4j.TestData.dataDir();
        String gsm = "Therefore, the final numerical answer is ($ result, where result is numerical) $ ";
        Task g = Tasks.gsm8k(d);
        assertThat(g.extractor(ExtractorStyle.LLAMA3)).isEqualTo(gsm);
        assertThat(g.extractor(ExtractorStyle.GEMMA2)).isEqualTo(gsm);
        Task f = Tasks.folio(d);
        assertThat(f.extractor(ExtractorStyle.LLAMA3))
                .isEqualTo("Therefore, the final answer (use exact format: '$A' or '$B' or '$C') is $");
        assertThat(f.extractor(ExtractorStyle.GEMMA2))
                .isEqualTo("Therefore, the final answer (use exact format: '$ A' or '$ B' or '$ C') is $");
        assertThat(f.extractors().source()).startsWith("derived");
        assertThat(Tasks.bbh("logical_deduction_seven_objects", d).extractor(ExtractorStyle.LLAMA3))
                .isEqualTo("Therefore, the final answer (use exact format: '$A' or '$B' or '$C' or '$D' or '$E' or '$F' or '$G') is $");
        assertThat(Tasks.bbh("dyck_languages", d).extractor(ExtractorStyle.GEMMA2)).isEqualTo(
                "Therefore, the final answer (use exactly this format: **ANSWER**, where ANSWER is the closing brackets "
                        + "separated by spaces) is **");
        assertThat(Tasks.bbh("word_sorting", d).extractors().source()).startsWith("derived");
        assertThat(Extractors.TEMPLATE_DEFAULT).isEqualTo("Therefore, the final answer option is  $ ");
    }

    @Test
    void familyMapping() {
        assertThat(ExtractorStyle.forFamily("LLAMA")).isEqualTo(ExtractorStyle.LLAMA3);
        assertThat(ExtractorStyle.forFamily("llama")).isEqualTo(ExtractorStyle.LLAMA3);
        assertThat(ExtractorStyle.forFamily("GEMMA2")).isEqualTo(ExtractorStyle.GEMMA2);
        assertThat(ExtractorStyle.forFamily("gemma-2")).isEqualTo(ExtractorStyle.GEMMA2);
        assertThat(ExtractorStyle.forFamily("MISTRAL")).isEqualTo(ExtractorStyle.DEFAULT);
        assertThat(ExtractorStyle.forFamily("qwen2")).isEqualTo(ExtractorStyle.DEFAULT);
    }
}

package org.greater4j.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.greater4j.toy.ToyModels;
import org.junit.jupiter.api.Test;

/**
 * Cutting a reasoning before the extractor phrase it already wrote: on the toy model's word-level
 * tokenizer the result equals the string computation; on Llama-3's byte-level BPE the kept tokens
 * decode to a prefix of the reasoning that ends right before the phrase's last occurrence.
 */
class ExtractorCutTest {
    static final String PHRASE = "so the answer is $";

    @Test
    void wordLevelCutEqualsTheStringCut() throws Exception {
        try (Tokenizer tok = Tokenizer.load(ToyModels.path("toy").resolve("tokenizer.json"))) {
            for (String reasoning : new String[] {
                "first 7 + 5 = 1 2 . then 1 2 - 3 = 9 . so the answer is $ 9",
                "so the answer is $ 1 7",
                "so the answer is $ 3 . so the answer is $ 4",
                "first 2 + 2 = 4 . so the answer is"}) {
                int[] ids = tok.encode(reasoning);
                String text = tok.decode(ids, true).strip();
                int at = text.lastIndexOf(PHRASE);
                String expected = at < 0 ? text : text.substring(0, at).strip();
                assertThat(ExtractorCut.text(tok, ids, text, PHRASE)).as(reasoning).isEqualTo(expected);
                int keep = ExtractorCut.keep(tok, ids, PHRASE);
                assertThat(tok.decode(Arrays.copyOf(ids, keep), true).strip()).isEqualTo(expected);
                assertThat(ExtractorCut.tokens(tok, ids, PHRASE)).hasSize(keep);
            }
        }
    }

    @Test
    void nothingIsCutWithoutThePhraseOrWithAnEmptyExtractor() throws Exception {
        try (Tokenizer tok = Tokenizer.load(ToyModels.path("toy").resolve("tokenizer.json"))) {
            int[] ids = tok.encode("first 7 + 5 = 1 2 . so the answer is $ 1 2");
            assertThat(ExtractorCut.keep(tok, ids, "")).isEqualTo(ids.length);
            assertThat(ExtractorCut.keep(tok, ids, "   ")).isEqualTo(ids.length);
            assertThat(ExtractorCut.keep(tok, ids, "the final answer is $")).isEqualTo(ids.length);
            assertThat(ExtractorCut.keep(tok, new int[0], PHRASE)).isZero();
        }
    }

    @Test
    void byteLevelBpeKeepsTheTokensBeforeTheLastOccurrence() {
        String extractor = "Therefore, the final answer is $";
        try (Tokenizer tok = Tokenizer.load(org.greater4j.TestData.tokenizer("llama3_2").resolve("tokenizer.json"))) {
            String reasoning = "Step 1: 3 + 4 = 7. Therefore, the final answer is $7. Let me check: 7 - 4 = 3. "
                    + "Therefore, the final answer is $ 7";
            int[] ids = tok.encode(reasoning);
            String text = tok.decode(ids, true).strip();
            int keep = ExtractorCut.keep(tok, ids, extractor);
            String kept = tok.decode(Arrays.copyOf(ids, keep), true);
            int last = text.lastIndexOf(extractor);
            assertThat(text.startsWith(kept.strip())).isTrue();
            assertThat(kept).doesNotContain(text.substring(last));            // the last occurrence is gone
            assertThat(kept).contains("$7. Let me check: 7 - 4 = 3.");        // everything before it stays
            assertThat(kept.length()).isLessThanOrEqualTo(last);
            // one more token reaches into the phrase
            assertThat(tok.decode(Arrays.copyOf(ids, keep + 1), true).length()).isGreaterThan(last);
            assertThat(ExtractorCut.text(tok, ids, text, extractor)).isEqualTo(kept.strip());
        }
    }
}

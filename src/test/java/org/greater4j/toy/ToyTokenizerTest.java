package org.greater4j.toy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.greater4j.text.HfTokenizer;
import org.greater4j.text.Tokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The toy tokenizer files through DJL's native tokenizers: same ids as the Java mirror, round trips. */
class ToyTokenizerTest {
    @TempDir
    static Path dir;

    static Tokenizer tok;
    static final ToyVocabulary V = ToyVocabulary.standard();

    @BeforeAll
    static void load() {
        V.writeTokenizer(dir, 128);
        tok = HfTokenizer.load(dir.resolve("tokenizer.json"));
    }

    @AfterAll
    static void close() {
        tok.close();
    }

    @Test
    void specialsGrowthTokenAndSize() {
        assertThat(V.tokens().subList(0, 6)).containsExactly("<pad>", "<unk>", "<bos>", "<eos>", "<user>", "<assistant>");
        assertThat(tok.vocabSize()).isEqualTo(V.size());
        assertThat(tok.bosId()).isEqualTo(V.bosId());
        assertThat(tok.eosId()).isEqualTo(V.eosId());
        int g = V.id("_");
        assertThat(g).isPositive();
        assertThat(tok.encode("_")).containsExactly(g);
        assertThat(tok.encode(" _")).containsExactly(g);
        assertThat(tok.encode("think _")).containsExactly(V.id("think"), g);
        assertThat(V.size()).isBetween(80, 90);
    }

    @Test
    void naturalTextRoundTrips() {
        int[] ids = tok.encode("No thinking, just feeling.");
        assertThat(V.decode(ids)).isEqualTo("no thinking , just feeling .");
        for (String s : List.of("no thinking just feeling.", "Think step by step.", "Show your work and be careful.",
                "solve it calmly .", "what is 7 + 5 - 3 + 8. Use think step by step.",
                "first 7 + 5 = 1 2 . then 1 2 - 3 = 9 . so the answer is $ -12", "so the answer is $17")) {
            int[] a = tok.encode(s);
            String d = tok.decode(a);
            assertThat(tok.encode(d)).as(s).containsExactly(a);
            assertThat(d).doesNotContain("<unk>");
        }
        assertThat(tok.encode("so the answer is $17")).containsExactly(tok.encode("so the answer is $ 1 7"));
        assertThat(tok.decode(tok.encode("$-12"))).isEqualTo("$ - 1 2");
        assertThat(tok.encode("banana")).containsExactly(V.id("<unk>"));
        assertThat(tok.encodeWithSpecials("think")).containsExactly(V.bosId(), V.id("think"));
    }

    @Test
    void javaMirrorEqualsTheTokenizerFile() {
        SplittableRandom rng = new SplittableRandom(11);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ToyTask.Sample s = ToyTask.trainingSample(rng);
            texts.add(s.userText());
            texts.add(s.response());
            texts.add("<bos><user> " + s.userText() + " <assistant> " + s.response() + " <eos>");
        }
        texts.add("  Mixed CASE, words; and (odd) chars?! 123 ");
        for (String t : texts) assertThat(V.encode(t)).as(t).containsExactly(tok.encode(t));
    }

    @Test
    void decodeSkipsSpecials() {
        int[] ids = V.encode("<bos><user> what is 1 + 2 <assistant> so the answer is $ 3 <eos>");
        assertThat(tok.decode(ids, true)).isEqualTo("what is 1 + 2 so the answer is $ 3");
        assertThat(tok.decode(ids, false)).isEqualTo(V.decode(ids));
    }
}

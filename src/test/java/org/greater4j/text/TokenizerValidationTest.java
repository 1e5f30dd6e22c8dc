package org.greater4j.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.greater4j.TestData;
import org.greater4j.io.ModelFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code tokenizer.json} is checked before DJL's native library sees it (issue 14 items 4 and 6):
 * the vocabulary's shape, every id's range, and decoding a negative id.
 */
class TokenizerValidationTest {
    @TempDir
    Path tmp;

    static final String ADDED = "[" + added(0, "<unk>") + "," + added(1, "<s>") + "]";

    static String added(int id, String content) {
        return "{\"id\":" + id + ",\"content\":\"" + content + "\",\"single_word\":false,\"lstrip\":false,"
                + "\"rstrip\":false,\"normalized\":false,\"special\":true}";
    }
    static final String VOCAB = "{\"<unk>\":0,\"<s>\":1,\"a\":2,\"b\":3,\" \":4}";

    /** A WordLevel tokenizer.json splitting every character, with the given vocab and added tokens. */
    static String tokenizerJson(String vocab, String added) {
        return "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":" + added + ",\"normalizer\":null,"
                + "\"pre_tokenizer\":{\"type\":\"Split\",\"pattern\":{\"String\":\"\"},\"behavior\":\"Isolated\",\"invert\":false},"
                + "\"post_processor\":null,\"decoder\":{\"type\":\"Fuse\"},"
                + "\"model\":{\"type\":\"WordLevel\",\"vocab\":" + vocab + ",\"unk_token\":\"<unk>\"}}";
    }

    private Path write(String json) throws IOException {
        Path f = tmp.resolve("tokenizer.json");
        Files.writeString(f, json);
        return f;
    }

    @Test
    void theBaseTokenizerLoads() throws IOException {
        try (Tokenizer t = Tokenizer.load(write(tokenizerJson(VOCAB, ADDED)))) {
            assertThat(t.encode("ab a")).containsExactly(2, 3, 4, 2);
            assertThat(t.vocabSize()).isEqualTo(5);
            assertThat(t.decode(new int[] {2, 3})).isEqualTo("ab");
        }
    }

    @Test
    void vocabGivenAsAList() throws IOException {
        Path f = write(tokenizerJson("[\"<unk>\",\"<s>\",\"a\"]", ADDED));
        assertThatThrownBy(() -> Tokenizer.load(f)).isInstanceOf(TokenizerFormatException.class)
                .hasMessageStartingWith(f + ": ").hasMessageContaining("\"vocab\"").hasMessageContaining("WordLevel")
                .hasMessageContaining("object");
    }

    @Test
    void addedTokenWithAHugeIdFailsFast() throws IOException {
        Path f = write(tokenizerJson(VOCAB, "[{\"id\":0,\"content\":\"<unk>\"},{\"id\":1000000000,\"content\":\"<x>\"}]"));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> Tokenizer.load(f)).isInstanceOf(TokenizerFormatException.class)
                .hasMessageContaining("1000000000").hasMessageContaining("<x>");
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(2.0);
    }

    @Test
    void negativeFloatOrDuplicateIds() throws IOException {
        Path f = write(tokenizerJson("{\"<unk>\":0,\"<s>\":1,\"a\":-5,\"b\":3,\" \":4}", ADDED));
        assertThatThrownBy(() -> Tokenizer.load(f)).isInstanceOf(TokenizerFormatException.class)
                .hasMessageContaining("\"a\"").hasMessageContaining("-5");
        Path g = write(tokenizerJson("{\"<unk>\":0,\"<s>\":1,\"a\":2.5,\"b\":3,\" \":4}", ADDED));
        assertThatThrownBy(() -> Tokenizer.load(g)).isInstanceOf(TokenizerFormatException.class).hasMessageContaining("2.5");
        Path h = write(tokenizerJson("{\"<unk>\":0,\"<s>\":1,\"a\":2,\"b\":2,\" \":4}", ADDED));
        assertThatThrownBy(() -> Tokenizer.load(h)).isInstanceOf(TokenizerFormatException.class)
                .hasMessageContaining("id 2").hasMessageContaining("\"a\"").hasMessageContaining("\"b\"");
        Path d = write(tokenizerJson("{\"<unk>\":0,\"<s>\":1,\"a\":2,\"a\":3,\" \":4}", ADDED));
        assertThatThrownBy(() -> Tokenizer.load(d)).isInstanceOf(TokenizerFormatException.class).hasMessageContaining("duplicate");
        Path gap = write(tokenizerJson("{\"<unk>\":0,\"<s>\":1,\"a\":2,\"b\":3,\" \":9}", ADDED));
        assertThatThrownBy(() -> Tokenizer.load(gap)).isInstanceOf(TokenizerFormatException.class)
                .hasMessageContaining("no token has id 4");
    }

    @Test
    void unigramVocabEntriesMustBePieceAndScore() throws IOException {
        String json = tokenizerJson(VOCAB, ADDED).replace("\"WordLevel\"", "\"Unigram\"")
                .replace(VOCAB, "[[\"<unk>\",0.0],[\"<s>\",0.0],\"a\"]");
        Path f = write(json);
        assertThatThrownBy(() -> Tokenizer.load(f)).isInstanceOf(TokenizerFormatException.class)
                .hasMessageContaining("vocab[2]").hasMessageContaining("[piece, score]");
    }

    @Test
    void negativeOrUnknownIdsInDecodeAndTokenText() throws IOException {
        try (Tokenizer t = Tokenizer.load(write(tokenizerJson(VOCAB, ADDED)))) {
            assertThatThrownBy(() -> t.decode(new int[] {2, -5})).isInstanceOf(TokenizerFormatException.class)
                    .hasMessageContaining("-5").hasMessageContaining("[0, 5)");
            assertThatThrownBy(() -> t.tokenText(-5)).hasMessageContaining("-5");
            assertThatThrownBy(() -> t.tokenText(5)).hasMessageContaining("token id 5");
        }
        Path bin = TestData.shared("models/stories260K-llama2c/tok512.bin");
        try (Tokenizer t = Tokenizer.load(bin)) {
            assertThatThrownBy(() -> t.decode(new int[] {-5})).isInstanceOf(TokenizerFormatException.class)
                    .hasMessageContaining("-5");
            assertThatThrownBy(() -> t.tokenText(512)).hasMessageContaining("512");
        }
    }

    @Test
    void llama2cEncodingIsNotQuadratic() {
        Path bin = TestData.shared("models/stories260K-llama2c/tok512.bin");
        Llama2cTokenizer t = Llama2cTokenizer.load(bin);
        String[] words = {"Once", "upon", "a", "time", "there", "was", "little", "girl", "named", "Lily", ".", "\u00e9t\u00e9", "\u4e2d"};
        Random r = new Random(7);
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 64_000) sb.append(words[r.nextInt(words.length)]).append(r.nextInt(5) == 0 ? "  " : " ");
        long t0 = System.nanoTime();
        int[] ids = t.encode(sb.toString());
        double s = (System.nanoTime() - t0) / 1e9;
        assertThat(s).as("64k characters took %.1f s", s).isLessThan(3.0);
        assertThat(t.decode(ids)).isEqualTo(sb.toString());
    }

    @Test
    void llama2cEncodingEqualsRunCsGreedyMerge() {
        Path bin = TestData.shared("models/stories260K-llama2c/tok512.bin");
        Llama2cTokenizer t = Llama2cTokenizer.load(bin);
        Random r = new Random(11);
        String alphabet = "aeiou tnsrl.,!?\u00e9\u4e2d\n";
        for (int k = 0; k < 300; k++) {
            StringBuilder sb = new StringBuilder();
            int n = r.nextInt(80);
            for (int i = 0; i < n; i++) sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            String s = sb.toString();
            assertThat(t.encode(s)).as(s).containsExactly(runC(t, s));
        }
    }

    /** run.c's encoder as written there: rescan every pair and merge the leftmost best, until nothing merges. */
    static int[] runC(Llama2cTokenizer t, String text) {
        if (text.isEmpty()) return new int[0];
        List<Integer> toks = new ArrayList<>();
        int dummy = t.tokenId(" ");
        if (dummy >= 0) toks.add(dummy);
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            String ch = new String(Character.toChars(cp));
            int id = t.tokenId(ch);
            if (id >= 0) toks.add(id);
            else for (byte by : ch.getBytes(StandardCharsets.UTF_8)) toks.add((by & 0xFF) + 3);
            i += Character.charCount(cp);
        }
        while (true) {
            float best = -1e10f;
            int bestId = -1;
            int bestIdx = -1;
            for (int k = 0; k + 1 < toks.size(); k++) {
                int id = t.tokenId(t.tokenString(toks.get(k)) + t.tokenString(toks.get(k + 1)));
                if (id >= 0 && t.score(id) > best) {
                    best = t.score(id);
                    bestId = id;
                    bestIdx = k;
                }
            }
            if (bestIdx < 0) break;
            toks.set(bestIdx, bestId);
            toks.remove(bestIdx + 1);
        }
        return toks.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void llama2cTokenizerWithAnImplausibleCount() throws IOException {
        Path f = tmp.resolve("tok.bin");
        ByteBuffer b = ByteBuffer.allocate(4 + 8 + 1).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(-3).putFloat(0f).putInt(1).put((byte) 'a');
        Files.write(f, b.array());
        assertThatThrownBy(() -> Tokenizer.load(f)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("max_token_length").hasMessageContaining("-3");
    }
}

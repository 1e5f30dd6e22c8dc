package org.greater4j.text;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.greater4j.io.ModelFormatException;

/**
 * The llama2.c tokenizer ({@code tokenizer.bin}, {@code tok512.bin}): {@code int max_token_length},
 * then per token {@code float score, int len, bytes}. Encoding is run.c's: a leading space (the
 * sentencepiece dummy prefix) is added to non-empty text, each UTF-8 character becomes its token
 * (or byte-fallback tokens {@code <0xXX>}), then the best-scoring adjacent pair is merged until none
 * merges. Ids 0, 1, 2 are UNK, BOS, EOS.
 */
public final class Llama2cTokenizer implements Tokenizer {
    private final Path source;
    private final String[] vocab;
    private final float[] scores;
    private final Map<String, Integer> ids = new HashMap<>();

    private Llama2cTokenizer(Path source, String[] vocab, float[] scores) {
        this.source = source;
        this.vocab = vocab;
        this.scores = scores;
        for (int i = 0; i < vocab.length; i++) ids.putIfAbsent(vocab[i], i);
    }

    /**
     * Reads a llama2.c tokenizer file. The vocabulary size is whatever the file holds (it must match
     * the model's, checked by the model loader).
     */
    public static Llama2cTokenizer load(Path file) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelFormatException(file, "cannot be read: " + e.getMessage(), e);
        }
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        if (all.length < 4) throw new ModelFormatException(file, "is too short for a llama2.c tokenizer");
        b.getInt(); // max_token_length
        java.util.List<String> v = new java.util.ArrayList<>();
        java.util.List<Float> s = new java.util.ArrayList<>();
        while (b.remaining() > 0) {
            if (b.remaining() < 8) throw new ModelFormatException(file, "ends inside token " + v.size() + " (truncated)");
            float score = b.getFloat();
            int len = b.getInt();
            if (len < 0 || len > b.remaining()) {
                throw new ModelFormatException(file, "token " + v.size() + " declares length " + len
                        + " past the end of the file: not a llama2.c tokenizer, or truncated");
            }
            byte[] bytes = new byte[len];
            b.get(bytes);
            v.add(new String(bytes, StandardCharsets.UTF_8));
            s.add(score);
        }
        float[] sc = new float[s.size()];
        for (int i = 0; i < sc.length; i++) sc[i] = s.get(i);
        return new Llama2cTokenizer(file, v.toArray(new String[0]), sc);
    }

    @Override
    public int[] encode(String text) {
        if (text.isEmpty()) return new int[0];
        java.util.List<Integer> toks = new java.util.ArrayList<>();
        Integer dummy = ids.get(" ");
        if (dummy != null) toks.add(dummy);
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            String ch = new String(Character.toChars(cp));
            Integer id = ids.get(ch);
            if (id != null) {
                toks.add(id);
            } else {
                for (byte by : ch.getBytes(StandardCharsets.UTF_8)) toks.add((by & 0xFF) + 3); // byte fallback
            }
            i += Character.charCount(cp);
        }
        while (true) {
            float best = -1e10f;
            int bestId = -1;
            int bestIdx = -1;
            for (int k = 0; k + 1 < toks.size(); k++) {
                Integer id = ids.get(vocab[toks.get(k)] + vocab[toks.get(k + 1)]);
                if (id != null && scores[id] > best) {
                    best = scores[id];
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

    @Override
    public int[] encodeWithSpecials(String text) {
        int[] body = encode(text);
        int[] out = new int[body.length + 1];
        out[0] = 1;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }

    @Override
    public String decode(int[] toks, boolean skipSpecial) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int prev = -1;
        for (int t : toks) {
            if (t < 0 || t >= vocab.length) continue;
            if (t < 3) {
                if (!skipSpecial) out.writeBytes(vocab[t].getBytes(StandardCharsets.UTF_8));
                prev = t;
                continue;
            }
            String piece = vocab[t];
            if (prev == 1 && piece.startsWith(" ")) piece = piece.substring(1); // run.c strips the space after BOS
            if (piece.length() == 6 && piece.startsWith("<0x") && piece.endsWith(">")) {
                out.write(Integer.parseInt(piece.substring(3, 5), 16));
            } else {
                out.writeBytes(piece.getBytes(StandardCharsets.UTF_8));
            }
            prev = t;
        }
        String s = out.toString(StandardCharsets.UTF_8);
        // The dummy prefix: a decoded sequence that starts with a word's leading space drops it.
        if (toks.length > 0 && toks[0] >= 3 && s.startsWith(" ")) s = s.substring(1);
        return s;
    }

    @Override
    public String tokenString(int id) {
        return id >= 0 && id < vocab.length ? vocab[id] : null;
    }

    /** The merge score of a token (higher merges first). */
    float score(int id) {
        return scores[id];
    }

    @Override
    public int tokenId(String token) {
        return ids.getOrDefault(token, -1);
    }

    @Override
    public int vocabSize() {
        return vocab.length;
    }

    @Override
    public int bosId() {
        return 1;
    }

    @Override
    public int eosId() {
        return 2;
    }

    @Override
    public Path source() {
        return source;
    }

    @Override
    public void close() {}
}

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

    /** Longest token accepted, in bytes (run.c's buffer for a merge is twice this). */
    static final int MAX_TOKEN_LENGTH = 1 << 16;

    /**
     * Reads a llama2.c tokenizer file. The vocabulary size is whatever the file holds (it must match
     * the model's, checked by the model loader).
     *
     * @throws TokenizerFormatException for a file that is truncated, declares an implausible
     *     {@code max_token_length}, has a token longer than it or more than 2^22 tokens, or a token
     *     that is not UTF-8
     */
    public static Llama2cTokenizer load(Path file) {
        byte[] all;
        try {
            long size = Files.size(file);
            if (size > 1L << 30) {
                throw new TokenizerFormatException(file, "is " + size + " bytes, more than a llama2.c tokenizer can be "
                        + "(1 GiB); pass the tokenizer that belongs to the model");
            }
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new TokenizerFormatException(file, "cannot be read: " + e.getMessage(), e);
        }
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        if (all.length < 4) throw new TokenizerFormatException(file, "is too short for a llama2.c tokenizer (" + all.length + " bytes)");
        int maxLen = b.getInt();
        if (maxLen <= 0 || maxLen > MAX_TOKEN_LENGTH) {
            throw new TokenizerFormatException(file, "declares max_token_length " + maxLen + " (allowed 1.." + MAX_TOKEN_LENGTH
                    + "): not a llama2.c tokenizer; pass a tok*.bin written by llama2.c's tokenizer.py");
        }
        java.util.List<String> v = new java.util.ArrayList<>();
        java.util.List<Float> s = new java.util.ArrayList<>();
        java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT);
        while (b.remaining() > 0) {
            if (b.remaining() < 8) throw new TokenizerFormatException(file, "ends inside token " + v.size() + " (truncated); fetch it again");
            if (v.size() >= TokenizerJson.MAX_VOCAB) {
                throw new TokenizerFormatException(file, "holds more than " + TokenizerJson.MAX_VOCAB + " tokens: not a "
                        + "llama2.c tokenizer");
            }
            float score = b.getFloat();
            int len = b.getInt();
            if (len < 0 || len > b.remaining()) {
                throw new TokenizerFormatException(file, "token " + v.size() + " declares length " + len
                        + " past the end of the file: not a llama2.c tokenizer, or truncated");
            }
            if (len > maxLen) {
                throw new TokenizerFormatException(file, "token " + v.size() + " is " + len + " bytes, longer than the file's "
                        + "max_token_length " + maxLen + ": corrupt; fetch it again");
            }
            byte[] bytes = new byte[len];
            b.get(bytes);
            try {
                v.add(utf8.decode(ByteBuffer.wrap(bytes)).toString());
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new TokenizerFormatException(file, "token " + v.size() + " is not UTF-8 text (bytes "
                        + java.util.HexFormat.ofDelimiter(" ").formatHex(bytes) + "): corrupt; fetch it again");
            }
            s.add(score);
        }
        float[] sc = new float[s.size()];
        for (int i = 0; i < sc.length; i++) sc[i] = s.get(i);
        return new Llama2cTokenizer(file, v.toArray(new String[0]), sc);
    }

    /**
     * run.c's encoding, in O(n log n): the same merges in the same order as run.c's loop (which
     * rescans every pair after each merge and takes the highest score, the leftmost on a tie, and
     * only scores above -1e10), found with a priority queue over the live pairs of a linked list.
     */
    @Override
    public int[] encode(String text) {
        if (text.isEmpty()) return new int[0];
        java.util.List<Integer> start = new java.util.ArrayList<>();
        Integer dummy = ids.get(" ");
        if (dummy != null) start.add(dummy);
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            String ch = new String(Character.toChars(cp));
            Integer id = ids.get(ch);
            if (id != null) {
                start.add(id);
            } else {
                for (byte by : ch.getBytes(StandardCharsets.UTF_8)) {
                    int fb = (by & 0xFF) + 3; // byte fallback <0xXX>
                    start.add(fb < vocab.length ? fb : 0);
                }
            }
            i += Character.charCount(cp);
        }
        int n = start.size();
        int[] tok = new int[n];
        int[] next = new int[n];
        int[] prev = new int[n];
        int[] version = new int[n];
        for (int k = 0; k < n; k++) {
            tok[k] = start.get(k);
            next[k] = k + 1 < n ? k + 1 : -1;
            prev[k] = k - 1;
        }
        // entries: {left node, right node, version of left, version of right, merged id}; best score first, then leftmost
        java.util.PriorityQueue<int[]> heap = new java.util.PriorityQueue<>((a, c) -> {
            float sa = scores[a[4]];
            float sc = scores[c[4]];
            return sa > sc ? -1 : sa < sc ? 1 : Integer.compare(a[0], c[0]); // as run.c's ">": -0.0 ties 0.0
        });
        for (int k = 0; k + 1 < n; k++) offer(heap, tok, version, k, k + 1);
        while (!heap.isEmpty()) {
            int[] e = heap.poll();
            int l = e[0];
            int r = e[1];
            if (next[l] != r || version[l] != e[2] || version[r] != e[3]) continue; // stale
            tok[l] = e[4];
            version[l]++;
            version[r] = -1; // dead
            next[l] = next[r];
            if (next[r] >= 0) prev[next[r]] = l;
            if (prev[l] >= 0) offer(heap, tok, version, prev[l], l);
            if (next[l] >= 0) offer(heap, tok, version, l, next[l]);
        }
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (int k = 0; k >= 0; k = next[k]) out.add(tok[k]);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private void offer(java.util.PriorityQueue<int[]> heap, int[] tok, int[] version, int l, int r) {
        Integer id = ids.get(vocab[tok[l]] + vocab[tok[r]]);
        if (id != null && scores[id] > -1e10f) heap.add(new int[] {l, r, version[l], version[r], id});
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
            if (t < 0) throw Tokenizer.badId(this, t);
            if (t >= vocab.length) continue;
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

package org.greater4j.text;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.greater4j.io.StrictJson;

/**
 * A HuggingFace {@code tokenizer.json} run by DJL's native tokenizers library, with truncation and
 * padding off (DJL truncates to 512 tokens by default). The vocabulary is also read with Jackson so
 * that token strings can be looked up by id. Special ids come from {@code tokenizer_config.json}
 * beside the file when present.
 */
public final class HfTokenizer implements Tokenizer {
    private final HuggingFaceTokenizer plain;
    private final HuggingFaceTokenizer withSpecials;
    private final Path source;
    private final String[] vocab;
    private final Map<String, Integer> ids;
    private final int bos;
    private final int eos;

    private HfTokenizer(Path source, HuggingFaceTokenizer plain, HuggingFaceTokenizer withSpecials,
                        String[] vocab, Map<String, Integer> ids, int bos, int eos) {
        this.source = source;
        this.plain = plain;
        this.withSpecials = withSpecials;
        this.vocab = vocab;
        this.ids = ids;
        this.bos = bos;
        this.eos = eos;
    }

    /**
     * Loads {@code tokenizer.json}; reads {@code tokenizer_config.json} beside it for BOS/EOS when
     * present. The vocabulary is checked ({@link TokenizerJson}) before the native library sees the file.
     *
     * @throws TokenizerFormatException naming the file, the entry, the value and the fix
     */
    public static HfTokenizer load(Path json) {
        if (!Files.isRegularFile(json)) {
            throw new TokenizerFormatException(json, "tokenizer.json not found; pass --tokenizer PATH");
        }
        TokenizerJson.Vocab checked = TokenizerJson.read(json);
        Map<String, Integer> ids = checked.ids();
        String[] vocab = checked.byId();

        HuggingFaceTokenizer plain;
        HuggingFaceTokenizer specials;
        try {
            Map<String, String> opts = new HashMap<>();
            opts.put("truncation", "false");
            opts.put("padding", "false");
            opts.put("addSpecialTokens", "false");
            plain = HuggingFaceTokenizer.newInstance(json, opts);
            opts.put("addSpecialTokens", "true");
            specials = HuggingFaceTokenizer.newInstance(json, opts);
        } catch (IOException | RuntimeException e) {
            throw new TokenizerFormatException(json, "cannot be loaded by the tokenizers library (" + e.getMessage()
                    + "); fetch the tokenizer.json that belongs to the model again", e);
        }
        int bos = -1;
        int eos = -1;
        Path cfg = json.resolveSibling("tokenizer_config.json");
        if (Files.exists(cfg)) {
            JsonNode c;
            try {
                c = StrictJson.parse(StrictJson.utf8(Files.readAllBytes(cfg)));
            } catch (IOException e) {
                throw new TokenizerFormatException(cfg, "cannot be read: " + e.getMessage(), e);
            } catch (StrictJson.Invalid e) {
                throw new TokenizerFormatException(cfg, e.getMessage() + "; fetch the model's tokenizer_config.json again", e);
            }
            if (!c.isObject()) {
                throw new TokenizerFormatException(cfg, "is not a JSON object; fetch the model's tokenizer_config.json again");
            }
            bos = idOf(ids, c.get("bos_token"));
            eos = idOf(ids, c.get("eos_token"));
        }
        return new HfTokenizer(json, plain, specials, vocab, ids, bos, eos);
    }

    /** A special-token entry of tokenizer_config.json (a string or {"content": ...}) to its id, or -1. */
    static int idOf(Map<String, Integer> ids, JsonNode tok) {
        if (tok == null || tok.isNull()) return -1;
        String s = tok.isObject() ? tok.path("content").asText() : tok.asText();
        return ids.getOrDefault(s, -1);
    }

    @Override
    public int[] encode(String text) {
        return toInt(plain.encode(text, false, false).getIds());
    }

    @Override
    public int[] encodeWithSpecials(String text) {
        return toInt(withSpecials.encode(text, true, false).getIds());
    }

    /** {@inheritDoc} Ids at or above {@link #vocabSize()} decode to nothing, as in the tokenizers library. */
    @Override
    public String decode(int[] ids, boolean skipSpecial) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0) throw Tokenizer.badId(this, ids[i]);
            l[i] = ids[i];
        }
        return plain.decode(l, skipSpecial);
    }

    @Override
    public String tokenString(int id) {
        return id >= 0 && id < vocab.length ? vocab[id] : null;
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
        return bos;
    }

    @Override
    public int eosId() {
        return eos;
    }

    @Override
    public Path source() {
        return source;
    }

    @Override
    public void close() {
        plain.close();
        withSpecials.close();
    }

    private static int[] toInt(long[] l) {
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) out[i] = (int) l[i];
        return out;
    }
}

package org.greater4j.toy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The toy model's word-level vocabulary and its HuggingFace tokenizer files. Text is lower-cased,
 * split on white space, and every punctuation character and every single digit becomes its own
 * token ({@code "No thinking, 17."} gives {@code no thinking , 1 7 .}); unknown words become
 * {@code <unk>}. Decoding joins tokens with single spaces, so decoded text re-encodes to the same ids.
 *
 * <p>{@link #encode(String)} is a Java mirror of the {@code tokenizer.json} written by
 * {@link #writeTokenizer(Path, int)}, used to build training sequences without the native tokenizer;
 * the tests check that both give the same ids. Immutable.
 */
public final class ToyVocabulary {

    /** Padding (never trained on). */
    public static final String PAD = "<pad>";
    /** Unknown word. */
    public static final String UNK = "<unk>";
    /** Beginning of a sequence. */
    public static final String BOS = "<bos>";
    /** End of the assistant's turn. */
    public static final String EOS = "<eos>";
    /** Opens the user's turn. */
    public static final String USER = "<user>";
    /** Opens the assistant's turn. */
    public static final String ASSISTANT = "<assistant>";
    /** The special tokens, ids 0..5 in this order. */
    public static final List<String> SPECIALS = List.of(PAD, UNK, BOS, EOS, USER, ASSISTANT);
    /** The growth token the optimizer appends to a prompt ({@code GreaterConfig.growthToken}). */
    public static final String GROWTH = "_";

    /**
     * The chat template: {@code <bos>}, then {@code <user> TEXT} for a user turn and
     * {@code <assistant> TEXT <eos>} for an assistant turn; the generation prompt is {@code <assistant>}.
     * Other roles are refused. Rendering a user turn {@code "QUESTION. Use INSTRUCTION"} with the
     * generation prompt gives, once tokenized, exactly the prefix of a training sequence.
     */
    public static final String CHAT_TEMPLATE = "{{ bos_token }}{% for message in messages %}"
            + "{% if message['role'] == 'user' %}{{ '<user> ' + message['content'] + ' ' }}"
            + "{% elif message['role'] == 'assistant' %}{{ '<assistant> ' + message['content'] + ' ' + eos_token }}"
            + "{% else %}{{ raise_exception('the toy model knows only user and assistant turns, not ' + message['role']) }}"
            + "{% endif %}{% endfor %}{% if add_generation_prompt %}{{ '<assistant>' }}{% endif %}";

    /** The pre-tokenizer's split pattern: a single digit or a single punctuation character. */
    static final String SPLIT_REGEX = "\\d|[^\\w\\s]";
    private static final Pattern SPLIT = Pattern.compile(SPLIT_REGEX);

    private static final ToyVocabulary DEFAULT = new ToyVocabulary(defaultWords());

    private final List<String> tokens;
    private final Map<String, Integer> ids;

    private ToyVocabulary(List<String> tokens) {
        this.tokens = List.copyOf(tokens);
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (m.put(tokens.get(i), i) != null) throw new IllegalStateException("duplicate token " + tokens.get(i));
        }
        this.ids = Collections.unmodifiableMap(m);
    }

    /** The vocabulary of the shipped toy models: specials, digits, punctuation, task and instruction words, {@code _}. */
    public static ToyVocabulary standard() {
        return DEFAULT;
    }

    private static List<String> defaultWords() {
        Set<String> w = new LinkedHashSet<>(SPECIALS);
        for (int d = 0; d <= 9; d++) w.add(Integer.toString(d));
        w.addAll(List.of("+", "-", "=", ".", ",", "$"));
        w.addAll(ToyProblem.WORDS);
        w.addAll(ToyInstructions.WORDS);
        w.add(GROWTH);
        return new ArrayList<>(w);
    }

    /** Number of tokens (the model's {@code vocab_size}). */
    public int size() {
        return tokens.size();
    }

    /** The token strings in id order. */
    public List<String> tokens() {
        return tokens;
    }

    /** The id of a token string, or -1. */
    public int id(String token) {
        Integer i = ids.get(token);
        return i == null ? -1 : i;
    }

    /** The token string of an id. */
    public String token(int id) {
        return tokens.get(id);
    }

    /** Id of {@code <pad>}. */
    public int padId() {
        return id(PAD);
    }

    /** Id of {@code <bos>}. */
    public int bosId() {
        return id(BOS);
    }

    /** Id of {@code <eos>}. */
    public int eosId() {
        return id(EOS);
    }

    /**
     * The ids of a text with no special tokens added, as the tokenizer files give them: lower-cased,
     * split on white space, digits and punctuation isolated, special tokens written literally
     * (e.g. {@code <user>}) recognized; unknown words are {@code <unk>}.
     */
    public int[] encode(String text) {
        List<Integer> out = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            int next = -1;
            String special = null;
            for (String s : SPECIALS) {
                int i = text.indexOf(s, at);
                if (i >= 0 && (next < 0 || i < next)) {
                    next = i;
                    special = s;
                }
            }
            int end = next < 0 ? text.length() : next;
            encodePlain(text.substring(at, end), out);
            if (next < 0) break;
            out.add(id(special));
            at = next + special.length();
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private void encodePlain(String text, List<Integer> out) {
        for (String word : text.toLowerCase(Locale.ROOT).trim().split("\\s+")) {
            if (word.isEmpty()) continue;
            Matcher m = SPLIT.matcher(word);
            int last = 0;
            while (m.find()) {
                if (m.start() > last) out.add(idOrUnk(word.substring(last, m.start())));
                out.add(idOrUnk(m.group()));
                last = m.end();
            }
            if (last < word.length()) out.add(idOrUnk(word.substring(last)));
        }
    }

    private int idOrUnk(String piece) {
        Integer i = ids.get(piece);
        return i == null ? ids.get(UNK) : i;
    }

    /** The tokens of {@code ids} joined by single spaces (special tokens kept), as the tokenizer decodes them. */
    public String decode(int[] ids) {
        StringBuilder b = new StringBuilder();
        for (int id : ids) {
            if (b.length() > 0) b.append(' ');
            b.append(tokens.get(id));
        }
        return b.toString();
    }

    /**
     * Writes {@code tokenizer.json} (normalizer Lowercase; pre-tokenizer WhitespaceSplit then Split on
     * {@code \d|[^\w\s]}, isolated; WordLevel model with {@code <unk>}; the six specials as added
     * tokens; a post-processor that puts {@code <bos>} before a text) and {@code tokenizer_config.json}
     * (special tokens, {@link #CHAT_TEMPLATE}, {@code model_max_length}) into {@code dir}.
     *
     * @param dir          created when missing
     * @param maxPositions the model's context, written as {@code model_max_length}
     */
    public void writeTokenizer(Path dir, int maxPositions) {
        ObjectMapper om = new ObjectMapper();
        ObjectNode root = om.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (String s : SPECIALS) {
            added.addObject().put("id", id(s)).put("content", s).put("single_word", false).put("lstrip", false)
                    .put("rstrip", false).put("normalized", false).put("special", true);
        }
        root.putObject("normalizer").put("type", "Lowercase");
        ObjectNode pre = root.putObject("pre_tokenizer");
        pre.put("type", "Sequence");
        ArrayNode pres = pre.putArray("pretokenizers");
        pres.addObject().put("type", "WhitespaceSplit");
        ObjectNode split = pres.addObject();
        split.put("type", "Split");
        split.putObject("pattern").put("Regex", SPLIT_REGEX);
        split.put("behavior", "Isolated").put("invert", false);
        ObjectNode post = root.putObject("post_processor");
        post.put("type", "TemplateProcessing");
        post.putArray("single").addObject().putObject("SpecialToken").put("id", BOS).put("type_id", 0);
        ((ArrayNode) post.get("single")).addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        ArrayNode pair = post.putArray("pair");
        pair.addObject().putObject("SpecialToken").put("id", BOS).put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
        ObjectNode st = post.putObject("special_tokens").putObject(BOS);
        st.put("id", BOS);
        st.putArray("ids").add(bosId());
        st.putArray("tokens").add(BOS);
        root.putNull("decoder");
        ObjectNode model = root.putObject("model");
        model.put("type", "WordLevel");
        ObjectNode vocab = model.putObject("vocab");
        for (int i = 0; i < tokens.size(); i++) vocab.put(tokens.get(i), i);
        model.put("unk_token", UNK);

        ObjectNode tc = om.createObjectNode();
        tc.put("tokenizer_class", "PreTrainedTokenizerFast");
        tc.put("bos_token", BOS).put("eos_token", EOS).put("pad_token", PAD).put("unk_token", UNK);
        tc.put("model_max_length", maxPositions);
        tc.put("clean_up_tokenization_spaces", false);
        ObjectNode dec = tc.putObject("added_tokens_decoder");
        for (String s : SPECIALS) {
            dec.putObject(Integer.toString(id(s))).put("content", s).put("lstrip", false).put("normalized", false)
                    .put("rstrip", false).put("single_word", false).put("special", true);
        }
        tc.put("chat_template", CHAT_TEMPLATE);
        try {
            Files.createDirectories(dir);
            om.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("tokenizer.json").toFile(), root);
            om.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("tokenizer_config.json").toFile(), tc);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the toy tokenizer to " + dir + ": " + e.getMessage(), e);
        }
    }
}

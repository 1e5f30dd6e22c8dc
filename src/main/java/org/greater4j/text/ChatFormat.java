package org.greater4j.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.greater4j.io.ModelFormatException;

/**
 * How a conversation becomes the text an instruction-tuned model expects. Either the model's own
 * Jinja {@code chat_template}, rendered byte-identically to HuggingFace's {@code apply_chat_template},
 * a built-in family format ({@code llama3}, {@code gemma2}) for tokenizers that ship without one, or
 * one of the markup-free formats for base models ({@code plain}, {@code none}). Immutable and
 * thread-safe.
 *
 * <p>Choose one with {@link #resolve(String, TokenizerConfig, LocalDate)}; the names are those of the
 * {@code --chat-format} option: {@code auto}, {@code template}, {@code llama3}, {@code gemma2},
 * {@code plain}, {@code none}.
 */
public sealed interface ChatFormat permits JinjaChatFormat, SimpleChatFormat, OfficialChatFormat {

    /** The values {@code --chat-format} accepts. */
    List<String> NAMES = List.of("auto", "template", "llama3", "gemma2", "official", "plain", "none");

    /**
     * What this format is: {@code template}, {@code llama3}, {@code gemma2}, {@code official}, {@code plain} or
     * {@code none} (never {@code auto}).
     */
    String name();

    /** The model family the format belongs to (decides family-specific layout details). */
    ChatFamily family();

    /** Where the format comes from, for error messages: a template's file, {@code built-in llama3}, or the name. */
    default String origin() {
        return name();
    }

    /**
     * The text of {@code messages}; with {@code addGenerationPrompt}, followed by the header that opens
     * the assistant's turn. Reads nothing else; returns the exact text (tokenize it with
     * {@link #encode(Tokenizer, String)}).
     *
     * @throws ChatTemplateException when the template refuses the conversation (its own message after the
     *                               template's origin), e.g. a system message for Gemma-2
     * @throws IllegalArgumentException when {@code messages} is empty
     */
    String render(List<Message> messages, boolean addGenerationPrompt);

    /**
     * Token ids of text this format rendered. Templates carry their own BOS, so nothing is added
     * (HF's {@code apply_chat_template(tokenize=True)} likewise uses {@code add_special_tokens=False});
     * the markup-free formats ({@code plain}, {@code none}) start with the special tokens the tokenizer
     * itself puts before a text (e.g. BOS), as a base model saw them in training.
     */
    default int[] encode(Tokenizer tokenizer, String rendered) {
        return tokenizer.encode(rendered);
    }

    /**
     * True when a layout encodes the chat prefix, the question and the separator as one string (the official GReaTer
     * code's hand-built layout, where a question's last character may merge with the separator), false when each
     * piece is encoded on its own.
     */
    default boolean tokenizesQuestionWithPrefix() {
        return false;
    }

    /**
     * The date {@code strftime_now} reports to the template (fixed so that runs are repeatable; record it
     * with a run when {@link #usesDate()}); null for {@code plain} and {@code none}.
     */
    LocalDate date();

    /** True when the rendered text depends on {@link #date()} (the template calls {@code strftime_now}). */
    boolean usesDate();

    /** The Jinja source this format renders, or null for {@code plain} and {@code none}. */
    String template();

    /**
     * This format with extra template variables, as HF's {@code apply_chat_template(..., **kwargs)} passes
     * them (e.g. {@code enable_thinking=False}); they override the special tokens of the same name. The
     * markup-free formats ignore them and return themselves.
     */
    ChatFormat withTemplateVariables(Map<String, ?> variables);

    /**
     * Picks a chat format by its {@code --chat-format} name.
     * <ul>
     *   <li>{@code auto}: the model's template; else its family's built-in format when the tokenizer has
     *       that format's special tokens; else an error explaining how to supply a template or choose
     *       {@code plain};</li>
     *   <li>{@code template}: the model's template (an error when it has none);</li>
     *   <li>{@code llama3}: Llama-3.0's header format (no date block), {@code gemma2}: the official
     *       gemma-2-it template; both need the family's special tokens in the tokenizer when its tokens are
     *       known;</li>
     *   <li>{@code official}: the layout the official GReaTer code builds by hand for Llama-3 and Gemma-2
     *       ({@link OfficialChatFormat}); the tokenizer must be of one of these families;</li>
     *   <li>{@code plain}: the user text, a newline, the assistant text; {@code none}: the texts
     *       concatenated with no markup at all.</li>
     * </ul>
     *
     * @param name   one of {@link #NAMES}, case-insensitive
     * @param config the model's tokenizer files (see {@link TokenizerConfig#read(Path)})
     * @param date   the date for templates that call {@code strftime_now}; null means today
     * @throws IllegalArgumentException for an unknown name
     * @throws ModelFormatException     when the files have no template and the name asks for one, or
     *                                  when a built-in format's special tokens are missing
     */
    static ChatFormat resolve(String name, TokenizerConfig config, LocalDate date) {
        LocalDate day = date == null ? LocalDate.now() : date;
        String n = name == null ? "auto" : name.trim().toLowerCase(Locale.ROOT);
        ChatFamily family = config.family();
        switch (n) {
            case "auto" -> {
                if (config.chatTemplate() != null) {
                    return new JinjaChatFormat("template", family, config.chatTemplate(), config.templateVariables(),
                            day, origin(config));
                }
                if (family == ChatFamily.LLAMA3 && config.hasTokens(JinjaChatFormat.LLAMA3_TOKENS)) {
                    return builtin("llama3", config, day);
                }
                if (family.isGemma() && config.hasTokens(JinjaChatFormat.GEMMA2_TOKENS)) {
                    return builtin("gemma2", config, day);
                }
                throw new ModelFormatException(config.dir(), "has no chat_template (in tokenizer_config.json or "
                        + "chat_template.jinja) and no built-in chat format fits it (family " + family
                        + (family == ChatFamily.OTHER ? "" : ", without that family's special tokens")
                        + "). Supply a template with --chat-template FILE.jinja (or add \"chat_template\" to "
                        + "tokenizer_config.json), or for a base model choose --chat-format plain (or none)");
            }
            case "template" -> {
                if (config.chatTemplate() == null) {
                    throw new ModelFormatException(config.dir(), "has no chat_template (in tokenizer_config.json "
                            + "or chat_template.jinja) but --chat-format template asks for it; supply one with "
                            + "--chat-template FILE.jinja, or choose --chat-format auto, llama3, gemma2 or plain");
                }
                return new JinjaChatFormat("template", family, config.chatTemplate(), config.templateVariables(),
                        day, origin(config));
            }
            case "llama3", "gemma2" -> {
                return builtin(n, config, day);
            }
            case "official" -> {
                if (family != ChatFamily.LLAMA3 && family != ChatFamily.GEMMA2) {
                    throw new ModelFormatException(config.dir(), "is a tokenizer of family " + family + ", but --chat-format "
                            + "official is the layout the official GReaTer code builds for Llama-3 and Gemma-2 only; choose "
                            + "--chat-format auto");
                }
                String[] tokens = family == ChatFamily.LLAMA3 ? JinjaChatFormat.LLAMA3_TOKENS : JinjaChatFormat.GEMMA2_TOKENS;
                if (!config.addedTokens().isEmpty() && !config.hasTokens(tokens)) {
                    throw new ModelFormatException(config.dir(), "--chat-format official writes " + String.join(" ", tokens)
                            + " but this tokenizer does not have them as special tokens; choose --chat-format auto");
                }
                return new OfficialChatFormat(family);
            }
            case "plain" -> {
                return SimpleChatFormat.PLAIN;
            }
            case "none" -> {
                return SimpleChatFormat.NONE;
            }
            default -> throw new IllegalArgumentException("unknown chat format '" + name + "'; choose one of "
                    + String.join(", ", NAMES));
        }
    }

    /**
     * Same as {@link #resolve(String, TokenizerConfig, LocalDate)} for a model or tokenizer directory,
     * read with {@link TokenizerConfig#read(Path)}.
     */
    static ChatFormat resolve(String name, Path dir, LocalDate date) {
        return resolve(name, TokenizerConfig.read(dir), date);
    }

    /**
     * A format from Jinja source given by the user (e.g. {@code --chat-template FILE}), with the special
     * tokens of {@code config} as its variables.
     */
    static ChatFormat fromTemplate(String source, TokenizerConfig config, LocalDate date) {
        return fromTemplate(source, config, date, "the given template");
    }

    /**
     * Same as {@link #fromTemplate(String, TokenizerConfig, LocalDate)}, with {@code origin} (e.g. the
     * template's file) named in error messages.
     */
    static ChatFormat fromTemplate(String source, TokenizerConfig config, LocalDate date, String origin) {
        return new JinjaChatFormat("template", config.family(), source, config.templateVariables(),
                date == null ? LocalDate.now() : date, origin);
    }

    /** The {@code plain} format (user text, newline, assistant text). */
    static ChatFormat plain() {
        return SimpleChatFormat.PLAIN;
    }

    /** The {@code none} format (texts concatenated, no markup). */
    static ChatFormat none() {
        return SimpleChatFormat.NONE;
    }

    private static ChatFormat builtin(String name, TokenizerConfig config, LocalDate date) {
        String[] tokens = name.equals("llama3") ? JinjaChatFormat.LLAMA3_TOKENS : JinjaChatFormat.GEMMA2_TOKENS;
        if (!config.addedTokens().isEmpty() && !config.hasTokens(tokens)) {
            throw new ModelFormatException(config.dir(), "--chat-format " + name + " writes " + String.join(" ", tokens)
                    + " but this tokenizer does not have them as special tokens (they would be split into plain "
                    + "text); use the model's own template (--chat-format auto or --chat-template FILE) or, for a "
                    + "base model, --chat-format plain");
        }
        Map<String, Object> vars = config.templateVariables();
        vars.putIfAbsent("bos_token", name.equals("llama3") ? "<|begin_of_text|>" : "<bos>");
        ChatFamily family = name.equals("llama3") ? ChatFamily.LLAMA3 : ChatFamily.GEMMA2;
        return new JinjaChatFormat(name, family, resource(name + ".jinja"), vars, date, "built-in " + name);
    }

    /** The file a directory's template was read from (tokenizer_config.json, else chat_template.jinja). */
    private static String origin(TokenizerConfig config) {
        if (config.dir() == null) return "the tokenizer config";
        Path tc = config.dir().resolve("tokenizer_config.json");
        Path jinja = config.dir().resolve("chat_template.jinja");
        try {
            if (java.nio.file.Files.exists(tc) && java.nio.file.Files.readString(tc).contains("\"chat_template\"")) {
                return tc.toString();
            }
        } catch (IOException e) {
            return tc.toString();
        }
        return java.nio.file.Files.exists(jinja) ? jinja.toString() : config.dir().toString();
    }

    private static String resource(String file) {
        try (InputStream in = ChatFormat.class.getResourceAsStream(file)) {
            if (in == null) throw new IllegalStateException("built-in chat template " + file + " is missing from the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

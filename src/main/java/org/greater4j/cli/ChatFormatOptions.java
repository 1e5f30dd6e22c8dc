package org.greater4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.greater4j.model.LanguageModel;
import org.greater4j.text.ChatFormat;
import org.greater4j.text.LayoutSettings;
import org.greater4j.text.LayoutTemplate;
import org.greater4j.text.TokenizerConfig;
import picocli.CommandLine.Option;

/**
 * The chat-format options every command that formats prompts takes ({@code @Mixin}):
 * {@code --chat-format NAME}, {@code --chat-template FILE}, {@code --no-thinking} and {@code --date YYYY-MM-DD}.
 */
public final class ChatFormatOptions {

    @Option(names = "--chat-format", paramLabel = "NAME", defaultValue = "auto",
            description = "How prompts are formatted: auto (the model's chat_template, else its family's built-in "
                    + "format, else an error), template, llama3, gemma2, plain (user text, newline, assistant "
                    + "text: base models), none (no markup). Default: ${DEFAULT-VALUE}.")
    String chatFormat = "auto";

    @Option(names = "--chat-template", paramLabel = "FILE",
            description = "A Jinja chat template to use instead of the model's (with --chat-format auto or template).")
    Path chatTemplate;

    @Option(names = "--no-thinking",
            description = "Render the chat template with enable_thinking=False, as transformers' "
                    + "apply_chat_template(..., enable_thinking=False) does: Qwen3 and SmolLM3 answer without a "
                    + "thinking block. Templates without a thinking mode ignore it.")
    boolean noThinking;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD",
            description = "The date templates get from strftime_now (Llama-3.x prints it as \"Today Date\").")
    LocalDate date;

    /** The {@code --chat-format} value as given. */
    public String name() {
        return chatFormat;
    }

    /** The {@code --date} value, or null when not given. */
    public LocalDate date() {
        return date;
    }

    /**
     * The chat format these options choose for a model's files.
     *
     * @param defaultDate the date when {@code --date} is not given (today for the {@code template}
     *                    command; a run's recorded date for an optimization run)
     */
    public ChatFormat resolve(TokenizerConfig config, LocalDate defaultDate) {
        LocalDate day = date != null ? date : defaultDate;
        ChatFormat format;
        if (chatTemplate != null) {
            String n = chatFormat.trim().toLowerCase(Locale.ROOT);
            if (!n.equals("auto") && !n.equals("template")) {
                throw new IllegalArgumentException("--chat-template applies with --chat-format auto or template, "
                        + "not with --chat-format " + chatFormat + "; drop one of them");
            }
            try {
                format = ChatFormat.fromTemplate(Files.readString(chatTemplate), config, day, chatTemplate.toString());
            } catch (IOException e) {
                throw new IllegalArgumentException("--chat-template " + chatTemplate + ": cannot be read ("
                        + e.getMessage() + ")", e);
            }
        } else {
            format = ChatFormat.resolve(chatFormat, config, day);
        }
        return noThinking ? format.withTemplateVariables(Map.of(LayoutSettings.ENABLE_THINKING, false)) : format;
    }

    /**
     * The layout of prompts for a loaded model: the chat format these options choose for its tokenizer
     * files ({@link #tokenizerConfig}), its tokenizer, the given question/prompt separator, and the
     * smaller of the files' and the model's context length.
     *
     * @param model       the model (its tokenizer is required)
     * @param separator   what joins question and prompt (the paper's {@code ". Use "}; may be empty)
     * @param defaultDate the date when {@code --date} is not given
     */
    public LayoutTemplate layout(LanguageModel model, String separator, LocalDate defaultDate) {
        TokenizerConfig config = tokenizerConfig(model);
        ChatFormat format = resolve(config, defaultDate);
        int context = Math.min(config.contextLength(), model.config().maxPositions());
        LayoutSettings settings = LayoutSettings.paper().withSeparator(separator);
        if (noThinking) settings = settings.withThinking(false);
        return LayoutTemplate.of(format, model.requireTokenizer(), settings, context);
    }

    /**
     * The tokenizer files of a loaded model: the directory of its tokenizer file when that is not the
     * model's and holds a {@code tokenizer_config.json} (a tokenizer given with {@code --tokenizer}),
     * else the model's directory, else (a llama2.c checkpoint) none: no template, no special tokens.
     */
    static TokenizerConfig tokenizerConfig(LanguageModel model) {
        Path modelDir = Files.isDirectory(model.source()) ? model.source() : null;
        Path tokSource = model.tokenizer().map(t -> t.source()).orElse(null);
        Path tokDir = tokSource == null ? null : Files.isDirectory(tokSource) ? tokSource : tokSource.toAbsolutePath().normalize().getParent();
        if (tokDir != null && Files.isRegularFile(tokDir.resolve("tokenizer_config.json"))
                && (modelDir == null || !tokDir.equals(modelDir.toAbsolutePath().normalize()))) {
            return TokenizerConfig.read(tokDir);
        }
        if (modelDir != null) return TokenizerConfig.read(modelDir);
        return new TokenizerConfig(model.source(), null, Map.of(), List.of(), null, null, Set.of(), Integer.MAX_VALUE);
    }
}

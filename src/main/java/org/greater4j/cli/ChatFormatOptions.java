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
import org.greater4j.task.Protocol;
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
                    + "format, else an error), template, llama3, gemma2, official (the official GReaTer code's "
                    + "hand-built Llama-3/Gemma-2 layout), plain (user text, newline, assistant "
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
     * The protocol options these flags choose ({@link Protocol}): chat format, template file, date (the given one,
     * else {@code defaultDate}; null means today) and separator.
     */
    public Protocol.Options protocolOptions(String separator, LocalDate defaultDate) {
        Protocol.Options o = Protocol.Options.defaults().withChatFormat(chatFormat).withChatTemplate(chatTemplate)
                .withDate(date != null ? date : defaultDate).withSeparator(separator);
        return noThinking ? o.withSettings(o.settings().withThinking(false)) : o;
    }

    /**
     * The layout of prompts for a loaded model, as {@link Protocol#layout} builds it with these options.
     *
     * @param model       the model (its tokenizer is required)
     * @param separator   what joins question and prompt (the paper's {@code ". Use "}; may be empty)
     * @param defaultDate the date when {@code --date} is not given
     */
    public LayoutTemplate layout(LanguageModel model, String separator, LocalDate defaultDate) {
        return Protocol.layout(model, protocolOptions(separator, defaultDate));
    }

    /** The tokenizer files of a loaded model ({@link Protocol#tokenizerFiles}). */
    static TokenizerConfig tokenizerConfig(LanguageModel model) {
        return Protocol.tokenizerFiles(model);
    }
}

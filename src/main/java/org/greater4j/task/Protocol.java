package org.greater4j.task;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.greater4j.model.LanguageModel;
import org.greater4j.text.ChatFamily;
import org.greater4j.text.ChatFormat;
import org.greater4j.text.LayoutSettings;
import org.greater4j.text.LayoutTemplate;
import org.greater4j.text.TokenizerConfig;

/**
 * How a task is put to a model: the prompt layout (chat format, its date, separator, tokenizer, context) and
 * the extractor that follows the reasoning. The one place that decides these, for the optimizer, the
 * evaluation, the command line and the notebooks alike. An immutable value; the model is not owned.
 *
 * <p>The rules:
 * <ul>
 *   <li>the tokenizer files ({@code tokenizer_config.json}, chat template) are those beside an explicitly given
 *       tokenizer when it has them, else the model directory's, else none (a llama2.c checkpoint);</li>
 *   <li>the chat format is {@link Options#chatFormat()} ({@code auto}: the model's own template, else its family's
 *       built-in format), with {@link Options#chatTemplate()} replacing the model's template when given;</li>
 *   <li>the date a template's {@code strftime_now} reports is {@link Options#date()}, today when not given (a run
 *       records it, so that it resumes with the same layout);</li>
 *   <li>the extractor is {@link Options#extractor()} when given, else the task's for the model's family
 *       ({@link ExtractorStyle#forFamily}: the engine's {@code model_type});</li>
 *   <li>the context is the smaller of the tokenizer files' and the model's.</li>
 * </ul>
 *
 * @param model     the model (not closed here)
 * @param options   what was asked for
 * @param layout    the prompt layout
 * @param extractor the extractor phrase
 */
public record Protocol(LanguageModel model, Options options, LayoutTemplate layout, String extractor) {

    /**
     * What a user may choose about the layout; every default is the command line's.
     *
     * @param chatFormat   {@code auto}, {@code template}, {@code llama3}, {@code gemma2}, {@code plain} or {@code none}
     * @param chatTemplate Jinja source replacing the model's template, or null
     * @param templateOrigin where {@code chatTemplate} came from (its file), named in errors; null when none
     * @param date         the date for {@code strftime_now}, or null for today
     * @param settings     separator, reasoning separator, system message, template variables ({@code enable_thinking})
     * @param extractor    the extractor phrase, or null for the task's for the model's family ({@code ""}: none)
     */
    public record Options(String chatFormat, String chatTemplate, String templateOrigin, LocalDate date, LayoutSettings settings,
                          String extractor) {
        /** Checks the format name; null settings become the paper's. */
        public Options {
            chatFormat = chatFormat == null ? "auto" : chatFormat.strip().toLowerCase(Locale.ROOT);
            if (!ChatFormat.NAMES.contains(chatFormat)) {
                throw new IllegalArgumentException("unknown chat format \"" + chatFormat + "\"; use one of " + ChatFormat.NAMES);
            }
            if (chatTemplate != null && !chatFormat.equals("auto") && !chatFormat.equals("template")) {
                throw new IllegalArgumentException("a chat template applies with chat format auto or template, not " + chatFormat);
            }
            if (settings == null) settings = LayoutSettings.paper();
        }

        /** The command line's defaults: {@code auto}, the model's template, today, the paper's separator, the task's extractor. */
        public static Options defaults() {
            return new Options("auto", null, null, null, LayoutSettings.paper(), null);
        }

        /** These options with another chat format name. */
        public Options withChatFormat(String name) {
            return new Options(name, chatTemplate, templateOrigin, date, settings, extractor);
        }

        /** These options with a chat template read from a file (null: the model's). */
        public Options withChatTemplate(Path file) {
            if (file == null) return new Options(chatFormat, null, null, date, settings, extractor);
            try {
                return new Options(chatFormat, Files.readString(file), file.toString(), date, settings, extractor);
            } catch (IOException e) {
                throw new IllegalArgumentException("chat template " + file + " cannot be read (" + e.getMessage()
                        + "); pass a readable Jinja file", e);
            }
        }

        /** These options with another date (null: today). */
        public Options withDate(LocalDate d) {
            return new Options(chatFormat, chatTemplate, templateOrigin, d, settings, extractor);
        }

        /** These options with another question/prompt separator. */
        public Options withSeparator(String separator) {
            return new Options(chatFormat, chatTemplate, templateOrigin, date, settings.withSeparator(separator), extractor);
        }

        /** These options with other layout settings. */
        public Options withSettings(LayoutSettings s) {
            return new Options(chatFormat, chatTemplate, templateOrigin, date, s, extractor);
        }

        /** These options with an extractor phrase (null: the task's for the model's family). */
        public Options withExtractor(String e) {
            return new Options(chatFormat, chatTemplate, templateOrigin, date, settings, e);
        }
    }

    /** The protocol of {@code task} on {@code model} with the command line's defaults. */
    public static Protocol of(LanguageModel model, Task task) {
        return of(model, task, Options.defaults());
    }

    /**
     * The protocol of {@code task} on {@code model} with {@code options}.
     *
     * @throws org.greater4j.io.ModelFormatException when the model has no tokenizer or no usable chat format
     */
    public static Protocol of(LanguageModel model, Task task, Options options) {
        String extractor = options.extractor() != null ? options.extractor() : task.extractor(style(model));
        return new Protocol(model, options, layout(model, options), extractor);
    }

    /** The layout alone (no task needed), as {@link #of} builds it. */
    public static LayoutTemplate layout(LanguageModel model, Options options) {
        TokenizerConfig files = tokenizerFiles(model);
        LocalDate day = options.date() != null ? options.date() : LocalDate.now();
        ChatFormat format = options.chatTemplate() != null
                ? ChatFormat.fromTemplate(options.chatTemplate(), files, day,
                        options.templateOrigin() != null ? options.templateOrigin() : "the given template")
                : ChatFormat.resolve(options.chatFormat(), files, day);
        int context = Math.min(files.contextLength(), model.config().maxPositions());
        return LayoutTemplate.of(format, model.requireTokenizer(), options.settings(), context);
    }

    /** The extractor style of a model: by the engine's family ({@code model_type}). */
    public static ExtractorStyle style(LanguageModel model) {
        return ExtractorStyle.forFamily(model.config().family().modelType);
    }

    /**
     * The tokenizer files of a loaded model: the directory of its tokenizer file when that holds a
     * {@code tokenizer_config.json} (a tokenizer given explicitly), else the model's directory, else none.
     */
    public static TokenizerConfig tokenizerFiles(LanguageModel model) {
        Path modelDir = Files.isDirectory(model.source()) ? model.source().toAbsolutePath().normalize() : null;
        Path tokSource = model.tokenizer().map(t -> t.source()).orElse(null);
        Path tokDir = tokSource == null ? null
                : Files.isDirectory(tokSource) ? tokSource : tokSource.toAbsolutePath().normalize().getParent();
        if (tokDir != null && Files.isRegularFile(tokDir.resolve("tokenizer_config.json"))
                && (modelDir == null || !tokDir.toAbsolutePath().normalize().equals(modelDir))) {
            return TokenizerConfig.read(tokDir);
        }
        if (modelDir != null) return TokenizerConfig.read(modelDir);
        return new TokenizerConfig(model.source(), null, Map.of(), List.of(), null, null, Set.of(), Integer.MAX_VALUE);
    }

    /**
     * This protocol with the layout the official GReaTer code builds by hand ({@code --chat-format official}) when it
     * follows the model's own chat format ({@code auto}, no template, no system message given) and the tokenizer is a
     * Llama-3 or Gemma-2 one; else this protocol (other families, or a format, template or system message the user
     * chose, stay as they are).
     */
    public Protocol official() {
        if (!options.chatFormat().equals("auto") || options.chatTemplate() != null || options.settings().systemMessage() != null) {
            return this;
        }
        ChatFamily f = tokenizerFiles(model).family();
        if (f != ChatFamily.LLAMA3 && f != ChatFamily.GEMMA2) return this;
        Options o = options.withChatFormat("official");
        return new Protocol(model, o, layout(model, o), extractor);
    }

    /** This protocol with another date for the chat template (the same when the format does not use one). */
    public Protocol withDate(LocalDate date) {
        return new Protocol(model, options.withDate(date), layout(model, options.withDate(date)), extractor);
    }

    /** The chat format's date, when its rendering depends on it; null otherwise. */
    public LocalDate dateUsed() {
        return layout.format().usesDate() ? layout.format().date() : null;
    }
}

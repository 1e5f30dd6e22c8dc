package org.greater4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import org.greater4j.text.ChatFormat;
import org.greater4j.text.Message;
import org.greater4j.text.TokenizerConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code greater template}: prints a conversation exactly as the model's chat format renders it
 * (UTF-8, no newline added), so users can check what their model will see.
 */
@Command(name = "template", mixinStandardHelpOptions = true,
        description = "Print a conversation as the model's chat format renders it, exactly (no newline added).")
public final class TemplateCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    /** Where the tokenizer files are: a model directory or a tokenizer directory. */
    static final class Source {
        @Option(names = "--model", paramLabel = "DIR", required = true,
                description = "A HuggingFace model directory (tokenizer_config.json, tokenizer.json, config.json).")
        Path model;

        @Option(names = "--tokenizer-dir", paramLabel = "DIR", required = true,
                description = "A directory with tokenizer_config.json (and tokenizer.json).")
        Path tokenizerDir;

        Path dir() {
            return model != null ? model : tokenizerDir;
        }
    }

    @Option(names = "--messages", paramLabel = "FILE.json", required = true,
            description = "The conversation: a JSON list of {\"role\": ..., \"content\": ...}.")
    Path messages;

    @Option(names = "--add-generation-prompt",
            description = "End with the header that opens the assistant's turn.")
    boolean addGenerationPrompt;

    @Mixin
    ChatFormatOptions chat = new ChatFormatOptions();

    /** Renders and prints; exceptions (e.g. a template's {@code raise_exception}) become {@code error: ...}, exit 1. */
    @Override
    public Integer call() {
        TokenizerConfig config = TokenizerConfig.read(source.dir());
        ChatFormat format = chat.resolve(config, LocalDate.now());
        List<Message> conversation = Message.readJson(messages);
        String text = format.render(conversation, addGenerationPrompt);
        try {
            System.out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.flush();
        return 0;
    }
}

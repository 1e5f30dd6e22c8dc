package org.greater4j.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.greater4j.generate.Generation;
import org.greater4j.generate.GenerationConfig;
import org.greater4j.generate.Generator;
import org.greater4j.model.LanguageModel;
import org.greater4j.text.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code greater generate}: raw completion of a prompt; prints only the generated text. */
@Command(name = "generate", description = "Raw completion: prints only the generated text (temperature 0 = greedy).")
final class GenerateCommand implements Runnable {
    @Mixin
    ModelOptions opts;

    @Option(names = "--prompt", defaultValue = "", description = "prompt text (empty: start from BOS)")
    String prompt;

    @Option(names = "--max-tokens", defaultValue = "256", description = "new tokens at most")
    int maxTokens;

    @Option(names = "--temperature", defaultValue = "0", description = "0 = greedy")
    double temperature;

    @Option(names = "--top-p", defaultValue = "1.0", description = "nucleus sampling mass")
    double topP;

    @Option(names = "--seed", defaultValue = "0", description = "sampling seed")
    long seed;

    @Option(names = "--chat-format", description = "wrap the prompt as a user turn of this chat format (auto, template, llama3, "
            + "gemma2, plain) and stop at the end of the assistant's turn; default: raw completion")
    String chatFormat;

    @Override
    public void run() {
        try (LanguageModel m = opts.load()) {
            Tokenizer tok = m.requireTokenizer();
            int[] ids;
            GenerationConfig cfg = GenerationConfig.greedy(maxTokens).withSampling(temperature, topP, seed);
            if (chatFormat == null) {
                ids = promptIds(m, tok, prompt);
            } else {
                org.greater4j.text.ChatFormat f = org.greater4j.text.ChatFormat.resolve(chatFormat, ChatFormatOptions.tokenizerConfig(m), java.time.LocalDate.now());
                String rendered = f.render(java.util.List.of(org.greater4j.text.Message.user(prompt)), true);
                ids = f.encode(tok, rendered);
                cfg = cfg.withStopIds(org.greater4j.generate.Reasoner.endOfTurnIds(tok));
            }
            PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
            // Stream the text as it grows: print the new suffix of the decoded text after every token.
            StringBuilder printed = new StringBuilder();
            java.util.List<Integer> got = new java.util.ArrayList<>();
            Generation g = Generator.of(m, tok).generate(new int[][] {ids}, cfg, (row, id) -> {
                got.add(id);
                String t = tok.decode(withBos(got, ids), true);
                if (t.startsWith(printed.toString()) && !t.endsWith("\uFFFD")) {
                    out.print(t.substring(printed.length()));
                    printed.setLength(0);
                    printed.append(t);
                }
            }).get(0);
            String full = tok.decode(withBos(got, ids), true);
            if (full.startsWith(printed.toString())) out.print(full.substring(printed.length()));
            out.flush();
            if (g.stopReason() == null) throw new IllegalStateException("generation ended without a reason");
        }
    }

    /** Decoding context: after BOS, as run.c decodes (strips the leading space of the first piece). */
    private static int[] withBos(java.util.List<Integer> got, int[] prompt) {
        int[] a = new int[got.size() + (prompt.length == 1 && prompt[0] == 1 ? 1 : 0)];
        int o = 0;
        if (a.length > got.size()) a[o++] = 1;
        for (int x : got) a[o++] = x;
        return a;
    }

    /** BOS (when the model has one) followed by the prompt's tokens; an empty prompt is just BOS. */
    static int[] promptIds(LanguageModel m, Tokenizer tok, String prompt) {
        int bos = m.config().bosTokenId() >= 0 ? m.config().bosTokenId() : tok.bosId();
        int[] body = tok.encode(prompt);
        if (bos < 0) {
            if (body.length == 0) throw new IllegalArgumentException("empty prompt and the model has no BOS token to start from");
            return body;
        }
        int[] ids = new int[body.length + 1];
        ids[0] = bos;
        System.arraycopy(body, 0, ids, 1, body.length);
        return ids;
    }
}

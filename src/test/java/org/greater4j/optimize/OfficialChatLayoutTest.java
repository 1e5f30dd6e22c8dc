package org.greater4j.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.greater4j.TestData;
import org.greater4j.io.DType;
import org.greater4j.model.LanguageModel;
import org.greater4j.model.TinyModels;
import org.greater4j.task.Example;
import org.greater4j.task.Protocol;
import org.greater4j.task.Task;
import org.greater4j.text.Layout;
import org.greater4j.text.Tokenizer;
import org.greater4j.toy.ToyTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The family-specific fidelity knobs of {@code paper} on real Llama-3 and Gemma-2 tokenizers, each with a tiny model of the
 * tokenizer's full vocabulary: the official hand-built layout ({@code officialChatLayout}; its ids are checked against
 * transformers in {@link OfficialLayoutTest}), Gemma-2's swap sequence as the official cleanup leaves it
 * ({@code gemmaLastFifth}) and the reasoning split at the assistant header ({@code splitAtAssistantHeader}).
 */
class OfficialChatLayoutTest {
    @TempDir
    static Path tmp;

    private static final GreaterConfig PAPER = GreaterConfig.paper().withInitialPrompt("think step by step.").withMaxNewTokens(6)
            .withSeed(7);

    /** A tiny model of {@code family} with the named shared tokenizer's vocabulary, bos and eos. */
    private static LanguageModel model(String family, String tokenizer, int vocab, int bos, int eos) {
        ObjectNode c = TinyModels.config(family);
        c.put("vocab_size", vocab).put("max_position_embeddings", 512).put("tie_word_embeddings", true).put("bos_token_id", bos)
                .put("eos_token_id", eos);
        Path dir = TinyModels.write(c, tmp.resolve(tokenizer), DType.F32, 1);
        return LanguageModel.load(dir, LanguageModel.Options.defaults().withTokenizer(TestData.tokenizer(tokenizer).resolve("tokenizer.json")));
    }

    @Test
    void paperUsesTheOfficialLlama3LayoutAndSplitsReasoningAtTheAssistantHeader() {
        try (LanguageModel m = model("llama", "llama3_2", 128256, 128000, 128009)) {
            Task task = ToyTask.task().head(3, 0, 0);
            Tokenizer tok = m.requireTokenizer();
            Greater g = Greater.of(m, task, PAPER);
            assertThat(g.protocol().layout().format().name()).isEqualTo("official");
            String q = task.train().get(0).question();
            Layout official = g.protocol().layout().generation(q, g.initialPrompt().ids());
            assertThat(Arrays.copyOf(official.ids(), 5)).as("<|begin_of_text|> + the user header, no system block")
                    .containsExactly(128000, 128006, 882, 128007, 271);
            assertThat(tok.decode(official.ids(), false)).doesNotContain("Cutting Knowledge")
                    .endsWith(" think step by step.<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n");

            Greater clean = g.with(PAPER.withOfficialChatLayout(false));
            assertThat(clean.protocol().layout().format().name()).isEqualTo("template");
            assertThat(tok.decode(clean.protocol().layout().generation(q, clean.initialPrompt().ids()).ids(), false))
                    .contains("Cutting Knowledge Date");
            Protocol chosen = Protocol.of(m, task, Protocol.Options.defaults().withChatFormat("template"));
            assertThat(Greater.of(chosen, task, PAPER).protocol().layout().format().name()).as("a chosen format stays").isEqualTo("template");

            Step s = g.step(g.initialPrompt());
            assertThat(Double.isFinite(s.swap().score())).isTrue();

            Context ctx = new Context(g.protocol(), task, PAPER);
            assertThat(ctx.assistantText).isEqualTo("assistant\n\n");
            int[] ids = tok.encode("x assistant\n\n The answer is 5");
            Reasoning.Trace t = new Reasoning.Trace(ids, "x assistant\n\n The answer is 5", q, "5", "5", true);
            assertThat(new Gradient(ctx).scoredText(t)).isEqualTo("The answer is 5");
            Context off = new Context(g.protocol(), task, PAPER.withSplitAtAssistantHeader(false));
            assertThat(new Gradient(off).scoredText(t)).isEqualTo("x assistant\n\n The answer is 5");
        }
    }

    @Test
    void paperUsesTheOfficialGemma2LayoutAndKeepsTheEndOfTurnInTheSwap() {
        try (LanguageModel m = model("gemma2", "gemma2", 256000, 2, 1)) {
            Task task = ToyTask.task().head(3, 0, 0);
            Tokenizer tok = m.requireTokenizer();
            Greater g = Greater.of(m, task, PAPER);
            assertThat(g.protocol().layout().format().name()).isEqualTo("official");
            Example e = task.train().get(0);
            int[] prompt = g.initialPrompt().ids();
            int[] input = g.protocol().layout().generation(e.question(), prompt).ids();
            assertThat(Arrays.copyOf(input, 5)).as("two BOS, as tokenizer(\"<bos><start_of_turn>user\\n...\") gives")
                    .containsExactly(2, 2, 106, 1645, 108);

            Context ctx = new Context(g.protocol(), task, PAPER);
            assertThat(ctx.gemmaCleanupId).as("tokenizer.encode(\"<end_of_turn>\")[0] is <bos>").isEqualTo(2);
            int[] gen = tok.encode("The answer is 7");
            Reasoning ended = reasoning(prompt, e, gen);
            int[] seq = new RealScore(ctx, new Gradient(ctx)).rows(prompt, prompt, ended, List.of(e)).seqs()[0];
            assertThat(Arrays.copyOf(seq, input.length)).containsExactly(input);
            assertThat(Arrays.copyOfRange(seq, input.length, input.length + gen.length)).containsExactly(gen);
            assertThat(seq[input.length + gen.length]).as("the <end_of_turn> that ended the reasoning stays").isEqualTo(107);

            Context off = new Context(g.protocol(), task, PAPER.withGemmaLastFifth(false));
            int[] without = new RealScore(off, new Gradient(off)).rows(prompt, prompt, ended, List.of(e)).seqs()[0];
            assertThat(without).hasSize(seq.length - 1);
            assertThat(Arrays.copyOf(without, input.length + gen.length)).containsExactly(Arrays.copyOf(seq, input.length + gen.length));

            int[] full = tok.encode("a b c d e f"); // as long as the cap: cut by the length limit, no end of turn
            assertThat(full).hasSize(PAPER.maxNewTokens());
            int[] capped = new RealScore(ctx, new Gradient(ctx)).rows(prompt, prompt, reasoning(prompt, e, full), List.of(e)).seqs()[0];
            assertThat(capped[input.length + full.length]).isNotEqualTo(107);
        }
    }

    private static Reasoning reasoning(int[] prompt, Example e, int[] gen) {
        return new Reasoning(prompt, "think step by step.", List.of(new Reasoning.Trace(gen, "", e.question(), e.gold(), "", null)));
    }
}

package org.greater4j.optimize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.greater4j.generate.Reasoner;
import org.greater4j.model.LanguageModel;
import org.greater4j.task.AnswerType;
import org.greater4j.task.Example;
import org.greater4j.task.Protocol;
import org.greater4j.task.Task;
import org.greater4j.text.ChatFamily;
import org.greater4j.text.LayoutTemplate;
import org.greater4j.text.Tokenizer;
import org.greater4j.text.TokenizerConfig;

/**
 * What every part of one optimizer shares: the model, the task's protocol (layout, extractor), the training
 * examples, the config, the tokenizer, the growth token and the step's cost meter. Package-private plumbing of
 * {@link Greater}.
 */
final class Context {
    final LanguageModel model;
    final Protocol protocol;
    final Task task;
    final LayoutTemplate layout;
    final List<Example> train;
    final String extractor;
    final AnswerType answerType;
    final GreaterConfig cfg;
    final Tokenizer tok;
    final Reasoner reasoner;
    final int growthId;
    /** bos, eos, pad and unk ids the tokenizer files name (-1 for none): what the official code bans and drops. */
    final int[] specialIds;
    /** The eos and pad ids the official swap drops from its sequences (attack_manager.py L1045), -1 for none. */
    final int eosId;
    final int padId;
    /** Gemma-2's end of turn, which ends a reasoning (-1 elsewhere). */
    final int endOfTurnId;
    /**
     * The token the official Gemma-2 cleanup looks for: {@code tokenizer.encode("<end_of_turn>")[0]}, with the special
     * tokens the tokenizer adds, so {@code <bos>} on Gemma-2 (attack_manager.py L1050); -1 elsewhere.
     */
    final int gemmaCleanupId;
    /** The assistant header as the official code splits reasoning at it: the end of the user turn decoded, specials skipped. */
    final String assistantText;
    final CostMeter meter = new CostMeter();

    Context(Protocol protocol, Task task, GreaterConfig cfg) {
        if (task.train().isEmpty()) {
            throw new IllegalArgumentException("task " + task.name() + " has no training examples; GReaTer needs at least one "
                    + "(the paper uses 50-100)");
        }
        if (!protocol.layout().settings().separator().equals(cfg.separator())) {
            throw new IllegalArgumentException("the layout's separator \"" + protocol.layout().settings().separator()
                    + "\" differs from the config's \"" + cfg.separator() + "\"");
        }
        this.model = protocol.model();
        this.protocol = protocol;
        this.task = task;
        this.layout = protocol.layout();
        this.train = task.train();
        this.extractor = protocol.extractor();
        this.answerType = task.answerType();
        this.cfg = cfg;
        this.tok = layout.tokenizer();
        this.reasoner = Reasoner.of(model, layout);
        int[] g = tok.encode(cfg.growthToken());
        if (g.length == 0) throw new IllegalArgumentException("the growth token \"" + cfg.growthToken() + "\" encodes to nothing");
        this.growthId = g[g.length - 1]; // the official code takes tokenizer.encode("_")[-1]
        TokenizerConfig files = Protocol.tokenizerFiles(model);
        java.util.Map<String, String> named = files.specialTokens();
        boolean gemma2 = files.family() == ChatFamily.GEMMA2 && tok.tokenId("<end_of_turn>") >= 0;
        this.endOfTurnId = gemma2 ? tok.tokenId("<end_of_turn>") : -1;
        this.gemmaCleanupId = gemma2 ? tok.encodeWithSpecials("<end_of_turn>")[0] : -1;
        this.assistantText = tok.decode(tok.encode(layout.suffixText()), true);
        this.eosId = named.containsKey("eos_token") ? tok.tokenId(named.get("eos_token")) : tok.eosId();
        this.padId = named.containsKey("pad_token") ? tok.tokenId(named.get("pad_token")) : -1;
        int bos = named.containsKey("bos_token") ? tok.tokenId(named.get("bos_token")) : tok.bosId();
        int unk = named.containsKey("unk_token") ? tok.tokenId(named.get("unk_token")) : -1;
        this.specialIds = new int[] {bos, eosId, padId, unk, tok.bosId(), tok.eosId()};
    }

    /**
     * The ids the official code works on after a step: the prompt decoded (special tokens skipped) and encoded
     * again as it follows the separator, one leading space dropped (greater_opt.py L508-510, attack_manager.py
     * L1399, L699-702, L308-326).
     */
    int[] retokenize(int[] ids) {
        String t = tok.decode(ids, true);
        if (t.startsWith(" ")) t = t.substring(1);
        int[] out = layout.encodePrompt(t);
        if (out.length == 0) throw new IllegalStateException("the prompt " + Arrays.toString(ids) + " re-encodes to no tokens");
        return out;
    }

    /** A prompt's text: the decoded ids (a trailing growth token dropped), no leading space. */
    String text(int[] ids) {
        int n = ids.length;
        if (n > 1 && ids[n - 1] == growthId) n--;
        return tok.decode(Arrays.copyOf(ids, n), true).strip();
    }

    /** One token's text as decoded alone. */
    String tokenText(int id) {
        String s = tok.tokenText(id);
        if (s == null) return "#" + id;
        // SentencePiece tokenizers drop a word's leading space when a token is decoded alone: restore it
        String raw = tok.tokenString(id);
        if (raw != null && (raw.startsWith("\u2581") || raw.startsWith(" ")) && !s.startsWith(" ")) s = " " + s;
        return s;
    }

    /** The texts of several tokens. */
    List<String> tokenTexts(int[] ids) {
        List<String> out = new ArrayList<>(ids.length);
        for (int id : ids) out.add(tokenText(id));
        return out;
    }

    /** A prompt state with its texts. */
    PromptState state(int[] ids, int position, int initialLength, int restarts, int step) {
        return new PromptState(ids, tokenTexts(ids), text(ids), position, initialLength, restarts, step);
    }

    /** A reasoning value for {@code examples} from generated ids and texts, with each answer parsed and judged. */
    Reasoning reasoning(int[] promptIds, List<Example> examples, List<Reasoner.Result> results) {
        List<Reasoning.Trace> traces = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            Reasoner.Result r = results.get(i);
            Example e = examples.get(i);
            Optional<String> parsed = answerType.parse(r.text());
            traces.add(new Reasoning.Trace(r.tokens(), r.text(), e.question(), e.gold(), parsed.orElse(""),
                    answerType.isCorrect(parsed, e.gold())));
        }
        return new Reasoning(promptIds, text(promptIds), traces);
    }
}

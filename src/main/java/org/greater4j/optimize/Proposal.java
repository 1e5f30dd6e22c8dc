package org.greater4j.optimize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.greater4j.text.Layout;
import org.greater4j.text.LayoutPart;
import org.greater4j.text.Tokenizer;

/**
 * GReaTer's propose step: the candidate tokens for a prompt position, from the model's own next-token
 * distribution at that position for every training example ({@code greater_opt.py} L86-147, L275-340).
 */
final class Proposal {
    private final Context ctx;
    private final BitSet banned;

    Proposal(Context ctx) {
        this.ctx = ctx;
        this.banned = ctx.cfg.officialBannedRange()
                ? officialBannedTokens(ctx.tok, ctx.model.config().vocabSize(), ctx.specialIds)
                : bannedTokens(ctx.tok, ctx.model.config().vocabSize());
    }

    /**
     * The official code's banned tokens exactly ({@code get_nonascii_toks}, attack_manager.py L131-147): the rule
     * of {@link #allowed} checked only over ids 3 .. the base vocabulary (the ids before the trailing block of
     * special tokens, HF's {@code vocab_size}), then bos, eos, pad and unk ({@code specials}) banned. Ids 0-2 and
     * special tokens outside that range may be proposed; ids the model has beyond the tokenizer are banned.
     */
    static BitSet officialBannedTokens(Tokenizer tok, int vocab, int[] specials) {
        BitSet b = new BitSet(vocab);
        int base = baseVocabulary(tok);
        for (int id = 3; id < base && id < vocab; id++) if (!allowed(tok.tokenText(id))) b.set(id);
        for (int id = Math.min(tok.vocabSize(), vocab); id < vocab; id++) b.set(id);
        for (int id : specials) if (id >= 0 && id < vocab) b.set(id);
        return b;
    }

    /** The ids before the trailing block of special tokens (those that decode to nothing with specials skipped). */
    static int baseVocabulary(Tokenizer tok) {
        int n = tok.vocabSize();
        while (n > 0 && tok.decode(new int[] {n - 1}, true).isEmpty() && !tok.tokenText(n - 1).isEmpty()) n--;
        return n;
    }

    /**
     * Tokens a prompt may never take (the official {@code get_nonascii_toks}): every token whose text
     * is not printable ASCII or holds anything but letters and spaces, except exactly ".", "," and
     * " ". Unlike the official loop (ids 3 .. vocab_size of the base vocabulary) every id is checked,
     * so special and added tokens are banned by the same rule.
     */
    static BitSet bannedTokens(Tokenizer tok, int vocab) {
        BitSet b = new BitSet(vocab);
        for (int id = 0; id < vocab; id++) {
            String s = id < tok.vocabSize() ? tok.tokenText(id) : null;
            if (s == null || !allowed(s)) b.set(id);
        }
        for (int id : new int[] {tok.bosId(), tok.eosId()}) if (id >= 0 && id < vocab) b.set(id);
        return b;
    }

    static boolean allowed(String s) {
        if (s.equals(".") || s.equals(",") || s.equals(" ")) return true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) return false;       // printable ASCII only
            if (!Character.isLetter(c) && c != ' ') return false;
        }
        return true;
    }

    /** True when a token may be proposed. */
    boolean isAllowed(int id) {
        return !banned.get(id);
    }

    /**
     * Candidate tokens for the state's position: each example's next-token top-k there (banned tokens
     * and the previous prompt token excluded), {@code topq} random intersections of
     * {@code intersectionSize} examples' top-k sets, their union; k grows by 2 while the union has
     * fewer than {@code minCandidates} tokens (up to the vocabulary size); the current token is added.
     * Random choices come from {@code (seed, state.step())}.
     */
    Candidates propose(PromptState p) {
        return propose(p, null);
    }

    /**
     * {@link #propose(PromptState)} with the intersections' example samples given ({@code samples}, one array of
     * example indices per intersection, as another implementation drew them) instead of drawn; null draws them.
     * Given samples serve every try of k.
     */
    Candidates propose(PromptState p, List<int[]> samples) {
        GreaterConfig cfg = ctx.cfg;
        if (samples != null) {
            for (int[] smp : samples) {
                for (int i : smp) {
                    if (i < 0 || i >= ctx.train.size()) {
                        throw new IllegalArgumentException("sampled example " + i + " is outside the " + ctx.train.size() + " training examples");
                    }
                }
            }
        }
        int pos = p.position();
        int[] ids = p.ids();
        int n = ctx.train.size();
        int[][] seqs = new int[n][];
        int[][] at = new int[n][];
        for (int i = 0; i < n; i++) {
            Layout g = ctx.layout.generation(ctx.train.get(i).question(), ids);
            int upTo = g.span(LayoutPart.PROMPT).start() + pos; // the prefix before the position
            seqs[i] = Arrays.copyOf(g.ids(), upTo);
            at[i] = new int[] {upTo - 1};
        }
        int prev = ids[Math.floorMod(pos - 1, ids.length)];
        float[][] logits = new float[n][];
        Batches.forEach(n, cfg.naive() ? 1 : cfg.batchSize(), (s, e) -> {
            float[][][] lg = ctx.model.logits(Arrays.copyOfRange(seqs, s, e), Arrays.copyOfRange(at, s, e));
            long tokens = 0;
            for (int i = s; i < e; i++) {
                logits[i] = lg[i - s][0];
                tokens += seqs[i].length;
            }
            ctx.meter.forward(e - s, tokens);
        });
        int vocab = ctx.model.config().vocabSize();
        int allowedCount = vocab - banned.cardinality() - (banned.get(prev) ? 0 : 1);
        // per-example ranking of allowed tokens (log-softmax is monotone: rank raw logits)
        Integer[][] order = new Integer[n][];
        for (int i = 0; i < n; i++) {
            float[] l = logits[i];
            List<Integer> ok = new ArrayList<>();
            for (int t = 0; t < vocab; t++) if (!banned.get(t) && t != prev) ok.add(t);
            Integer[] o = ok.toArray(new Integer[0]);
            Arrays.sort(o, (a, b) -> l[b] != l[a] ? Float.compare(l[b], l[a]) : Integer.compare(a, b));
            order[i] = o;
        }
        SplittableRandom rng = new SplittableRandom(cfg.seed() * 1_000_003L + p.step());
        int k = cfg.topk();
        int m = Math.min(cfg.intersectionSize(), n);
        while (true) {
            int kk = Math.min(k, allowedCount);
            int[][] topk = new int[n][];
            for (int i = 0; i < n; i++) {
                topk[i] = new int[Math.min(kk, order[i].length)];
                for (int r = 0; r < topk[i].length; r++) topk[i][r] = order[i][r];
            }
            List<Candidates.Intersection> inters = new ArrayList<>();
            TreeSet<Integer> union = new TreeSet<>();
            int draws = samples != null ? samples.size() : cfg.topq();
            for (int q = 0; q < draws; q++) {
                int[] sample = samples != null ? samples.get(q).clone() : sample(rng, n, m);
                TreeSet<Integer> inter = new TreeSet<>();
                for (int t : topk[sample[0]]) inter.add(t);
                for (int j = 1; j < sample.length; j++) {
                    TreeSet<Integer> other = new TreeSet<>();
                    for (int t : topk[sample[j]]) other.add(t);
                    inter.retainAll(other);
                }
                inters.add(new Candidates.Intersection(sample, inter.stream().mapToInt(Integer::intValue).toArray()));
                union.addAll(inter);
            }
            if (union.size() >= cfg.minCandidates() || kk >= allowedCount) {
                boolean added = union.add(p.current());
                int[] tokens = union.stream().mapToInt(Integer::intValue).toArray();
                return new Candidates(pos, p.current(), kk, topk, inters, tokens, ctx.tokenTexts(tokens), added);
            }
            k += 2;
        }
    }

    /** {@code m} distinct indices of [0, n) in sampling order (random.sample). */
    static int[] sample(SplittableRandom rng, int n, int m) {
        int[] pool = new int[n];
        for (int i = 0; i < n; i++) pool[i] = i;
        int[] out = new int[m];
        for (int i = 0; i < m; i++) {
            int j = i + rng.nextInt(n - i);
            int t = pool[i];
            pool[i] = pool[j];
            pool[j] = t;
            out[i] = pool[i];
        }
        return out;
    }
}

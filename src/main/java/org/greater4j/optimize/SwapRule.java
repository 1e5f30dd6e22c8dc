package org.greater4j.optimize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * GReaTer's swap step: the shortlisted tokens scored for real, the winner chosen by the official rules, and the
 * next prompt state (position rules, growth, period forcing, early-stop restart).
 */
final class SwapRule {
    private final Context ctx;
    private final Reasons reasons;
    private final RealScore real;

    SwapRule(Context ctx, Reasons reasons, RealScore real) {
        this.ctx = ctx;
        this.reasons = reasons;
        this.real = real;
    }

    /**
     * The swap: each shortlisted token (in gradient order) is tried at the position and scored for real; the
     * winner is the lowest score, ties to the later one. Period forcing: a token whose text contains "." at a
     * position at least half the initial length is taken at once. With keep-best, the current token is scored
     * first ({@code currentScored} when given) and kept unless a candidate is not worse.
     */
    Swap swap(PromptState p, Scores s, Evaluated currentScored) {
        int pos = p.position();
        int[] base = p.ids();
        List<Evaluated> evaluated = new ArrayList<>();
        if (ctx.cfg.keepBest()) {
            evaluated.add(currentScored != null ? currentScored
                    : real.evaluate(base, base, p.current(), reasons.reason(base, ctx.train), ctx.train));
        }
        List<Integer> tried = new ArrayList<>();
        for (int token : s.shortlist()) {
            if (ctx.cfg.keepBest() && token == p.current()) continue;
            tried.add(token);
            if (forcesPeriod(token, pos, p.initialLength())) break; // taken at once: later candidates are not scored
        }
        evaluated.addAll(evaluateAll(base, pos, tried));
        Choice c = choose(evaluated, t -> forcesPeriod(t, pos, p.initialLength()));
        int w = c.winner().token();
        PromptState next = advance(p, w, c.winner().score());
        return new Swap(pos, evaluated, w, ctx.tokenText(w), c.winner().score(), c.forced(), next);
    }

    /**
     * Scores {@code tokens} at {@code pos} of {@code base} for real, in order, their fresh reasoning generated
     * together and, in the efficient schedule, their teacher-forced rows scored together from each example's
     * shared beginning.
     */
    List<Evaluated> evaluateAll(int[] base, int pos, List<Integer> tokens) {
        List<int[]> prompts = new ArrayList<>();
        for (int token : tokens) {
            int[] cand = base.clone();
            cand[pos] = token;
            prompts.add(cand);
        }
        List<Reasoning> rs = reasons.reason(prompts);
        if (!ctx.cfg.naive() && tokens.size() > 1) return real.evaluateShared(prompts, base, tokens, rs);
        List<Evaluated> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) out.add(real.evaluate(prompts.get(i), base, tokens.get(i), rs.get(i), ctx.train));
        return out;
    }

    boolean forcesPeriod(int token, int pos, int initialLength) {
        return ctx.cfg.periodForcing() && ctx.tokenText(token).contains(".") && pos >= 0.5 * initialLength;
    }

    /**
     * The winner of scored candidates in evaluation order: the lowest score, ties to the later one
     * ({@code <=}, as the official loop); a candidate for which {@code forces} holds is taken at once
     * (nothing after it counts). With keep-best the current token is the first entry, so a candidate
     * replaces it only when it is not worse.
     */
    static Choice choose(List<Evaluated> inOrder, IntPredicate forces) {
        if (inOrder.isEmpty()) throw new IllegalArgumentException("nothing was scored");
        Evaluated best = null;
        for (Evaluated e : inOrder) {
            if (best == null || e.score() <= best.score()) best = e;
            if (forces.test(e.token())) return new Choice(e, true);
        }
        return new Choice(best, false);
    }

    /** The swap's decision. @param winner the chosen entry @param forced period forcing chose it */
    record Choice(Evaluated winner, boolean forced) {}

    /**
     * The state after a step put {@code winner} at the position (the official position rules): the position
     * advances by one; past the end it wraps to 0 when the winner's text holds ".", else the growth token is
     * appended and becomes the next position; with {@code retokenize} the prompt is decoded and encoded again and
     * a position past its end is clamped to the last token; a score below the early-stop threshold restarts the
     * pass at position 0 ({@link #restartsAfter}).
     */
    PromptState advance(PromptState p, int winner, double score) {
        int[] next = p.ids();
        next[p.position()] = winner;
        int nextPos = p.position() + 1;
        if (nextPos >= next.length) {
            if (ctx.tokenText(winner).contains(".")) {
                nextPos = 0;
            } else {
                next = Arrays.copyOf(next, next.length + 1);
                next[next.length - 1] = ctx.growthId;
            }
        }
        if (ctx.cfg.retokenize()) {
            next = ctx.retokenize(next);
            if (nextPos >= next.length) nextPos = next.length - 1; // the clamp of greater_opt.py L240-241
        }
        int restarts = p.restarts();
        int initialLength = p.initialLength();
        if (restartsAfter(score, nextPos)) {
            nextPos = 0;
            restarts++;
            if (ctx.cfg.officialRestarts()) initialLength = next.length; // a fresh optimizer (greater_opt.py L202)
        }
        return ctx.state(next, nextPos, initialLength, restarts, p.step() + 1);
    }

    /**
     * True when a step with this score ends the pass: the score is below the early-stop threshold; with
     * {@code officialRestarts} never when the training set has exactly 100 rows (attack_manager.py L1724-1749) and
     * also when the pass had wrapped to position 0 anyway (a new pass all the same); otherwise only when the
     * position is not 0 already.
     */
    boolean restartsAfter(double score, int nextPos) {
        if (score >= ctx.cfg.earlyStopScore()) return false;
        if (ctx.cfg.officialRestarts()) return ctx.train.size() != OFFICIAL_GROUP_SIZE;
        return nextPos != 0;
    }

    /** The official {@code group_size}: a training set of exactly this many rows never restarts. */
    static final int OFFICIAL_GROUP_SIZE = 100;
}

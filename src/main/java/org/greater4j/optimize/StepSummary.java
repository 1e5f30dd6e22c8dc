package org.greater4j.optimize;

import java.util.List;
import java.util.Map;
import org.greater4j.optimize.Values.Evaluated;
import org.greater4j.optimize.Values.Step;

/**
 * What run.json and the checkpoint keep of a step (reasoning texts and per-example top-k lists are
 * left out to keep the files small).
 *
 * @param index          step index
 * @param prompt         prompt text the step started from
 * @param promptIds      its ids
 * @param position       optimized position
 * @param k              top-k finally used by the proposal
 * @param candidates     candidate tokens
 * @param candidateTexts their texts
 * @param shortlist      shortlisted tokens, gradient order
 * @param evaluated      real scores of what the swap evaluated
 * @param winner         chosen token
 * @param winnerText     its text
 * @param score          chosen token's score
 * @param forced         period forcing took it
 * @param reused         the gradient reasoning was the previous winner's
 * @param nextPrompt     prompt text after the step
 * @param nextIds        its ids
 * @param nextPosition   next position
 * @param meanLoss       mean gradient-step loss over the examples
 * @param gradient       the L2-normalized gradient per candidate (candidate order)
 * @param realScores     diagnostic: the real score per candidate (candidate order; empty when off), see {@link GradientQuality}
 * @param generatedTokens tokens generated
 * @param forwardTokens  tokens in forward passes
 * @param backwardTokens tokens in forward+backward passes
 * @param generations    sequences generated
 * @param prefillTokens  tokens run through the model before generating (a shared prefix counts once)
 * @param seconds        wall time per operation
 */
public record StepSummary(int index, String prompt, int[] promptIds, int position, int k, int[] candidates, List<String> candidateTexts,
                          int[] shortlist, List<Scored> evaluated, int winner, String winnerText, double score, boolean forced,
                          boolean reused, String nextPrompt, int[] nextIds, int nextPosition, double meanLoss, double[] gradient, double[] realScores,
                          long generatedTokens, long forwardTokens, long backwardTokens, long generations, long forwardSequences,
                          long backwardSequences, long forwardCalls, long backwardCalls, long prefillTokens, Map<String, Double> seconds) {

    /** A real score of one token. */
    public record Scored(int token, String text, double score, double mistakeRate, double promptNll) {}

    /** Summarizes a step. */
    public static StepSummary of(Step s, Greater g) {
        var t = g.template().tokenizer();
        List<String> texts = java.util.Arrays.stream(s.candidates().tokens()).mapToObj(t::tokenText).toList();
        List<Scored> ev = s.swap().evaluated().stream().map(e -> scored(e, t)).toList();
        double meanLoss = java.util.Arrays.stream(s.scores().exampleLoss()).average().orElse(Double.NaN);
        double[] real = new double[0];
        if (!s.allScores().isEmpty()) {
            real = new double[s.candidates().tokens().length];
            for (int j = 0; j < real.length; j++) real[j] = s.allScores().get(j).score();
        }
        return new StepSummary(s.index(), g.text(s.state().ids()), s.state().ids(), s.state().position(), s.candidates().k(),
                s.candidates().tokens(), texts, s.scores().shortlist(), ev, s.swap().winner(), t.tokenText(s.swap().winner()),
                s.swap().score(), s.swap().forced(), s.reused(), g.text(s.swap().next().ids()), s.swap().next().ids(),
                s.swap().next().position(), meanLoss, s.scores().gradient(), real, s.cost().generatedTokens(), s.cost().forwardTokens(),
                s.cost().backwardTokens(), s.cost().generations(), s.cost().forwardSequences(), s.cost().backwardSequences(),
                s.cost().forwardCalls(), s.cost().backwardCalls(), s.cost().prefillTokens(), s.cost().seconds());
    }

    private static Scored scored(Evaluated e, org.greater4j.text.Tokenizer t) {
        return new Scored(e.token(), e.token() >= 0 ? t.tokenText(e.token()) : "", e.score(), e.mistakeRate(), e.promptNll());
    }
}

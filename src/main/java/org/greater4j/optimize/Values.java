package org.greater4j.optimize;

import java.util.List;
import java.util.Map;

/** The immutable values GReaTer's steps take and return (records; no native arrays). */
public final class Values {
    private Values() {}

    /**
     * The prompt being optimized and where the next step works.
     *
     * @param ids           prompt token ids (after the separator)
     * @param position      index of the token the next step optimizes
     * @param initialLength length of the initial prompt (period forcing starts at half of it)
     * @param restarts      how many times a pass restarted at position 0 after a score below the threshold
     */
    public record PromptState(int[] ids, int position, int initialLength, int restarts) {
        public PromptState {
            ids = ids.clone();
            if (ids.length == 0) throw new IllegalArgumentException("the prompt has no tokens");
            if (position < 0 || position >= ids.length) {
                throw new IllegalArgumentException("position " + position + " is outside the prompt of " + ids.length + " tokens");
            }
        }

        @Override
        public int[] ids() {
            return ids.clone();
        }

        /** The token at the optimized position. */
        public int current() {
            return ids[position];
        }
    }

    /**
     * One random intersection of the proposal.
     *
     * @param examples the sampled example indices
     * @param tokens   the tokens in all their top-k lists
     */
    public record Intersection(int[] examples, int[] tokens) {}

    /**
     * The candidate set for one position.
     *
     * @param position     the prompt position
     * @param k            the top-k finally used (grown by 2 while the union was too small)
     * @param topk         [example][rank] each example's top-k tokens at the position (banned tokens excluded)
     * @param intersections the random intersections whose union is the set
     * @param tokens       the candidate tokens, ascending, the current token included
     * @param currentAdded true when the current token was not in the union and was added
     */
    public record Candidates(int position, int k, int[][] topk, List<Intersection> intersections, int[] tokens, boolean currentAdded) {}

    /**
     * One example's reasoning under a prompt.
     *
     * @param tokens the generated ids
     * @param text   the decoded, stripped reasoning
     * @param answer the answer parsed from the reasoning text (empty when none)
     */
    public record Trace(int[] tokens, String text, String answer) {}

    /**
     * Reasoning of every training example under one prompt.
     *
     * @param promptIds the prompt the reasoning was generated with
     * @param traces    one per training example, in order
     */
    public record Reasoning(int[] promptIds, List<Trace> traces) {}

    /**
     * The gradient step.
     *
     * @param position    the prompt position
     * @param candidates  the candidate tokens (the one-hot columns)
     * @param exampleLoss each example's loss (answer CE / T + weight x prompt NLL)
     * @param gradient    d(sum of example losses)/d(one-hot) per candidate, L2-normalized
     * @param shortlist   the candidates with the most negative gradient, best first
     */
    public record Scores(int position, int[] candidates, double[] exampleLoss, double[] gradient, int[] shortlist) {}

    /**
     * A candidate scored for real.
     *
     * @param token       the token tried at the position
     * @param score       mistake rate + weight x prompt NLL (lower is better)
     * @param mistakeRate share of examples whose greedy answer tokens differ from the gold
     * @param promptNll   mean NLL of the prompt tokens
     * @param reasoning   the fresh reasoning under the candidate prompt
     */
    public record Evaluated(int token, double score, double mistakeRate, double promptNll, Reasoning reasoning) {}

    /**
     * The swap step.
     *
     * @param position   the prompt position
     * @param evaluated  the shortlisted candidates (and, with keep-best, the current token first) as scored
     * @param winner     the chosen token
     * @param score      the chosen token's score
     * @param forced     true when period forcing took a token at once
     * @param next       the prompt state for the next step
     * @param reasoning  the winner's reasoning (reused by the next step when its prompt is the same)
     */
    public record Swap(int position, List<Evaluated> evaluated, int winner, double score, boolean forced, PromptState next, Reasoning reasoning) {}

    /**
     * What a step cost.
     *
     * @param generatedTokens tokens generated
     * @param forwardTokens   tokens in forward passes (no backward)
     * @param backwardTokens  tokens in forward+backward passes
     * @param generations     sequences generated
     * @param forwardSequences  sequences in forward passes (no backward)
     * @param backwardSequences sequences in forward+backward passes
     * @param forwardCalls    batched forward calls (a call runs up to the batch size of sequences)
     * @param backwardCalls   batched forward+backward calls
     * @param prefillTokens   tokens run through the model before generating (the generation inputs; a
     *                        prefix shared by several prompts counts once)
     * @param seconds         wall time per operation (propose, reason, score, swap, diagnostic)
     */
    public record Cost(long generatedTokens, long forwardTokens, long backwardTokens, long generations, long forwardSequences,
                       long backwardSequences, long forwardCalls, long backwardCalls, long prefillTokens, Map<String, Double> seconds) {}

    /**
     * One optimization step.
     *
     * @param index      step index (0-based)
     * @param state      the prompt state the step started from
     * @param candidates the proposal
     * @param reasoning  the reasoning used for the gradient (reused or fresh)
     * @param reused     true when the reasoning was the previous winner's
     * @param scores     the gradient step
     * @param swap       the swap step
     * @param allScores  the diagnostic: every candidate scored for real (empty unless switched on)
     * @param cost       the step's cost
     */
    public record Step(int index, PromptState state, Candidates candidates, Reasoning reasoning, boolean reused, Scores scores,
                       Swap swap, List<Evaluated> allScores, Cost cost) {}

    /**
     * A prompt kept among the best by training score.
     *
     * @param ids         prompt ids
     * @param prompt      prompt text
     * @param trainScore  its selection score on the training examples
     * @param devAccuracy accuracy on the dev split (NaN until measured)
     * @param step        the step that produced it
     */
    public record BestPrompt(int[] ids, String prompt, double trainScore, double devAccuracy, int step) {}
}

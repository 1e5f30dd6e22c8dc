package org.greater4j.optimize;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a step cost. Immutable.
 *
 * @param generatedTokens   output tokens the model chose in decode steps (drafted tokens a verification pass confirmed
 *                          are not counted here but in acceptedTokens)
 * @param forwardTokens     tokens in forward passes (no backward)
 * @param backwardTokens    tokens in forward+backward passes
 * @param generations       sequences generated
 * @param forwardSequences  sequences in forward passes (no backward)
 * @param backwardSequences sequences in forward+backward passes
 * @param forwardCalls      batched forward calls (a call runs up to the batch size of sequences)
 * @param backwardCalls     batched forward+backward calls
 * @param prefillTokens     tokens run through the model before generating (the generation inputs; a prefix shared by
 *                          several prompts counts once)
 * @param draftedTokens     draft tokens fed to verification passes of drafted generation
 * @param acceptedTokens    draft tokens those passes confirmed as the greedy output (counted apart from generatedTokens)
 * @param decodeCalls       batched forward passes of generation (prefill included): one per token of the longest row for
 *                          plain decoding, one per verification pass or single-token step for drafted decoding
 * @param seconds           wall time per operation (propose, reason, score, swap, diagnostic), in order
 */
public record Cost(long generatedTokens, long forwardTokens, long backwardTokens, long generations, long forwardSequences,
                   long backwardSequences, long forwardCalls, long backwardCalls, long prefillTokens, long draftedTokens, long acceptedTokens,
                   long decodeCalls, Map<String, Double> seconds) {

    /** Copies the map (unmodifiable, in order). */
    public Cost {
        seconds = Collections.unmodifiableMap(new LinkedHashMap<>(seconds == null ? Map.of() : seconds));
    }

    /** The step's wall time: the sum of {@link #seconds()}. */
    public double totalSeconds() {
        return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}

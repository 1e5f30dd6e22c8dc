package org.greater4j.optimize;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts the work of the current step (what {@link Cost} reports): each part of the optimizer adds what it ran.
 * One per optimizer; not thread-safe (an optimizer runs one step at a time).
 */
final class CostMeter {
    long generated;
    long forward;
    long backward;
    long generations;
    long forwardSeqs;
    long backwardSeqs;
    long forwardCalls;
    long backwardCalls;
    long prefill;
    long drafted;
    long accepted;
    long decodeCalls;
    private final Map<String, Double> seconds = new LinkedHashMap<>();
    private long mark = System.nanoTime();

    /** Forgets everything counted so far and starts the clock. */
    void reset() {
        generated = forward = backward = generations = forwardSeqs = backwardSeqs = forwardCalls = backwardCalls = prefill = drafted = accepted = decodeCalls = 0;
        seconds.clear();
        mark = System.nanoTime();
    }

    /** Records the wall time since the last lap (or reset) under {@code operation}. */
    void lap(String operation) {
        long now = System.nanoTime();
        seconds.merge(operation, (now - mark) / 1e9, Double::sum);
        mark = now;
    }

    /** One forward call over {@code sequences} sequences of {@code tokens} tokens in all. */
    void forward(long sequences, long tokens) {
        forwardCalls++;
        forwardSeqs += sequences;
        forward += tokens;
    }

    /** One generation's decode work. */
    void decode(org.greater4j.generate.DecodeCount c) {
        generated += c.generatedTokens();
        drafted += c.draftedTokens();
        accepted += c.acceptedTokens();
        decodeCalls += c.forwardCalls();
    }

    /** What was counted since the last reset. */
    Cost cost() {
        return new Cost(generated, forward, backward, generations, forwardSeqs, backwardSeqs, forwardCalls, backwardCalls, prefill,
                drafted, accepted, decodeCalls, seconds);
    }
}

package org.greater4j.optimize;

import java.util.Arrays;
import java.util.List;

/**
 * A run's curves per step, for a plot (a notebook draws it): the winner's training score, the mean gradient
 * loss, the prompt length, and the dev accuracy of the best prompts at the steps that made them (NaN elsewhere).
 * Steps are numbered as everywhere else: 0-based.
 *
 * @param steps       step indices
 * @param score       the winner's training score per step (mistake rate + w x prompt NLL)
 * @param meanLoss    the mean gradient loss per step
 * @param length      the prompt's length in tokens after each step
 * @param devAccuracy the dev accuracy of the prompt a step made, when it was among the measured best (else NaN)
 * @param prompts     the prompt text after each step
 * @param chosenStep  the step that made the final prompt (-1 when none)
 */
public record RunChart(int[] steps, double[] score, double[] meanLoss, int[] length, double[] devAccuracy, List<String> prompts,
                       int chosenStep) {

    /** Copies the arrays. */
    public RunChart {
        steps = steps.clone();
        score = score.clone();
        meanLoss = meanLoss.clone();
        length = length.clone();
        devAccuracy = devAccuracy.clone();
        prompts = List.copyOf(prompts);
    }

    @Override
    public int[] steps() {
        return steps.clone();
    }

    @Override
    public double[] score() {
        return score.clone();
    }

    @Override
    public double[] meanLoss() {
        return meanLoss.clone();
    }

    @Override
    public int[] length() {
        return length.clone();
    }

    @Override
    public double[] devAccuracy() {
        return devAccuracy.clone();
    }

    /** The curves of a run. */
    static RunChart of(Run r) {
        List<Step> st = r.steps();
        int n = st.size();
        int[] idx = new int[n];
        double[] score = new double[n];
        double[] loss = new double[n];
        int[] len = new int[n];
        double[] dev = new double[n];
        Arrays.fill(dev, Double.NaN);
        String[] prompts = new String[n];
        for (int i = 0; i < n; i++) {
            Step s = st.get(i);
            idx[i] = s.index();
            score[i] = s.swap().score();
            loss[i] = s.scores().meanLoss();
            len[i] = s.next().length();
            prompts[i] = s.next().text();
        }
        for (BestPrompt b : r.bestPrompts()) if (b.step() >= 0 && b.step() < n) dev[b.step()] = b.devAccuracy();
        return new RunChart(idx, score, loss, len, dev, List.of(prompts), r.chosen().step());
    }
}

package org.greater4j.model;

import java.util.Arrays;

/**
 * Rotary position embedding of one layer type: its inverse frequencies (transformers'
 * {@code modeling_rope_utils}) and the factor its cos/sin are multiplied by. RoPE acts on the first
 * {@link #rotaryDim()} values of each head (all of them unless {@code partial_rotary_factor} < 1), in
 * rotate-half layout. Values are validated by {@link ConfigReader}; the constructors only guard
 * against what would make NaN.
 */
public sealed interface Rope {
    /** The base (rope_theta). */
    double theta();

    /** How many values of each head rotate (even, at most head_dim). */
    int rotaryDim();

    /** The {@code rope_type} name. */
    String type();

    /**
     * Inverse frequencies [rotaryDim / 2]; {@code longContext} picks longrope's long factors (ignored
     * by every other type).
     */
    double[] inverseFrequencies(boolean longContext);

    /** The factor on cos and sin (yarn, longrope); 1 otherwise. */
    default double attentionScaling() {
        return 1.0;
    }

    /**
     * 0 when the frequencies do not depend on the sequence; else the length above which the long
     * frequencies apply (longrope's original_max_position_embeddings).
     */
    default int switchLength() {
        return 0;
    }

    /** A short description, e.g. "llama3 theta 500000 factor 8" or "longrope theta 10000 long beyond 4096 attention x1.1902". */
    default String describe() {
        StringBuilder s = new StringBuilder(type()).append(" theta ").append(ConfigValues.fmt(theta()));
        if (this instanceof Linear l) s.append(" factor ").append(ConfigValues.fmt(l.factor()));
        if (this instanceof Llama3 l) s.append(" factor ").append(ConfigValues.fmt(l.factor()));
        if (this instanceof Yarn y) s.append(" factor ").append(ConfigValues.fmt(y.factor()));
        if (this instanceof LongRope l) s.append(" long beyond ").append(l.originalMaxPositions());
        if (attentionScaling() != 1) s.append(String.format(java.util.Locale.ROOT, " attention x%.4f", attentionScaling()));
        return s.toString();
    }

    /** 1 / theta^(2i / dim) for i < dim / 2. */
    private static double[] base(double theta, int dim) {
        double[] inv = new double[dim / 2];
        for (int i = 0; i < inv.length; i++) inv[i] = 1.0 / Math.pow(theta, (2.0 * i) / dim);
        return inv;
    }

    private static void check(boolean ok, String what) {
        if (!ok) throw new IllegalArgumentException("invalid RoPE setting: " + what);
    }

    private static void common(double theta, int rotaryDim) {
        check(theta > 0 && Double.isFinite(theta), "rope_theta " + theta + " (must be > 0)");
        check(rotaryDim >= 2 && rotaryDim % 2 == 0, "rotary dimension " + rotaryDim + " (must be even and >= 2)");
    }

    /** The original RoPE ({@code rope_type: default}). */
    record Default(double theta, int rotaryDim) implements Rope {
        public Default {
            common(theta, rotaryDim);
        }

        @Override
        public String type() {
            return "default";
        }

        @Override
        public double[] inverseFrequencies(boolean longContext) {
            return base(theta, rotaryDim);
        }
    }

    /** Position interpolation: frequencies divided by {@code factor} ({@code rope_type: linear}). */
    record Linear(double theta, int rotaryDim, double factor) implements Rope {
        public Linear {
            common(theta, rotaryDim);
            check(factor > 0, "factor " + factor);
        }

        @Override
        public String type() {
            return "linear";
        }

        @Override
        public double[] inverseFrequencies(boolean longContext) {
            double[] inv = base(theta, rotaryDim);
            for (int i = 0; i < inv.length; i++) inv[i] /= factor;
            return inv;
        }
    }

    /** Llama-3.1's frequency-dependent scaling ({@code rope_type: llama3}, HF {@code _compute_llama3_parameters}). */
    record Llama3(double theta, int rotaryDim, double factor, double lowFreqFactor, double highFreqFactor,
                  int originalMaxPositions) implements Rope {
        public Llama3 {
            common(theta, rotaryDim);
            check(factor > 0 && lowFreqFactor > 0 && highFreqFactor > lowFreqFactor && originalMaxPositions > 0,
                    "llama3 factor " + factor + ", low_freq_factor " + lowFreqFactor + ", high_freq_factor " + highFreqFactor
                            + ", original_max_position_embeddings " + originalMaxPositions);
        }

        @Override
        public String type() {
            return "llama3";
        }

        @Override
        public double[] inverseFrequencies(boolean longContext) {
            double[] inv = base(theta, rotaryDim);
            double lowWavelen = originalMaxPositions / lowFreqFactor;
            double highWavelen = originalMaxPositions / highFreqFactor;
            for (int i = 0; i < inv.length; i++) {
                double wavelen = 2 * Math.PI / inv[i];
                if (wavelen > lowWavelen) {
                    inv[i] = inv[i] / factor;
                } else if (wavelen >= highWavelen) {
                    double smooth = (originalMaxPositions / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
                    inv[i] = (1 - smooth) * inv[i] / factor + smooth * inv[i];
                }
            }
            return inv;
        }
    }

    /**
     * LongRoPE (Phi-3.5, Phi-4-mini; {@code rope_type: longrope}): each frequency divided by its own
     * factor, {@code shortFactor} while a sequence is at most {@code originalMaxPositions} long and
     * {@code longFactor} beyond; cos and sin multiplied by {@code attentionScaling} in both cases.
     */
    record LongRope(double theta, int rotaryDim, double[] shortFactor, double[] longFactor, int originalMaxPositions,
                    double attentionScaling) implements Rope {
        public LongRope {
            common(theta, rotaryDim);
            check(shortFactor.length == rotaryDim / 2 && longFactor.length == rotaryDim / 2,
                    "short_factor and long_factor need " + rotaryDim / 2 + " values each");
            check(originalMaxPositions > 0 && attentionScaling > 0, "original_max_position_embeddings "
                    + originalMaxPositions + ", attention_factor " + attentionScaling);
            shortFactor = shortFactor.clone();
            longFactor = longFactor.clone();
        }

        @Override
        public String type() {
            return "longrope";
        }

        @Override
        public double[] inverseFrequencies(boolean longContext) {
            double[] inv = base(theta, rotaryDim);
            double[] f = longContext ? longFactor : shortFactor;
            for (int i = 0; i < inv.length; i++) inv[i] /= f[i];
            return inv;
        }

        @Override
        public int switchLength() {
            return originalMaxPositions;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LongRope r && r.theta == theta && r.rotaryDim == rotaryDim
                    && Arrays.equals(r.shortFactor, shortFactor) && Arrays.equals(r.longFactor, longFactor)
                    && r.originalMaxPositions == originalMaxPositions && r.attentionScaling == attentionScaling;
        }

        @Override
        public int hashCode() {
            return Double.hashCode(theta) * 31 + Arrays.hashCode(shortFactor) * 17 + Arrays.hashCode(longFactor);
        }

        @Override
        public String toString() {
            return "LongRope[theta=" + theta + ", rotaryDim=" + rotaryDim + ", shortFactor=" + Arrays.toString(shortFactor)
                    + ", longFactor=" + Arrays.toString(longFactor) + ", originalMaxPositions=" + originalMaxPositions
                    + ", attentionScaling=" + attentionScaling + "]";
        }
    }

    /**
     * YaRN ({@code rope_type: yarn}, HF {@code _compute_yarn_parameters}): interpolated and extrapolated
     * frequencies blended by a linear ramp between the dimensions where {@code betaFast} and
     * {@code betaSlow} rotations fit in the original context; cos and sin times {@code attentionScaling}.
     */
    record Yarn(double theta, int rotaryDim, double factor, int originalMaxPositions, double attentionScaling,
                double betaFast, double betaSlow, boolean truncate) implements Rope {
        public Yarn {
            common(theta, rotaryDim);
            check(factor > 0 && originalMaxPositions > 0 && attentionScaling > 0 && betaFast > 0 && betaSlow > 0,
                    "yarn factor " + factor + ", original_max_position_embeddings " + originalMaxPositions
                            + ", attention_factor " + attentionScaling + ", beta_fast " + betaFast + ", beta_slow " + betaSlow);
        }

        @Override
        public String type() {
            return "yarn";
        }

        private double correctionDim(double rotations) {
            return rotaryDim * Math.log(originalMaxPositions / (rotations * 2 * Math.PI)) / (2 * Math.log(theta));
        }

        @Override
        public double[] inverseFrequencies(boolean longContext) {
            double low = correctionDim(betaFast);
            double high = correctionDim(betaSlow);
            if (truncate) {
                low = Math.floor(low);
                high = Math.ceil(high);
            }
            low = Math.max(low, 0);
            high = Math.min(high, rotaryDim - 1);
            if (low == high) high += 0.001; // HF: prevent a singular ramp
            double[] extrapolation = base(theta, rotaryDim);
            double[] inv = new double[extrapolation.length];
            for (int i = 0; i < inv.length; i++) {
                double ramp = Math.min(1, Math.max(0, (i - low) / (high - low)));
                double extrapolationFactor = 1 - ramp;
                inv[i] = extrapolation[i] / factor * (1 - extrapolationFactor) + extrapolation[i] * extrapolationFactor;
            }
            return inv;
        }
    }
}

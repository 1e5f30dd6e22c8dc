package org.greater4j.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.greater4j.model.LanguageModel;
import org.greater4j.model.ModelConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code greater info}: family, sizes, dtype, parameter count, RoPE and the attention pattern of a model. */
@Command(name = "info", description = "Print a model's family, sizes, dtype, parameter count, RoPE and per-layer attention.")
final class InfoCommand implements Runnable {
    @Mixin
    ModelOptions opts;

    @Override
    public void run() {
        try (LanguageModel m = opts.load()) {
            ModelConfig c = m.config();
            StringBuilder s = new StringBuilder();
            s.append("model:        ").append(m.source()).append('\n');
            s.append("family:       ").append(c.family().modelType).append(m.isLlama2c() ? " (llama2.c checkpoint)" : "").append('\n');
            s.append("parameters:   ").append(String.format("%,d", c.parameterCount())).append('\n');
            s.append("dtype:        ").append(m.storedDtype()).append(" stored, ").append(m.transformer().dtype()).append(" compute\n");
            s.append("layers:       ").append(c.numLayers()).append('\n');
            s.append("hidden:       ").append(c.hiddenSize()).append('\n');
            s.append("intermediate: ").append(c.intermediateSize()).append('\n');
            s.append("heads:        ").append(c.numHeads()).append(" query, ").append(c.numKvHeads()).append(" key/value, head_dim ")
                    .append(c.headDim()).append('\n');
            s.append("vocab:        ").append(c.vocabSize()).append('\n');
            s.append("context:      ").append(c.maxPositions()).append('\n');
            for (String line : attentionPattern(c)) s.append(line).append('\n');
            s.append("tied head:    ").append(c.tieEmbeddings()).append('\n');
            s.append("tokenizer:    ").append(m.tokenizer().map(t -> t.source().toString()).orElse("(none)")).append('\n');
            System.out.print(s);
        }
    }

    /**
     * The RoPE types, then one line per run of equal layers, e.g. "rope:         default" and
     * "  layers 0-4:  sliding_attention window 4096, rope default theta 10000".
     */
    static List<String> attentionPattern(ModelConfig c) {
        List<String> out = new ArrayList<>();
        Set<String> ropes = new LinkedHashSet<>();
        for (ModelConfig.LayerAttention la : c.layers()) {
            if (la.rope() != null) ropes.add(la.rope().type() + (la.rope().rotaryDim() < c.headDim()
                    ? " (" + la.rope().rotaryDim() + " of " + c.headDim() + " values per head rotate)" : ""));
        }
        out.add("rope:         " + (ropes.isEmpty() ? "none" : String.join(", ", ropes)));
        int start = 0;
        for (int l = 1; l <= c.numLayers(); l++) {
            if (l < c.numLayers() && c.layers().get(l).equals(c.layers().get(start))) continue;
            ModelConfig.LayerAttention la = c.layers().get(start);
            String range = start == l - 1 ? "layer " + start : "layers " + start + "-" + (l - 1);
            out.add(String.format("  %-12s %s%s, rope %s", range + ":", la.type(),
                    la.slidingWindow() > 0 ? " window " + la.slidingWindow() : "", la.rope() == null ? "none" : la.rope().describe()));
            start = l;
        }
        return out;
    }
}

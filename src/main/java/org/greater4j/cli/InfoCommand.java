package org.greater4j.cli;

import org.greater4j.model.LanguageModel;
import org.greater4j.model.ModelConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code greater info}: family, sizes, dtype and parameter count of a model. */
@Command(name = "info", description = "Print a model's family, sizes, dtype and parameter count.")
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
            s.append("rope theta:   ").append(c.ropeTheta()).append(c.ropeScaling() != null ? " (llama3 scaling x" + c.ropeScaling().factor() + ")" : "").append('\n');
            if (c.slidingWindow() > 0) s.append("sliding:      ").append(c.slidingWindow()).append(" tokens\n");
            s.append("tied head:    ").append(c.tieEmbeddings()).append('\n');
            s.append("tokenizer:    ").append(m.tokenizer().map(t -> t.source().toString()).orElse("(none)")).append('\n');
            System.out.print(s);
        }
    }
}

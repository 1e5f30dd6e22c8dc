package org.greater4j.task;

import java.util.Locale;

/**
 * Which set of extractor texts a model family gets. The official GReaTer scripts have two:
 * {@code run_llama3_all.sh} (Llama-3) and {@code run_gemma2_mcq.sh} (Gemma-2). Other families get
 * {@link #DEFAULT}, which uses the Llama-3 texts.
 *
 * <p>Family mapping ({@link #forFamily(String)}): {@code llama} (Llama 2/3, Llama-3.2) to
 * {@link #LLAMA3}; {@code gemma2}/{@code gemma} to {@link #GEMMA2}; {@code mistral}, {@code qwen2}
 * and any other family to {@link #DEFAULT}.
 */
public enum ExtractorStyle {
    /** Llama-3 texts: letters {@code '$A'}, numbers {@code $NUMBER$} ending {@code is $}. */
    LLAMA3,
    /** Gemma-2 texts: letters {@code '$ A'}, numbers {@code **NUMBER**} ending {@code is **}. */
    GEMMA2,
    /** Families with no official texts (Mistral, Qwen2, ...): the Llama-3 texts. */
    DEFAULT;

    /**
     * Maps a model family name (the engine's {@code Family} enum name or a config
     * {@code model_type}) to its style.
     *
     * @param family e.g. {@code LLAMA}, {@code llama}, {@code GEMMA2}, {@code gemma2}, {@code qwen2}
     * @return {@link #LLAMA3} for llama, {@link #GEMMA2} for gemma/gemma2, else {@link #DEFAULT}
     */
    public static ExtractorStyle forFamily(String family) {
        String f = family.strip().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        if (f.startsWith("llama")) return LLAMA3;
        if (f.startsWith("gemma")) return GEMMA2;
        return DEFAULT;
    }
}

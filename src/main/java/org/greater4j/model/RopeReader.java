package org.greater4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.greater4j.model.ModelConfig.LayerAttention;

/**
 * Reads the RoPE of each layer type from config.json in both spellings, as transformers 5 does:
 * {@code rope_parameters} (transformers >= 5; one object for every layer, or one per layer type
 * {@code {"sliding_attention": {...}, "full_attention": {...}}}), else {@code rope_theta} and
 * {@code rope_scaling} (older; Gemma-3 also {@code rope_local_base_freq} for its sliding layers,
 * with {@code rope_scaling} on the full ones only). A rope_type or key it does not implement is an
 * error naming it, never a silent default.
 */
final class RopeReader {
    private static final Set<String> COMMON = Set.of("rope_type", "type", "rope_theta", "partial_rotary_factor");
    private static final Map<String, Set<String>> KEYS = Map.of(
            "default", Set.of(),
            "linear", Set.of("factor"),
            "llama3", Set.of("factor", "low_freq_factor", "high_freq_factor", "original_max_position_embeddings"),
            "longrope", Set.of("short_factor", "long_factor", "factor", "original_max_position_embeddings", "attention_factor"),
            "yarn", Set.of("factor", "original_max_position_embeddings", "attention_factor", "beta_fast", "beta_slow",
                    "mscale", "mscale_all_dim", "truncate"));
    private static final String SUPPORTED = "default, linear, llama3, longrope, yarn";

    private RopeReader() {}

    /** The RoPE of each of {@code layerTypes} for config {@code c} of {@code family}. */
    static Map<String, Rope> read(ConfigValues c, Family family, int headDim, int maxPositions, Set<String> layerTypes) {
        JsonNode rp = c.raw("rope_parameters");
        JsonNode rs = c.raw("rope_scaling");
        if (rp != null && !rp.isObject()) throw new IllegalArgumentException(c.name("rope_parameters") + " = " + rp + " is not an object");
        if (rs != null && !rs.isObject()) throw new IllegalArgumentException(c.name("rope_scaling") + " = " + rs + " is not an object");
        if (rp != null && rp.isEmpty()) rp = null;
        if (rp != null && rs != null) {
            throw new IllegalArgumentException("both " + c.name("rope_parameters") + " (transformers >= 5) and " + c.name("rope_scaling")
                    + " (older) are set; keep one of them");
        }
        boolean nested = rp != null && (rp.has(LayerAttention.FULL) || rp.has(LayerAttention.SLIDING));
        if (nested) {
            for (Iterator<String> it = rp.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!k.equals(LayerAttention.FULL) && !k.equals(LayerAttention.SLIDING)) {
                    throw new IllegalArgumentException(c.name("rope_parameters." + k) + " is not a layer type (allowed: "
                            + LayerAttention.FULL + ", " + LayerAttention.SLIDING + ")");
                }
            }
        } else if (rp != null && family == Family.GEMMA3) {
            throw new IllegalArgumentException(c.name("rope_parameters") + " = " + rp + " is not supported for gemma3_text: "
                    + "it needs one entry per layer type {\"sliding_attention\": {...}, \"full_attention\": {...}}");
        }
        Map<String, Rope> out = new LinkedHashMap<>();
        for (String type : new TreeSet<>(layerTypes)) {
            ConfigValues spec;
            boolean localGemma = family == Family.GEMMA3 && type.equals(LayerAttention.SLIDING);
            if (nested) {
                JsonNode s = rp.get(type);
                if (s == null || !s.isObject()) {
                    throw new IllegalArgumentException(c.name("rope_parameters." + type) + " = " + s
                            + " is not an object, but layer_types has " + type + " layers");
                }
                spec = new ConfigValues(s, c.name("rope_parameters." + type + "."), Map.of());
            } else if (rp != null) {
                spec = new ConfigValues(rp, c.name("rope_parameters."), Map.of());
            } else if (rs != null && !localGemma) {
                spec = new ConfigValues(rs, c.name("rope_scaling."), Map.of());
            } else {
                spec = new ConfigValues(JsonNodeFactory.instance.objectNode(), c.name(""), Map.of());
            }
            String thetaKey = localGemma ? "rope_local_base_freq" : "rope_theta";
            double topTheta = c.positive(thetaKey, 10000.0);
            double theta = topTheta;
            if (spec.has("rope_theta")) {
                theta = spec.positive("rope_theta", null);
                if (c.has(thetaKey) && theta != topTheta) {
                    throw new IllegalArgumentException(spec.name("rope_theta") + " = " + theta + " but " + c.name(thetaKey) + " = "
                            + topTheta + "; keep one of them");
                }
            }
            out.put(type, rope(c, spec, family, headDim, maxPositions, theta, !nested && rp != null || rs != null));
        }
        return out;
    }

    private static Rope rope(ConfigValues c, ConfigValues spec, Family family, int headDim, int maxPositions, double theta,
                             boolean flat) {
        String rt = spec.has("rope_type") ? spec.string("rope_type", null) : spec.string("type", "default");
        String typeKey = spec.has("rope_type") ? "rope_type" : "type";
        // transformers' Phi3Config renames these (its only supported scaling is longrope)
        if (family == Family.PHI3 && (rt.equals("su") || rt.equals("yarn"))) rt = "longrope";
        Set<String> own = KEYS.get(rt);
        if (own == null) {
            throw new IllegalArgumentException(spec.name(typeKey) + " = \"" + rt + "\" is not supported (supported: " + SUPPORTED + ")");
        }
        for (Iterator<String> it = spec.node().fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!COMMON.contains(k) && !own.contains(k) && spec.has(k)) {
                throw new IllegalArgumentException(spec.name(k) + " = " + spec.raw(k) + " is not a setting greater4j implements for "
                        + "rope_type " + rt + " (it reads: " + new TreeSet<>(own) + ")");
            }
        }
        double topPrf = c.number("partial_rotary_factor", 0, true, 1, 1.0);
        double prf = spec.has("partial_rotary_factor") ? spec.number("partial_rotary_factor", 0, true, 1, null) : topPrf;
        if (spec != c && spec.has("partial_rotary_factor") && c.has("partial_rotary_factor") && prf != topPrf) {
            throw new IllegalArgumentException(spec.name("partial_rotary_factor") + " = " + prf + " but "
                    + c.name("partial_rotary_factor") + " = " + topPrf + "; keep one of them");
        }
        int dim = (int) (headDim * prf); // transformers: int(head_dim * partial_rotary_factor)
        if (dim < 2 || dim % 2 != 0) {
            String key = spec.has("partial_rotary_factor") ? spec.name("partial_rotary_factor") : c.name("partial_rotary_factor");
            throw new IllegalArgumentException(key + " = " + prf + " gives " + dim + " rotary values of head_dim " + headDim
                    + " (allowed: a factor that gives an even number >= 2)");
        }
        // Phi-3 keeps original_max_position_embeddings at the top level, and there it wins (transformers 5).
        int orig = flat && c.hasOrDefault("original_max_position_embeddings")
                ? c.integer("original_max_position_embeddings", 1, Integer.MAX_VALUE)
                : spec.integer("original_max_position_embeddings", 1, Integer.MAX_VALUE, maxPositions);
        switch (rt) {
            case "default":
                return new Rope.Default(theta, dim);
            case "linear":
                return new Rope.Linear(theta, dim, spec.positive("factor", null));
            case "llama3": {
                // transformers requires it for llama3 (rope validation's required keys); it is no default of ours
                if (!spec.has("original_max_position_embeddings") && !(flat && c.has("original_max_position_embeddings"))) {
                    throw new IllegalArgumentException("missing key \"" + spec.name("original_max_position_embeddings")
                            + "\" (the llama3 RoPE scaling needs the context length it was trained at)");
                }
                double low = spec.positive("low_freq_factor", null);
                double high = spec.number("high_freq_factor", low, true, Double.POSITIVE_INFINITY, null);
                return new Rope.Llama3(theta, dim, spec.positive("factor", null), low, high, orig);
            }
            case "longrope": {
                double factor = spec.has("factor") ? spec.positive("factor", null) : (double) maxPositions / orig;
                double att = spec.has("attention_factor") ? spec.positive("attention_factor", null)
                        : factor <= 1 ? 1.0 : Math.sqrt(1 + Math.log(factor) / Math.log(orig));
                if (!Double.isFinite(att)) {
                    throw new IllegalArgumentException(spec.name("original_max_position_embeddings") + " = " + orig
                            + " gives an infinite attention factor (allowed: >= 2)");
                }
                return new Rope.LongRope(theta, dim, spec.positives("short_factor", dim / 2), spec.positives("long_factor", dim / 2),
                        orig, att);
            }
            case "yarn": {
                double factor = spec.has("factor") ? spec.positive("factor", null) : (double) maxPositions / orig;
                double att;
                if (spec.has("attention_factor")) {
                    att = spec.positive("attention_factor", null);
                } else {
                    double ms = spec.has("mscale") ? spec.positive("mscale", null) : 0;
                    double msAll = spec.has("mscale_all_dim") ? spec.positive("mscale_all_dim", null) : 0;
                    att = ms > 0 && msAll > 0 ? mscale(factor, ms) / mscale(factor, msAll) : mscale(factor, 1);
                }
                return new Rope.Yarn(theta, dim, factor, orig, att, spec.positive("beta_fast", 32.0), spec.positive("beta_slow", 1.0),
                        spec.bool("truncate", true));
            }
            default:
                throw new IllegalStateException(rt);
        }
    }

    /** YaRN's attention factor for a scale (HF {@code get_mscale}). */
    private static double mscale(double scale, double m) {
        return scale <= 1 ? 1.0 : 0.1 * m * Math.log(scale) + 1.0;
    }

    /** The distinct layer types of a list, in layer order. */
    static List<String> types(List<LayerAttention> layers) {
        return layers.stream().map(LayerAttention::type).distinct().toList();
    }
}

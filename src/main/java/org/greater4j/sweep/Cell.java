package org.greater4j.sweep;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One cell of a {@link Grid}: a model, a task, a preset and a seed. Its {@link #id()} names its folder
 * ({@code DIR/cells/<id>/}).
 *
 * @param model  model name or path
 * @param task   task name
 * @param preset preset name
 * @param seed   optimizer seed
 */
public record Cell(String model, String task, String preset, long seed) {

    /**
     * A file name made of the four values, e.g. {@code toy-b__toy__keep-best__s2}; a value with characters a file name
     * should not hold (a path, {@code bbh/x}) has them replaced by {@code -} and the id ends with a short hash of the
     * four values, so two cells never share a folder.
     */
    public String id() {
        String raw = model + "__" + task + "__" + preset + "__s" + seed;
        String safe = clean(tail(model)) + "__" + clean(task) + "__" + clean(preset) + "__s" + seed;
        return safe.equals(raw) ? raw : safe + "__" + hash(raw);
    }

    /** A model name or path as a file name: its last path part, odd characters as {@code -}, a hash when anything changed. */
    public static String fileName(String model) {
        String safe = clean(tail(model));
        return safe.equals(model) ? model : safe + "__" + hash(model);
    }

    private static String tail(String model) {
        String m = model.replaceAll("[/\\\\]+$", "");
        int slash = Math.max(m.lastIndexOf('/'), m.lastIndexOf('\\'));
        return slash >= 0 && slash < m.length() - 1 ? m.substring(slash + 1) : m;
    }

    private static String clean(String s) {
        String c = s.replaceAll("[^A-Za-z0-9._-]", "-");
        return c.length() > 60 ? c.substring(0, 60) : c;
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return model + " x " + task + " x " + preset + " x seed " + seed;
    }
}

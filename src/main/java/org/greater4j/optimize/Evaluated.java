package org.greater4j.optimize;

/**
 * A candidate token scored for real (the swap step): fresh reasoning under the prompt with the token, then the
 * teacher-forced answer.
 *
 * @param token       the token tried at the position
 * @param text        its text
 * @param score       mistake rate + weight x prompt NLL (lower is better)
 * @param mistakeRate share of examples whose greedy answer tokens differ from the gold
 * @param promptNll   mean NLL of the prompt tokens
 * @param reasoning   the fresh reasoning under the candidate prompt (null when read back from a file)
 */
public record Evaluated(int token, String text, double score, double mistakeRate, double promptNll, Reasoning reasoning) {

    /** This entry without its reasoning (what files keep). */
    public Evaluated compact() {
        return new Evaluated(token, text, score, mistakeRate, promptNll, null);
    }
}

package org.greater4j.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * JSON as files from the internet must be read: bytes that are strict UTF-8, one value with nothing
 * after it but whitespace, and no object repeating a key (Jackson would silently keep the later
 * value). Every problem is a {@link Invalid} whose message says what and where; callers add the file
 * name and the fix in their own exception type.
 */
public final class StrictJson {
    /** A mapper that rejects duplicate keys (also inside skipped values of a streamed parse). */
    public static final JsonMapper MAPPER = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private StrictJson() {}

    /** What is wrong with a JSON text, without the file name (the caller adds it). */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        private final long line;

        Invalid(String message, Throwable cause) {
            this(message, 0, cause);
        }

        Invalid(String message, long line, Throwable cause) {
            super(message, cause);
            this.line = line;
        }

        /** @return the 1-based line of the problem in the text, or 0 when unknown */
        public long line() {
            return line;
        }
    }

    /**
     * Decodes bytes as UTF-8, refusing malformed input.
     *
     * @throws Invalid naming the first bad byte, its offset and its 1-based line
     */
    public static String utf8(byte[] bytes) throws Invalid {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8L, bytes.length + 16L));
        CoderResult r = d.decode(in, out, true);
        if (r.isError()) {
            int at = in.position();
            long line = lineOf(bytes, at);
            throw new Invalid("is not valid UTF-8 (byte 0x" + String.format("%02X", bytes[at] & 0xFF) + " at byte offset " + at
                    + ", line " + line + ")", line, null);
        }
        try {
            CoderResult f = d.flush(out);
            if (f.isError()) f.throwException();
        } catch (CharacterCodingException e) {
            throw new Invalid("is not valid UTF-8 (" + e + ")", e);
        }
        out.flip();
        return out.toString();
    }

    /** The 1-based line of byte {@code offset}: one more than the line feeds before it. */
    public static long lineOf(byte[] bytes, int offset) {
        long line = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) if (bytes[i] == '\n') line++;
        return line;
    }

    /**
     * Parses one JSON value with nothing but whitespace after it.
     *
     * @throws Invalid for a syntax error, a duplicate key, or content after the value
     */
    public static JsonNode parse(String text) throws Invalid {
        try (JsonParser p = MAPPER.createParser(text)) {
            JsonNode node = readValue(p);
            if (node == null) throw new Invalid("is empty: no JSON value", null);
            JsonToken next;
            try {
                next = p.nextToken();
            } catch (JsonProcessingException e) {
                next = JsonToken.NOT_AVAILABLE;
            }
            if (next != null) {
                long at = p.currentTokenLocation().getCharOffset();
                String rest = at >= 0 && at < text.length() ? text.substring((int) at) : "";
                throw new Invalid("has content after its JSON value (at character " + at + ": '" + abbreviate(rest, 40)
                        + "')", null);
            }
            return node;
        } catch (IOException e) {
            throw new Invalid("is not valid JSON (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Reads the value at the parser's next token into a tree, describing a duplicate key or syntax
     * error with its line and column.
     *
     * @return the value, or null at the end of input
     * @throws Invalid for a syntax error or a duplicate key
     */
    public static JsonNode readValue(JsonParser p) throws Invalid {
        try {
            return MAPPER.readTree(p);
        } catch (JsonProcessingException e) {
            throw describe(e);
        } catch (IOException e) {
            throw new Invalid("cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** A Jackson problem as an {@link Invalid}: duplicate keys and size limits get their own wording. */
    public static Invalid describe(JsonProcessingException e) {
        String what = e.getOriginalMessage() == null ? String.valueOf(e) : e.getOriginalMessage();
        long line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
        String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        if (what.startsWith("Duplicate Object property") || what.startsWith("Duplicate field")) {
            int q = what.indexOf('"');
            String key = q >= 0 ? what.substring(q) : what.substring(what.indexOf('\'') + 1).replace("'", "");
            if (!key.startsWith("\"")) key = "\"" + key + "\"";
            return new Invalid("has a duplicate key " + key + where + " (a JSON object must not repeat a key: which value "
                    + "counts would be a guess)", line, e);
        }
        if (e instanceof StreamConstraintsException) {
            return new Invalid("exceeds a JSON size limit" + where + " (" + what + ")", line, e);
        }
        return new Invalid("is not valid JSON" + where + " (" + abbreviate(withoutSource(what.replace('\n', ' ')), 160) + ")", line, e);
    }

    /** Jackson's message without its "(... at [Source: REDACTED ...; line: 1, column: 2])" part, which the caller says better. */
    static String withoutSource(String m) {
        int at = m.indexOf("[Source:");
        if (at < 0) return m;
        int start = m.lastIndexOf(" (", at);
        int end = m.indexOf("])", at);
        if (start < 0 || end < 0) return m.substring(0, at).strip();
        return (m.substring(0, start) + m.substring(end + 2)).strip();
    }

    static String abbreviate(String s, int max) {
        String t = s.replace("\n", "\\n");
        return t.length() <= max ? t : t.substring(0, max - 3) + "...";
    }
}

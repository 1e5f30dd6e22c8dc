package org.greater4j.text.jinja;

/**
 * The value of a string literal as jinja2 computes it: the text between the quotes encoded to ASCII with
 * {@code backslashreplace}, then decoded with Python's {@code unicode-escape} codec.
 */
final class Escapes {
    private Escapes() {}

    static String decode(String body) {
        StringBuilder ascii = new StringBuilder();
        body.codePoints().forEach(cp -> {
            if (cp < 0x80) {
                ascii.append((char) cp);
            } else if (cp < 0x100) {
                ascii.append(String.format("\\x%02x", cp));
            } else if (cp < 0x10000) {
                ascii.append(String.format("\\u%04x", cp));
            } else {
                ascii.append(String.format("\\U%08x", cp));
            }
        });
        String s = ascii.toString();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                if (c == '\\') throw new IllegalArgumentException("\\ at end of string");
                sb.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case '\n' -> { }
                case '\\' -> sb.append('\\');
                case '\'' -> sb.append('\'');
                case '"' -> sb.append('"');
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'v' -> sb.append('\u000b');
                case 'x' -> i = hex(s, i, 2, sb);
                case 'u' -> i = hex(s, i, 4, sb);
                case 'U' -> i = hex(s, i, 8, sb);
                case 'N' -> {
                    int close = s.indexOf('}', i);
                    if (i + 1 >= s.length() || s.charAt(i + 1) != '{' || close < 0) {
                        throw new IllegalArgumentException("malformed \\N character escape");
                    }
                    try {
                        sb.appendCodePoint(Character.codePointOf(s.substring(i + 2, close)));
                    } catch (IllegalArgumentException ex) {
                        throw new IllegalArgumentException("unknown Unicode character name");
                    }
                    i = close;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int v = 0;
                        int k = i;
                        while (k < s.length() && k < i + 3 && s.charAt(k) >= '0' && s.charAt(k) <= '7') {
                            v = v * 8 + (s.charAt(k) - '0');
                            k++;
                        }
                        sb.appendCodePoint(v);
                        i = k - 1;
                    } else {
                        sb.append('\\').append(e);
                    }
                }
            }
        }
        return sb.toString();
    }

    private static int hex(String s, int i, int digits, StringBuilder sb) {
        long v = 0;
        for (int k = i + 1; k <= i + digits; k++) {
            int d = k < s.length() ? Character.digit(s.charAt(k), 16) : -1;
            if (d < 0) throw new IllegalArgumentException("truncated \\" + s.charAt(i) + " escape");
            v = v * 16 + d;
        }
        if (v > 0x10FFFF) throw new IllegalArgumentException("illegal Unicode character");
        sb.appendCodePoint((int) v);
        return i + digits;
    }
}

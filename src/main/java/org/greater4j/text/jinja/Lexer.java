package org.greater4j.text.jinja;

import java.util.ArrayList;
import java.util.List;

/**
 * jinja2's lexer, lazy (tokens are made as the parser asks for them, so a template that is too deep fails
 * before the rest of it is read), with HuggingFace's settings: {@code trim_blocks} (the first newline after a block or
 * comment tag is dropped), {@code lstrip_blocks} (spaces and tabs before a block or comment tag that
 * starts a line are dropped), {@code -} and {@code +} whitespace control, {@code raw} blocks, and
 * newlines normalized with one trailing newline of the template dropped ({@code keep_trailing_newline=False}).
 */
final class Lexer {
    private static final String[] OPERATORS = {"//", "**", "==", "!=", "<=", ">=", "+", "-", "/", "*", "%", "~",
            "[", "]", "(", ")", "{", "}", "<", ">", "=", ".", ":", "|", ",", ";"};

    private final String src;
    private final List<Token> out = new ArrayList<>();
    private int pos;
    private int line = 1;
    private boolean lineStarting = true;
    private boolean done;

    private Lexer(String src) {
        this.src = src;
    }

    /** A lazy lexer over a template's source. */
    static Lexer of(String source) {
        return new Lexer(normalize(source));
    }

    /** Token {@code i}, lexing as far as needed; the EOF token for any index past the end. */
    Token get(int i) {
        while (out.size() <= i && step()) {
            // lex on
        }
        return out.get(Math.min(i, out.size() - 1));
    }

    /** jinja2's newline handling: every newline becomes \n and one trailing newline is dropped. */
    static String normalize(String source) {
        String s = source.replace("\r\n", "\n").replace('\r', '\n');
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    /** Lexes the next piece of text and the tag after it; false once EOF has been added. */
    private boolean step() {
        if (done) return false;
        int n = src.length();
        if (pos < n) {
            int i = nextTag(pos);
            if (i < 0) {
                data(src.substring(pos), line);
                pos = n;
                return true;
            }
            char kind = src.charAt(i + 1);
            char sign = i + 2 < n && (src.charAt(i + 2) == '-' || src.charAt(i + 2) == '+') ? src.charAt(i + 2) : 0;
            int rawEnd = kind == '%' ? rawBegin(i + 2 + (sign != 0 ? 1 : 0)) : -1;
            String text = controlled(src.substring(pos, i), sign, kind != '{');
            data(text, line);
            line += count(src, pos, i);
            pos = i;
            if (rawEnd >= 0) {
                raw(i, rawEnd);
            } else if (kind == '#') {
                comment(i + 2 + (sign != 0 ? 1 : 0));
            } else {
                tag(kind, i, i + 2 + (sign != 0 ? 1 : 0));
            }
            return true;
        }
        out.add(new Token(Token.Type.EOF, "", null, line));
        done = true;
        return true;
    }

    private int nextTag(int from) {
        for (int i = src.indexOf('{', from); i >= 0 && i + 1 < src.length(); i = src.indexOf('{', i + 1)) {
            char c = src.charAt(i + 1);
            if (c == '{' || c == '%' || c == '#') return i;
        }
        return -1;
    }

    /** The text before a tag after the tag's whitespace control ({@code -}, {@code +}, lstrip_blocks). */
    private String controlled(String text, char sign, boolean lstrip) {
        if (sign == '-') return rstrip(text);
        if (sign == '+' || !lstrip) return text;
        int lPos = text.lastIndexOf('\n') + 1;
        if ((lPos > 0 || lineStarting) && lPos < text.length() && allSpace(text, lPos)) return text.substring(0, lPos);
        return text;
    }

    private static boolean allSpace(String s, int from) {
        for (int i = from; i < s.length(); i++) if (!Py.isSpace(s.charAt(i))) return false;
        return true;
    }

    static String rstrip(String s) {
        int e = s.length();
        while (e > 0 && Py.isSpace(s.codePointBefore(e))) e -= Character.charCount(s.codePointBefore(e));
        return s.substring(0, e);
    }

    private void data(String text, int at) {
        if (!text.isEmpty()) out.add(new Token(Token.Type.DATA, text, text, at));
    }

    private static int count(String s, int from, int to) {
        int c = 0;
        for (int i = from; i < to; i++) if (s.charAt(i) == '\n') c++;
        return c;
    }

    /** Moves past a closing delimiter at {@code at} ({@code %}} / {@code #}}, or {@code -%}}...) with its suffix. */
    private void close(int at, int delimLen, boolean trim) {
        char c = src.charAt(at);
        int p = at + (c == '-' || c == '+' ? 1 : 0) + delimLen;
        if (c == '-') {
            while (p < src.length() && Py.isSpace(src.charAt(p))) p++;
        } else if (c != '+' && trim && p < src.length() && src.charAt(p) == '\n') {
            p++;
        }
        line += count(src, at, p);
        lineStarting = p > at && src.charAt(p - 1) == '\n';
        pos = p;
    }

    private void comment(int from) {
        int j = src.indexOf("#}", from);
        if (j < 0) throw JinjaException.syntax("Missing end of comment tag", line);
        int at = j > from && (src.charAt(j - 1) == '-' || src.charAt(j - 1) == '+') ? j - 1 : j;
        line += count(src, pos, at);
        close(at, 2, true);
    }

    /** The end of {@code {% raw %}} when the tag at {@code from} (after "{%" and sign) is one, else -1. */
    private int rawBegin(int from) {
        int p = skipSpace(from);
        if (!src.startsWith("raw", p)) return -1;
        p = skipSpace(p + 3);
        if (src.startsWith("-%}", p)) return p;
        return src.startsWith("%}", p) ? p : -1;
    }

    private int skipSpace(int p) {
        while (p < src.length() && Py.isSpace(src.charAt(p))) p++;
        return p;
    }

    private void raw(int begin, int endAt) {
        // raw_begin ends with "-%}\s*" or "%}" (no trim_blocks newline)
        int p = endAt;
        if (src.charAt(p) == '-') {
            p += 3;
            while (p < src.length() && Py.isSpace(src.charAt(p))) p++;
        } else {
            p += 2;
        }
        line += count(src, begin, p);
        lineStarting = src.charAt(p - 1) == '\n';
        int start = p;
        for (int i = src.indexOf("{%", start); i >= 0; i = src.indexOf("{%", i + 1)) {
            char sign = i + 2 < src.length() && (src.charAt(i + 2) == '-' || src.charAt(i + 2) == '+') ? src.charAt(i + 2) : 0;
            int q = skipSpace(i + 2 + (sign != 0 ? 1 : 0));
            if (!src.startsWith("endraw", q)) continue;
            q = skipSpace(q + 6);
            if (!(src.startsWith("%}", q) || src.startsWith("-%}", q) || src.startsWith("+%}", q))) continue;
            data(controlled(src.substring(start, i), sign, true), line);
            line += count(src, start, q);
            close(q, 2, true);
            return;
        }
        throw JinjaException.syntax("Missing end of raw directive", line);
    }

    /** A {@code {{ ... }}} or {@code {% ... %}} tag: its begin token, expression tokens, its end token. */
    private void tag(char kind, int begin, int p) {
        boolean block = kind == '%';
        out.add(new Token(block ? Token.Type.BLOCK_BEGIN : Token.Type.VAR_BEGIN, block ? "{%" : "{{", null, line));
        int depth = 0;
        pos = p;
        int n = src.length();
        while (true) {
            if (pos >= n) throw JinjaException.syntax("unexpected end of template, expected '" + (block ? "%}" : "}}") + "'", line);
            if (depth == 0 && closesTag(block)) {
                out.add(new Token(block ? Token.Type.BLOCK_END : Token.Type.VAR_END, block ? "%}" : "}}", null, line));
                close(pos, 2, block);
                return;
            }
            char c = src.charAt(pos);
            if (Py.isSpace(c)) {
                if (c == '\n') line++;
                pos++;
            } else if (Character.isDigit(c) && c < 128) {
                number();
            } else if (c == '\'' || c == '"') {
                string(c);
            } else if (Character.isUnicodeIdentifierStart(src.codePointAt(pos)) || c == '_') {
                int s = pos;
                pos += Character.charCount(src.codePointAt(pos));
                while (pos < n && (Character.isUnicodeIdentifierPart(src.codePointAt(pos))
                        && !Character.isIdentifierIgnorable(src.codePointAt(pos)))) {
                    pos += Character.charCount(src.codePointAt(pos));
                }
                String name = src.substring(s, pos);
                out.add(new Token(Token.Type.NAME, name, name, line));
            } else {
                String op = operator();
                if (op == null) throw JinjaException.syntax("unexpected char " + Py.reprString(String.valueOf(c)) + " at " + pos, line);
                if (op.equals("(") || op.equals("[") || op.equals("{")) depth++;
                if (op.equals(")") || op.equals("]") || op.equals("}")) {
                    if (depth == 0) throw JinjaException.syntax("unexpected '" + op + "'", line);
                    depth--;
                }
                out.add(new Token(Token.Type.OP, op, op, line));
                pos += op.length();
            }
        }
    }

    private boolean closesTag(boolean block) {
        if (block) return src.startsWith("%}", pos) || src.startsWith("-%}", pos) || src.startsWith("+%}", pos);
        return src.startsWith("}}", pos) || src.startsWith("-}}", pos);
    }

    private String operator() {
        for (String op : OPERATORS) if (src.startsWith(op, pos)) return op;
        return null;
    }

    private void number() {
        int s = pos;
        String t = src.substring(s);
        java.util.regex.Matcher f = FLOAT.matcher(t);
        if ((s == 0 || src.charAt(s - 1) != '.') && f.lookingAt()) {
            pos += f.end();
            String text = f.group().replace("_", "");
            out.add(new Token(Token.Type.FLOAT, f.group(), Double.parseDouble(text), line));
            return;
        }
        java.util.regex.Matcher m = INTEGER.matcher(t);
        if (!m.lookingAt()) throw JinjaException.syntax("invalid number", line);
        pos += m.end();
        String text = m.group().replace("_", "").toLowerCase(java.util.Locale.ROOT);
        int radix = text.startsWith("0x") ? 16 : text.startsWith("0o") ? 8 : text.startsWith("0b") ? 2 : 10;
        String digits = radix == 10 ? text : text.substring(2);
        try {
            out.add(new Token(Token.Type.INTEGER, m.group(), Long.parseLong(digits, radix), line));
        } catch (NumberFormatException e) {
            throw JinjaException.syntax("integer literal " + m.group() + " exceeds 64 bits", line);
        }
    }

    private static final java.util.regex.Pattern FLOAT = java.util.regex.Pattern.compile(
            "([0-9]+_)*[0-9]+((\\.([0-9]+_)*[0-9]+)?[eE][+\\-]?([0-9]+_)*[0-9]+|\\.([0-9]+_)*[0-9]+)");
    private static final java.util.regex.Pattern INTEGER = java.util.regex.Pattern.compile(
            "(0[bB](_?[01])+|0[oO](_?[0-7])+|0[xX](_?[0-9a-fA-F])+|[1-9](_?[0-9])*|0(_?0)*)");

    private void string(char q) {
        int s = pos;
        int p = pos + 1;
        while (p < src.length() && src.charAt(p) != q) {
            if (src.charAt(p) == '\\') p++;
            p++;
        }
        if (p >= src.length()) throw JinjaException.syntax("unexpected end of string", line);
        String body = src.substring(s + 1, p);
        String value;
        try {
            value = Escapes.decode(body);
        } catch (IllegalArgumentException e) {
            throw JinjaException.syntax(e.getMessage(), line);
        }
        out.add(new Token(Token.Type.STRING, src.substring(s, p + 1), value, line));
        line += count(src, s, p);
        pos = p + 1;
    }
}

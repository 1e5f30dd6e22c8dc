package org.greater4j.text.jinja;

/** One token of a template: text between tags, a tag delimiter, or a piece of an expression. */
record Token(Type type, String text, Object value, int line) {
    enum Type { DATA, VAR_BEGIN, VAR_END, BLOCK_BEGIN, BLOCK_END, NAME, STRING, INTEGER, FLOAT, OP, EOF }

    boolean is(Type t, String s) {
        return type == t && text.equals(s);
    }

    boolean isName(String s) {
        return is(Type.NAME, s);
    }

    boolean isOp(String s) {
        return is(Type.OP, s);
    }

    String describe() {
        return switch (type) {
            case EOF -> "end of template";
            case BLOCK_END -> "end of statement block";
            case VAR_END -> "end of print statement";
            case DATA -> "template data";
            default -> "'" + text + "'";
        };
    }
}

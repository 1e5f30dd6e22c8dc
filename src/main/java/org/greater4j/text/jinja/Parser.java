package org.greater4j.text.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses a token list into statements: text, {@code {{ }}}, and the tags chat templates use
 * ({@code if}, {@code for} with {@code else}/{@code recursive}/a filter, {@code set} (plain, block,
 * namespace attribute, unpacking), {@code macro}, {@code call}, {@code filter}, {@code with},
 * {@code break}, {@code continue}, and HuggingFace's {@code generation}). {@code include}, {@code import},
 * {@code extends} and {@code block} are refused: the sandbox reads no files.
 */
final class Parser extends ExprParser {
    private int blockDepth;
    private int loopDepth;

    private Parser(Lexer tokens, Limits limits) {
        super(tokens, limits);
    }

    static List<Stmt> parse(String source, Limits limits) {
        Parser p = new Parser(Lexer.of(source), limits);
        List<Stmt> body = p.body(Set.of(), null);
        if (p.peek().type() != Token.Type.EOF) throw p.fail("unexpected " + p.peek().describe(), p.peek());
        for (Missing m : p.missing) {
            if (!m.soft()[0]) throw JinjaException.syntax(m.message(), m.line());
        }
        return body;
    }

    /**
     * Statements up to a block tag whose name is in {@code ends} (left unconsumed, positioned at the name),
     * or to the end of the template when {@code ends} is empty.
     */
    private List<Stmt> body(Set<String> ends, String open) {
        List<Stmt> out = new ArrayList<>();
        while (true) {
            Token t = next();
            switch (t.type()) {
                case DATA -> out.add(new Stmt.Text(t.line(), t.text()));
                case VAR_BEGIN -> {
                    Expr e = tuple(true);
                    expect(Token.Type.VAR_END);
                    out.add(new Stmt.Print(t.line(), e));
                }
                case BLOCK_BEGIN -> {
                    Token name = peek();
                    if (name.type() == Token.Type.NAME && ends.contains(name.text())) return out;
                    out.add(statement());
                    expect(Token.Type.BLOCK_END);
                }
                case EOF -> {
                    pos--;
                    if (!ends.isEmpty()) {
                        throw fail("Unexpected end of template. Jinja was looking for the following tags: "
                                + String.join(" or ", ends.stream().sorted().map(x -> "'" + x + "'").toList())
                                + ". The innermost block that needs to be closed is '" + open + "'.", t);
                    }
                    return out;
                }
                default -> throw fail("unexpected " + t.describe(), t);
            }
        }
    }

    private void expect(Token.Type type) {
        Token t = next();
        if (t.type() != type) throw fail("expected " + (type == Token.Type.BLOCK_END ? "end of statement block"
                : "end of print statement") + ", got " + t.describe(), t);
    }

    /** The body of a block up to one of {@code ends}; returns the end name found (consumed). */
    private List<Stmt> block(String open, Set<String> ends, String[] found) {
        skipOp(":");
        expect(Token.Type.BLOCK_END);
        if (++blockDepth > limits.maxNesting()) {
            throw fail("blocks nest deeper than " + limits.maxNesting() + " levels", peek());
        }
        try {
            List<Stmt> b = body(ends, open);
            found[0] = next().text();
            return b;
        } finally {
            blockDepth--;
        }
    }

    private Stmt statement() {
        Token t = next();
        if (t.type() != Token.Type.NAME) throw fail("tag name expected", t);
        int line = t.line();
        return switch (t.text()) {
            case "if" -> ifStatement(line);
            case "for" -> forStatement(line);
            case "set" -> setStatement(line);
            case "macro" -> macro(line);
            case "call" -> callBlock(line);
            case "filter" -> filterBlock(line);
            case "with" -> with(line);
            case "generation" -> new Stmt.Block(line, block("generation", Set.of("endgeneration"), new String[1]));
            case "break", "continue" -> {
                if (loopDepth == 0) throw fail("'" + t.text() + "' outside of a loop", t);
                yield new Stmt.Control(line, t.text().equals("break"));
            }
            case "include", "import", "from", "extends", "block" -> throw new JinjaException(
                    JinjaException.Kind.UNSUPPORTED, "'" + t.text() + "' is not supported: chat templates are "
                    + "rendered in a sandbox that reads no other template", line);
            default -> throw fail("Encountered unknown tag '" + t.text() + "'.", t);
        };
    }

    private Stmt ifStatement(int line) {
        soft++;
        try {
            return ifBranches(line);
        } finally {
            soft--;
        }
    }

    /** Runs {@code body} as a new frame of jinja2's compiler (a loop, macro or block): not soft. */
    private <T> T hard(java.util.function.Supplier<T> body) {
        int saved = soft;
        soft = 0;
        try {
            return body.get();
        } finally {
            soft = saved;
        }
    }

    private Stmt ifBranches(int line) {
        List<Expr> tests = new ArrayList<>();
        List<List<Stmt>> bodies = new ArrayList<>();
        List<Stmt> otherwise = List.of();
        tests.add(withoutCondition());
        String[] end = new String[1];
        bodies.add(block("if", Set.of("elif", "else", "endif"), end));
        while (true) {
            if (end[0].equals("elif")) {
                tests.add(withoutCondition());
                bodies.add(block("if", Set.of("elif", "else", "endif"), end));
            } else if (end[0].equals("else")) {
                otherwise = block("if", Set.of("endif"), end);
                break;
            } else {
                break;
            }
        }
        return new Stmt.If(line, tests, bodies, otherwise);
    }

    private Stmt forStatement(int line) {
        List<String> targets = new ArrayList<>();
        boolean unpack = assignTargets(targets, "in");
        if (!peek().isName("in")) throw fail("expected 'in', got " + peek().describe(), peek());
        next();
        Expr iter = withoutCondition();
        if (peek().isOp(",")) {
            List<Expr> items = new ArrayList<>(List.of(iter));
            while (skipOp(",")) items.add(withoutCondition());
            iter = new Expr.TupleLit(items);
        }
        Expr filter = null;
        if (peek().isName("if")) {
            next();
            filter = hard(this::expression);
        }
        boolean recursive = false;
        if (peek().isName("recursive")) {
            next();
            recursive = true;
        }
        String[] end = new String[1];
        loopDepth++;
        List<Stmt> body;
        try {
            body = hard(() -> block("for", Set.of("endfor", "else"), end));
        } finally {
            loopDepth--;
        }
        List<Stmt> otherwise = end[0].equals("else") ? block("for", Set.of("endfor"), end) : List.of();
        return new Stmt.For(line, targets, unpack, iter, filter, body, otherwise, recursive);
    }

    /** Names to assign to: {@code x}, {@code a, b} or {@code (a, b)}; returns true for unpacking. */
    private boolean assignTargets(List<String> targets, String stop) {
        boolean paren = skipOp("(");
        targets.add(expectName());
        boolean unpack = paren;
        while (skipOp(",")) {
            unpack = true;
            if (peek().type() != Token.Type.NAME || peek().isName(stop)) break;
            targets.add(expectName());
        }
        if (paren) expectOp(")");
        return unpack;
    }

    private Stmt setStatement(int line) {
        if (peek().type() == Token.Type.NAME && peek(1).isOp(".")) {
            String ns = expectName();
            next();
            String attr = expectName();
            expectOp("=");
            return new Stmt.SetAttr(line, ns, attr, tuple(true));
        }
        List<String> targets = new ArrayList<>();
        boolean unpack = assignTargets(targets, "=");
        if (skipOp("=")) return new Stmt.Set(line, targets, unpack, tuple(true));
        if (unpack) throw fail("expected '='", peek());
        Expr chain = null;
        if (peek().isOp("|")) {
            chain = new Expr.Name(Stmt.CAPTURED);
            while (skipOp("|")) chain = filter(chain);
        }
        List<Stmt> body = hard(() -> block("set", Set.of("endset"), new String[1]));
        return new Stmt.SetBlock(line, targets.get(0), chain, body);
    }

    private Stmt macro(int line) {
        String name = expectName();
        List<String> params = new ArrayList<>();
        List<Expr> defaults = new ArrayList<>();
        signature(params, defaults);
        int savedLoops = loopDepth;
        loopDepth = 0;
        try {
            List<Stmt> body = hard(() -> block("macro", Set.of("endmacro"), new String[1]));
            return new Stmt.MacroDef(line, name, params, defaults, body);
        } finally {
            loopDepth = savedLoops;
        }
    }

    private void signature(List<String> params, List<Expr> defaults) {
        expectOp("(");
        while (!peek().isOp(")")) {
            if (!params.isEmpty()) expectOp(",");
            Token t = peek();
            String p = expectName();
            params.add(p);
            if (skipOp("=")) {
                defaults.add(expression());
            } else if (!defaults.isEmpty()) {
                throw fail("non-default argument follows default argument", t);
            }
        }
        expectOp(")");
    }

    private Stmt callBlock(int line) {
        List<String> params = new ArrayList<>();
        List<Expr> defaults = new ArrayList<>();
        if (peek().isOp("(")) signature(params, defaults);
        Expr call = expression();
        if (!(call instanceof Expr.Call c)) throw fail("expected call", peek());
        int savedLoops = loopDepth;
        loopDepth = 0;
        try {
            List<Stmt> body = hard(() -> block("call", Set.of("endcall"), new String[1]));
            return new Stmt.CallBlock(line, c.fn(), c.args(), params, defaults, body);
        } finally {
            loopDepth = savedLoops;
        }
    }

    private Stmt filterBlock(int line) {
        Expr chain = filter(new Expr.Name(Stmt.CAPTURED));
        while (skipOp("|")) chain = filter(chain);
        List<Stmt> body = hard(() -> block("filter", Set.of("endfilter"), new String[1]));
        return new Stmt.FilterBlock(line, chain, body);
    }

    private Stmt with(int line) {
        List<String> names = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        while (peek().type() != Token.Type.BLOCK_END) {
            if (!names.isEmpty()) expectOp(",");
            names.add(expectName());
            expectOp("=");
            values.add(expression());
        }
        List<Stmt> body = hard(() -> block("with", Set.of("endwith"), new String[1]));
        return new Stmt.With(line, names, values, body);
    }
}

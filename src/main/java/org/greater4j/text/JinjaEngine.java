package org.greater4j.text;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.AdvancedFilter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.TextStyle;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders HuggingFace chat templates with Jinjava so that the text is byte-identical to
 * {@code tokenizer.apply_chat_template(..., tokenize=False)}: jinja2's {@code trim_blocks} and
 * {@code lstrip_blocks}, strict {@code {%-}/{@code -%}} whitespace control, a template's single
 * trailing newline dropped (jinja2's {@code keep_trailing_newline=False}), and HF's globals
 * {@code raise_exception} and {@code strftime_now}, plus Python-compatible {@code trim},
 * {@code tojson} and {@code is iterable}.
 */
final class JinjaEngine {
    /** Context variable holding the date {@code strftime_now} reports (a {@link LocalDate}). */
    static final String DATE_VARIABLE = "__greater4j_strftime_date";

    private static final Jinjava JINJAVA = create();

    private JinjaEngine() {}

    private static Jinjava create() {
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withLocale(Locale.ROOT)
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withParseWhitespaceControlStrictly(true)
                        .withUseTrimmingForNotesAndExpressions(true)
                        .withUseSnakeCasePropertyNaming(true)
                        .withKeepNullableLoopValues(true)
                        .build())
                .build();
        Jinjava j = new Jinjava(config);
        j.registerFunction(new ELFunctionDefinition("", "raise_exception", JinjaEngine.class, "raiseException",
                Object.class));
        j.registerFunction(new ELFunctionDefinition("", "strftime_now", JinjaEngine.class, "strftimeNow",
                String.class));
        j.registerFilter(new PyTrim());
        j.registerFilter(new PyToJson());
        j.registerExpTest(new PyIterable());
        return j;
    }

    /**
     * Renders {@code source} with {@code variables}. {@code strftime_now} reports {@code date} at
     * midnight. {@code origin} names the template in error messages.
     *
     * @throws ChatTemplateException with the template's own message when it calls {@code raise_exception},
     *                               or naming the problem when the template cannot be rendered
     */
    static String render(String source, Map<String, Object> variables, LocalDate date, String origin) {
        Map<String, Object> ctx = new HashMap<>(variables);
        // Defined as variables too, so that `strftime_now is defined` holds as in HF's environment.
        ctx.put("strftime_now", "<function strftime_now>");
        ctx.put("raise_exception", "<function raise_exception>");
        ctx.put(DATE_VARIABLE, date);
        RenderResult result;
        try {
            result = JINJAVA.renderForResult(jinja2Source(source), ctx);
        } catch (ChatTemplateException e) {
            throw e;
        } catch (RuntimeException e) {
            ChatTemplateException raised = raised(e);
            if (raised != null) throw new ChatTemplateException(raised.getMessage());
            throw new ChatTemplateException("the chat template of " + origin + " cannot be rendered: " + e.getMessage()
                    + "; pass another template with --chat-template FILE or choose another --chat-format", e);
        }
        List<String> fatal = new ArrayList<>();
        for (TemplateError err : result.getErrors()) {
            ChatTemplateException raised = raised(err.getException());
            if (raised != null) throw new ChatTemplateException(raised.getMessage());
            if (err.getSeverity() == TemplateError.ErrorType.FATAL) {
                fatal.add(err.getMessage() + (err.getLineno() > 0 ? " (line " + err.getLineno() + ")" : ""));
            }
        }
        if (!fatal.isEmpty()) {
            throw new ChatTemplateException("the chat template of " + origin + " cannot be rendered: "
                    + String.join("; ", fatal)
                    + "; pass another template with --chat-template FILE or choose another --chat-format");
        }
        return result.getOutput();
    }

    /** jinja2's lexer: newlines normalized to \n, and one trailing newline of the template dropped. */
    static String jinja2Source(String source) {
        String s = source.replace("\r\n", "\n").replace('\r', '\n');
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    private static ChatTemplateException raised(Throwable t) {
        for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) {
            if (t instanceof ChatTemplateException c) return c;
        }
        return null;
    }

    /** {@code raise_exception(msg)}: HF's global; aborts rendering with the template's message. */
    public static Object raiseException(Object message) {
        throw new ChatTemplateException(String.valueOf(message));
    }

    /** {@code strftime_now(fmt)}: HF's global, here on the fixed date of the render (at midnight). */
    public static String strftimeNow(String format) {
        JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
        Object d = interpreter == null ? null : interpreter.getContext().get(DATE_VARIABLE);
        LocalDate date = d instanceof LocalDate ld ? ld : LocalDate.now();
        return strftime(format, date.atStartOfDay());
    }

    /**
     * Python's {@code datetime.strftime} (glibc, C locale) for the common directives, including glibc's
     * {@code %-d} style (no padding). Unknown directives are kept verbatim, as glibc does.
     */
    static String strftime(String fmt, LocalDateTime t) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fmt.length(); i++) {
            char c = fmt.charAt(i);
            if (c != '%' || i + 1 >= fmt.length()) {
                sb.append(c);
                continue;
            }
            boolean noPad = false;
            int j = i + 1;
            if (fmt.charAt(j) == '-' && j + 1 < fmt.length()) {
                noPad = true;
                j++;
            }
            String v = directive(fmt.charAt(j), t, noPad);
            if (v == null) {
                sb.append(fmt, i, j + 1);
            } else {
                sb.append(v);
            }
            i = j;
        }
        return sb.toString();
    }

    private static String directive(char d, LocalDateTime t, boolean noPad) {
        int hour12 = t.getHour() % 12 == 0 ? 12 : t.getHour() % 12;
        return switch (d) {
            case 'a' -> t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case 'A' -> t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case 'b', 'h' -> t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case 'B' -> t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case 'd' -> pad(t.getDayOfMonth(), 2, noPad);
            case 'e' -> noPad ? Integer.toString(t.getDayOfMonth()) : String.format("%2d", t.getDayOfMonth());
            case 'm' -> pad(t.getMonthValue(), 2, noPad);
            case 'y' -> pad(t.getYear() % 100, 2, noPad);
            case 'Y' -> Integer.toString(t.getYear());
            case 'H' -> pad(t.getHour(), 2, noPad);
            case 'I' -> pad(hour12, 2, noPad);
            case 'M' -> pad(t.getMinute(), 2, noPad);
            case 'S' -> pad(t.getSecond(), 2, noPad);
            case 'p' -> t.getHour() < 12 ? "AM" : "PM";
            case 'j' -> pad(t.getDayOfYear(), 3, noPad);
            case 'w' -> Integer.toString(t.getDayOfWeek().getValue() % 7);
            case 'u' -> Integer.toString(t.getDayOfWeek().getValue());
            case 'U' -> pad((t.getDayOfYear() + 6 - t.getDayOfWeek().getValue() % 7) / 7, 2, noPad);
            case 'W' -> pad((t.getDayOfYear() + 6 - (t.getDayOfWeek().getValue() + 6) % 7) / 7, 2, noPad);
            case 'V' -> pad(t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), 2, noPad);
            case 'G' -> Integer.toString(t.get(IsoFields.WEEK_BASED_YEAR));
            case 'F' -> strftime("%Y-%m-%d", t);
            case 'D', 'x' -> strftime("%m/%d/%y", t);
            case 'T', 'X' -> strftime("%H:%M:%S", t);
            case 'R' -> strftime("%H:%M", t);
            case 'c' -> strftime("%a %b %e %H:%M:%S %Y", t);
            case 'C' -> pad(t.getYear() / 100, 2, noPad);
            case 'n' -> "\n";
            case 't' -> "\t";
            case 'z', 'Z' -> ""; // a naive datetime, as datetime.now() is
            case '%' -> "%";
            default -> null;
        };
    }

    private static String pad(int v, int width, boolean noPad) {
        String s = Integer.toString(v);
        return noPad || s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }

    /** Python's {@code str.isspace()} for one code point. */
    static boolean pyIsSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85;
    }

    /** Python's {@code str.strip(chars)}; whitespace as {@code str.isspace()} when {@code chars} is null. */
    static String pyStrip(String s, String chars) {
        int start = 0;
        int end = s.length();
        while (start < end) {
            int cp = s.codePointAt(start);
            if (!(chars == null ? pyIsSpace(cp) : chars.indexOf(cp) >= 0)) break;
            start += Character.charCount(cp);
        }
        while (end > start) {
            int cp = s.codePointBefore(end);
            if (!(chars == null ? pyIsSpace(cp) : chars.indexOf(cp) >= 0)) break;
            end -= Character.charCount(cp);
        }
        return s.substring(start, end);
    }

    /** jinja2's {@code trim(chars=None)}: Python's {@code str.strip}, which also strips U+00A0 etc. */
    static final class PyTrim implements AdvancedFilter {
        @Override
        public String getName() {
            return "trim";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            if (var == null) return "";
            Object chars = args.length > 0 ? args[0] : kwargs.get("chars");
            return pyStrip(var.toString(), chars == null ? null : chars.toString());
        }
    }

    /** HF's {@code tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False)}. */
    static final class PyToJson implements AdvancedFilter {
        @Override
        public String getName() {
            return "tojson";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            Object indent = args.length > 0 ? args[0] : kwargs.get("indent");
            Object sort = kwargs.get("sort_keys");
            Integer ind = indent instanceof Number n ? Integer.valueOf(n.intValue()) : null;
            return PyJson.dumps(var, ind, Boolean.TRUE.equals(sort));
        }
    }

    /** jinja2's {@code is iterable}: true for strings too, as in Python. */
    static final class PyIterable implements ExpTest {
        @Override
        public String getName() {
            return "iterable";
        }

        @Override
        public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
            return var instanceof CharSequence || var instanceof Iterable<?> || var instanceof Map<?, ?>
                    || (var != null && var.getClass().isArray());
        }
    }
}

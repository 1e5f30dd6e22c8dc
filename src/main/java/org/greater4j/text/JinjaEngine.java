package org.greater4j.text;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.TextStyle;
import java.time.temporal.IsoFields;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.greater4j.text.jinja.JinjaException;
import org.greater4j.text.jinja.JinjaFunction;
import org.greater4j.text.jinja.Limits;
import org.greater4j.text.jinja.Template;

/**
 * Renders HuggingFace chat templates with greater4j's own Jinja engine ({@link Template}) so that the text
 * is byte-identical to {@code tokenizer.apply_chat_template(..., tokenize=False)}: jinja2's semantics in
 * HF's environment ({@code trim_blocks}, {@code lstrip_blocks}, loop controls, {@code keep_trailing_newline=False}),
 * HF's {@code tojson}, and HF's globals {@code raise_exception} and {@code strftime_now}; within the engine's
 * {@link Limits} (time, output and string sizes, nesting, recursion), so that no template hangs or exhausts
 * the JVM. Parsed templates are cached by source.
 */
final class JinjaEngine {
    private static final int CACHE_SIZE = 64;
    private static final Map<String, Template> CACHE = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Template> eldest) {
                    return size() > CACHE_SIZE;
                }
            });

    private JinjaEngine() {}

    /**
     * Renders {@code source} with {@code variables} and HF's globals. {@code strftime_now} reports
     * {@code date} at midnight. {@code origin} names the template in error messages.
     *
     * @throws ChatTemplateException with the template's own message when it calls {@code raise_exception},
     *                               or naming the template, the line and the problem when it cannot be
     *                               parsed or rendered, or exceeds a limit
     */
    static String render(String source, Map<String, Object> variables, LocalDate date, String origin) {
        return render(source, variables, date, origin, Limits.DEFAULT);
    }

    /** Same as {@link #render(String, Map, LocalDate, String)} within {@code limits}. */
    static String render(String source, Map<String, Object> variables, LocalDate date, String origin, Limits limits) {
        Map<String, Object> ctx = new HashMap<>(variables);
        ctx.put("raise_exception", (JinjaFunction) (args, kwargs) -> {
            throw new JinjaException(JinjaException.Kind.RAISED, args.isEmpty() ? "None" : String.valueOf(args.get(0)), 0);
        });
        ctx.put("strftime_now", (JinjaFunction) (args, kwargs) -> {
            if (args.isEmpty() || !(args.get(0) instanceof String fmt)) {
                throw new JinjaException(JinjaException.Kind.RENDER, "TypeError: strftime_now expects a format string", 0);
            }
            return strftime(fmt, date.atStartOfDay());
        });
        try {
            Template t = limits.equals(Limits.DEFAULT) ? CACHE.computeIfAbsent(source, s -> Template.parse(s, limits))
                    : Template.parse(source, limits);
            return t.render(ctx);
        } catch (JinjaException e) {
            if (e.kind() == JinjaException.Kind.RAISED) {
                throw new ChatTemplateException("the chat template of " + origin + " refuses the conversation: " + e.getMessage(), e);
            }
            String what = switch (e.kind()) {
                case SYNTAX -> "syntax error: ";
                case LIMIT -> "limit exceeded: ";
                case UNSUPPORTED -> "unsupported: ";
                default -> "";
            };
            throw new ChatTemplateException("the chat template of " + origin + " cannot be rendered"
                    + (e.line() > 0 ? " (line " + e.line() + ")" : "") + ": " + what + e.getMessage()
                    + "; pass another template with --chat-template FILE or choose another --chat-format", e);
        } catch (IllegalArgumentException e) {
            throw new ChatTemplateException("the chat template of " + origin + " cannot be rendered: " + e.getMessage(), e);
        }
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
}

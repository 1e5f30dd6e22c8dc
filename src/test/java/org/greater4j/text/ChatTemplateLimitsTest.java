package org.greater4j.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 3: hostile chat templates (the ones that hung, overflowed the stack or exhausted the heap of
 * the Jinjava-based engine) each fail fast with a {@link ChatTemplateException} naming the template's
 * directory, the line and the limit; Jinjava's silent deviations (range stopping at 1000 items, a recursive
 * macro rendering empty) now follow jinja2; and the sandbox gives no access to Java objects or files.
 */
class ChatTemplateLimitsTest {
    private static final LocalDate DATE = LocalDate.of(2025, 3, 5);
    private static final List<Message> CONVERSATION = List.of(Message.user("Hi"));

    @TempDir
    Path tmp;

    private long lastRenderMs;

    /** A model directory whose tokenizer_config.json holds {@code template}; renders it, timing the call. */
    private String render(String template) throws IOException {
        Files.writeString(tmp.resolve("tokenizer_config.json"),
                new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(Map.of("chat_template", template)));
        ChatFormat f = ChatFormat.resolve("auto", tmp, DATE);
        long t0 = System.nanoTime();
        try {
            return f.render(CONVERSATION, true);
        } finally {
            lastRenderMs = (System.nanoTime() - t0) / 1_000_000;
        }
    }

    private void failsFast(String template, String... reason) {
        assertThatThrownBy(() -> render(template))
                .isInstanceOf(ChatTemplateException.class)
                .hasMessageContaining(tmp.toString())
                .hasMessageContaining("cannot be rendered")
                .hasMessageContainingAll(reason);
        long ms = lastRenderMs;
        System.out.printf("hostile template failed in %d ms: %s...%n", ms, template.substring(0, Math.min(60, template.length())));
        assertThat(ms).as("time to fail").isLessThan(3000);
    }

    @Test
    void twentyThousandNestedIfsFailAsTooDeep() {
        failsFast("{% if true %}".repeat(20_000) + "x" + "{% endif %}".repeat(20_000), "nest deeper than 100", "line 1");
    }

    @Test
    void fiftyThousandNestedParenthesesFailAsTooDeep() {
        failsFast("{{ " + "(".repeat(50_000) + "1" + ")".repeat(50_000) + " }}", "nest deeper than 100");
    }

    @Test
    void aStringDoubledThirtyTwoTimesIsStoppedBeforeItIsBuilt() {
        failsFast("{% set ns = namespace(s='ab') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}",
                "limit exceeded", "characters exceeds the limit");
        failsFast("{{ 'ab' * 1000000000 }}", "characters exceeds the limit");
        failsFast("{% set ns = namespace(l=[1]) %}{% for i in range(40) %}{% set ns.l = ns.l + ns.l %}{% endfor %}", "items exceeds the limit");
    }

    @Test
    void hugeCenterAndFormatWidthsAreRefusedBeforePadding() {
        failsFast("{{ 'x'|center(1000000000) }}", "characters exceeds the limit");
        failsFast("{{ '%1000000000s'|format('x') }}", "characters exceeds the limit");
        failsFast("{{ '{:>1000000000}'.format('x') }}", "characters exceeds the limit");
        failsFast("{{ 'x'.ljust(1000000000) }}", "characters exceeds the limit");
        failsFast("{{ '%.900000000f'|format(1.5) }}", "precision of 900000000 exceeds the limit");
        failsFast("{{ '{:.900000000f}'.format(1.5) }}", "precision of 900000000 exceeds the limit");
    }

    @Test
    void rangesFollowJinja2sSandbox() throws IOException {
        failsFast("{{ range(10**9)|length }}", "Range too big");
        // Jinjava stopped silently at 1000 items; jinja2's sandbox allows 100,000.
        assertThat(render("{{ range(5000)|length }}|{{ range(100000)|last }}|{{ range(10, 0, -3)|list }}"))
                .isEqualTo("5000|99999|[10, 7, 4, 1]");
        failsFast("{{ range(100001)|length }}", "MAX_RANGE (100000)");
    }

    @Test
    void loopsThatRunTooLongOrWriteTooMuchAreStopped() {
        failsFast("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "time limit of 1000 ms");
        failsFast("{% for i in range(100000) %}{% for j in range(100000) %}{{ 'x' * 100000 }}{% endfor %}{% endfor %}",
                "output exceeds the limit");
    }

    @Test
    void recursiveMacrosWorkAndEndlessRecursionIsStopped() throws IOException {
        // Jinjava rendered a recursive macro as empty; jinja2 recurses.
        assertThat(render("{% macro fact(n) %}{% if n <= 1 %}1{% else %}{{ n * fact(n - 1)|int }}{% endif %}{% endmacro %}"
                + "{{ fact(6) }}")).isEqualTo("720");
        failsFast("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", "nest deeper than 64");
        failsFast("{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}", "nest deeper than 64");
        failsFast("{% set ns = namespace(x=[]) %}{% for i in range(1000) %}{% set ns.x = [ns.x] %}{% endfor %}{{ ns.x|tojson }}",
                "tojson nests deeper");
    }

    @Test
    void theSandboxReachesNoJavaObjectAndNoFile() throws IOException {
        assertThat(render("[{{ messages.getClass is defined }}][{{ ''.__class__ }}][{{ messages.class }}]"))
                .isEqualTo("[False][][]");
        failsFast("{{ messages.getClass().forName('java.lang.Runtime') }}", "UndefinedError");
        failsFast("{{ ''.__class__.__mro__ }}", "SecurityError");
        failsFast("{{ raise_exception.__globals__.os }}", "SecurityError");
        failsFast("{{ messages.append(1) }}", "SecurityError", "append");
        for (String tag : List.of("{% include 'x.jinja' %}", "{% import 'x.jinja' as x %}", "{% extends 'x.jinja' %}",
                "{% from 'x.jinja' import y %}")) {
            failsFast(tag, "reads no other template");
        }
    }

    @Test
    void errorsNameTheLine() {
        failsFast("line one\n{% if true %}\n{{ messages[0].content.nosuch.deeper }}\n{% endif %}", "(line 3)", "has no attribute 'nosuch'");
    }
}

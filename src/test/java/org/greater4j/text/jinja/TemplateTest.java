package org.greater4j.text.jinja;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The engine's public API: Java values in, functions, custom limits, error kinds and lines, and one parsed
 * template rendered from several threads. (Its jinja2 semantics are checked against Python in
 * {@code org.greater4j.text.JinjaDifferentialTest}.)
 */
class TemplateTest {

    @Test
    void javaValuesBecomePythonValues() {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("i", 3);
        vars.put("f", 1.5f);
        vars.put("arr", new int[] {1, 2});
        vars.put("chars", new StringBuilder("sb"));
        vars.put("m", Map.of("k", List.of(true, 'c')));
        vars.put("nothing", null);
        assertThat(Template.parse("{{ i * 2 }}|{{ f }}|{{ arr }}|{{ chars }}|{{ m }}|{{ nothing }}|{{ nothing is none }}")
                .render(vars)).isEqualTo("6|1.5|[1, 2]|sb|{'k': [True, 'c']}|None|True");
    }

    @Test
    void javaObjectsAreRefusedAtTheBoundary() {
        assertThatThrownBy(() -> Template.parse("{{ x }}").render(Map.of("x", new Object())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("template variable 'x'")
                .hasMessageContaining("cannot see");
    }

    @Test
    void functionsGetPythonArgumentsAndMayRaise() {
        JinjaFunction join = (args, kwargs) -> args.get(0) + "/" + kwargs.getOrDefault("sep", "-") + "/" + args.size();
        JinjaFunction fail = (args, kwargs) -> {
            throw new JinjaException(JinjaException.Kind.RAISED, "no: " + args.get(0), 0);
        };
        Map<String, Object> vars = Map.of("join", join, "fail", fail);
        assertThat(Template.parse("{{ join(1, 2, sep='+') }}").render(vars)).isEqualTo("1/+/2");
        assertThatThrownBy(() -> Template.parse("a\n\n{{ fail('x') }}").render(vars))
                .isInstanceOfSatisfying(JinjaException.class, e -> {
                    assertThat(e.kind()).isEqualTo(JinjaException.Kind.RAISED);
                    assertThat(e.getMessage()).isEqualTo("no: x");
                    assertThat(e.line()).isEqualTo(3);
                });
    }

    @Test
    void errorKindsAndLines() {
        assertThatThrownBy(() -> Template.parse("ok\n{% if %}"))
                .isInstanceOfSatisfying(JinjaException.class, e -> {
                    assertThat(e.kind()).isEqualTo(JinjaException.Kind.SYNTAX);
                    assertThat(e.line()).isEqualTo(2);
                });
        assertThatThrownBy(() -> Template.parse("{{ 1 + 'a' }}").render(Map.of()))
                .isInstanceOfSatisfying(JinjaException.class, e -> assertThat(e.kind()).isEqualTo(JinjaException.Kind.RENDER));
        assertThatThrownBy(() -> Template.parse("{% include 'other' %}"))
                .isInstanceOfSatisfying(JinjaException.class, e -> assertThat(e.kind()).isEqualTo(JinjaException.Kind.UNSUPPORTED));
    }

    @Test
    void customLimitsApply() {
        Limits tight = new Limits(5, 3, Duration.ofMillis(200), 100, 50, 10, 1000);
        assertThatThrownBy(() -> Template.parse("{{ ((((((1)))))) }}", tight))
                .hasMessageContaining("nest deeper than 5");
        assertThatThrownBy(() -> Template.parse("{% for i in range(200) %}x{% endfor %}", tight).render(Map.of()))
                .hasMessageContaining("output exceeds the limit of 100");
        assertThatThrownBy(() -> Template.parse("{{ 'a' * 51 }}", tight).render(Map.of()))
                .hasMessageContaining("string of 51 characters");
        assertThatThrownBy(() -> Template.parse("{{ range(11)|list }}", tight).render(Map.of()))
                .hasMessageContaining("list of 11 items");
        assertThatThrownBy(() -> Template.parse("{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(1) }}", tight).render(Map.of()))
                .hasMessageContaining("nest deeper than 3");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> Template.parse("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
                tight).render(Map.of())).isInstanceOfSatisfying(JinjaException.class,
                        e -> assertThat(e.kind()).isEqualTo(JinjaException.Kind.LIMIT));
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2000);
        assertThatThrownBy(() -> new Limits(0, 1, Duration.ofSeconds(1), 1, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oneTemplateRendersTheSameFromManyThreads() throws Exception {
        Template t = Template.parse("{% set ns = namespace(n=0) %}{% for m in messages %}{% set ns.n = ns.n + m|length %}"
                + "{{ loop.index }}:{{ m|upper }} {% endfor %}{{ ns.n }}");
        List<Object> messages = new ArrayList<>();
        for (int i = 0; i < 50; i++) messages.add("msg" + i);
        String expected = t.render(Map.of("messages", messages));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) results.add(pool.submit(() -> t.render(Map.of("messages", messages))));
            for (Future<String> f : results) assertThat(f.get()).isEqualTo(expected);
        } finally {
            pool.shutdownNow();
        }
        assertThat(expected).startsWith("1:MSG0 2:MSG1 ").endsWith(" 50:MSG49 " + (10 * 4 + 40 * 5));
    }
}

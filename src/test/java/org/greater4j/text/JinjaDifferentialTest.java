package org.greater4j.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.greater4j.text.jinja.JinjaException;
import org.junit.jupiter.api.Test;

/**
 * greater4j's Jinja engine against Python's jinja2 3.1.6 in transformers' chat-template environment: every
 * case of {@code text/jinja/goldens.json} (written by {@code make_goldens.py}: every real chat template the
 * project has, in several conversations and settings, a whitespace-control matrix and a few hundred
 * feature snippets) must render byte for byte as jinja2 did, raise the template's own message where
 * jinja2's {@code raise_exception} did, and fail where jinja2 failed.
 */
class JinjaDifferentialTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyGoldenRendersAsJinja2Does() throws IOException {
        JsonNode root;
        try (InputStream in = getClass().getResourceAsStream("/text/jinja/goldens.json")) {
            root = JSON.readTree(in);
        }
        LocalDate date = LocalDate.parse(root.get("date").asText());
        Map<String, Object> snippetVars = map(root.get("vars"));
        Map<String, String> templates = new LinkedHashMap<>();
        List<String> mismatches = new ArrayList<>();
        int outputs = 0;
        int raised = 0;
        int errors = 0;
        for (JsonNode c : root.get("cases")) {
            String name = c.get("name").asText();
            String source = c.has("template") ? c.get("template").asText()
                    : templates.computeIfAbsent(c.get("templateRef").asText(), JinjaDifferentialTest::template);
            Map<String, Object> vars = vars(root, c.get("vars"), snippetVars);
            String got;
            ChatTemplateException failure = null;
            try {
                got = JinjaEngine.render(source, vars, date, name);
            } catch (ChatTemplateException e) {
                got = null;
                failure = e;
            }
            if (c.has("output")) {
                outputs++;
                String want = c.get("output").asText();
                if (!want.equals(got)) {
                    mismatches.add(name + "\n  template: " + show(source) + "\n  jinja2:   " + show(want) + "\n  java:     "
                            + (failure != null ? "ERROR " + failure.getMessage() : show(got)));
                }
            } else if (c.has("raised")) {
                raised++;
                boolean ok = failure != null && failure.getCause() instanceof JinjaException j
                        && j.kind() == JinjaException.Kind.RAISED && j.getMessage().equals(c.get("raised").asText())
                        && failure.getMessage().endsWith(" refuses the conversation: " + c.get("raised").asText());
                if (!ok) mismatches.add(name + "\n  jinja2 raised: " + c.get("raised").asText() + "\n  java: "
                        + (failure != null ? failure.getMessage() : show(got)));
            } else {
                errors++;
                if (failure == null) {
                    mismatches.add(name + "\n  template: " + show(source) + "\n  jinja2 failed: " + c.get("error").asText()
                            + "\n  java rendered: " + show(got));
                }
            }
        }
        System.out.printf("Python jinja2 vs greater4j: %d cases (%d outputs, %d raise_exception, %d errors), %d mismatches%n",
                outputs + raised + errors, outputs, raised, errors, mismatches.size());
        assertThat(mismatches).as(mismatches.size() + " mismatches:\n" + String.join("\n", mismatches.subList(0,
                Math.min(40, mismatches.size())))).isEmpty();
        assertThat(outputs).isGreaterThan(2000);
    }

    private static String show(String s) {
        return s == null ? "null" : JSON.valueToTree(s).toString();
    }

    private static Map<String, Object> vars(JsonNode root, JsonNode node, Map<String, Object> snippetVars) {
        if (node == null) return new LinkedHashMap<>();
        if (node.isTextual() && node.asText().equals("@snippet")) return snippetVars;
        Map<String, Object> vars = map(node);
        Object messages = vars.get("messages");
        if (messages instanceof String s && s.startsWith("@conversation:")) {
            vars.put("messages", value(root.get("conversations").get(s.substring("@conversation:".length()))));
        }
        if ("@tools".equals(vars.get("tools"))) vars.put("tools", value(root.get("tools")));
        return vars;
    }

    /** The template a golden refers to, read where the generator read it. */
    private static String template(String ref) {
        String[] p = ref.split(":", 2);
        return switch (p[0]) {
            case "shared" -> TokenizerConfig.read(org.greater4j.TestData.tokenizer(p[1])).chatTemplate();
            case "family" -> TokenizerConfig.read(resource("/text/families/" + p[1])).chatTemplate();
            case "builtin" -> text("/org/greater4j/text/" + p[1] + ".jinja");
            case "toy" -> TokenizerConfig.read(resource("/toy/toy-v1")).chatTemplate();
            default -> throw new IllegalArgumentException(ref);
        };
    }

    static Path resource(String name) {
        try {
            return Path.of(JinjaDifferentialTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(String name) {
        try (InputStream in = JinjaDifferentialTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> map(JsonNode n) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), value(e.getValue()));
        }
        return out;
    }

    /** JSON as template values: ints as longs, floats as doubles, insertion order kept. */
    static Object value(JsonNode n) {
        if (n == null || n.isNull()) return null;
        if (n.isTextual()) return n.asText();
        if (n.isBoolean()) return n.asBoolean();
        if (n.isIntegralNumber()) return n.asLong();
        if (n.isNumber()) return n.asDouble();
        if (n.isArray()) {
            List<Object> out = new ArrayList<>();
            n.forEach(x -> out.add(value(x)));
            return out;
        }
        return map(n);
    }
}

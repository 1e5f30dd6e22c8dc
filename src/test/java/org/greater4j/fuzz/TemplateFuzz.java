package org.greater4j.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.greater4j.fuzz.Fuzz.FuzzClass;
import org.greater4j.fuzz.Fuzz.Mutation;
import org.greater4j.model.LanguageModel;
import org.greater4j.task.Protocol;
import org.greater4j.text.ChatTemplateException;
import org.greater4j.text.LayoutTemplate;

/**
 * The fuzz class of a chat template: the toy model's Jinja template as a file given with {@code --chat-template}
 * (read exactly as a model's {@code chat_template}), mutated into syntax errors, unknown names, hostile loops,
 * sandbox escapes, templates that drop the question, and truncations. The result of a load is the prompt layout it
 * makes for the toy model: the generation and training texts of a fixed question and prompt. A template whose text
 * changes without an error is not made (an edited greeting is another valid template).
 */
final class TemplateFuzz {
    private TemplateFuzz() {}

    static final String FILE = "chat_template.jinja";
    private static LanguageModel toy;

    private static synchronized LanguageModel toy() {
        if (toy == null) toy = LanguageModel.load("toy");
        return toy;
    }

    static List<String> load(Path dir) {
        LayoutTemplate t = Protocol.layout(toy(), Protocol.Options.defaults().withChatTemplate(dir.resolve(FILE))
                .withDate(LocalDate.of(2025, 1, 1)));
        return List.of(t.prefixText(), t.separatorText(), t.suffixText(), String.valueOf(t.texts(t.generation("what is 3 + 4", "think step by step ."))),
                String.valueOf(t.texts(t.full("what is 3 + 4", t.encodePrompt("think step by step ."), "first 3 + 4 = 7 .", "so the answer is $", "7"))));
    }

    static FuzzClass<List<String>> chatTemplate() {
        return new FuzzClass<>("chat template", FILE, dir -> {
            try (InputStream in = TemplateFuzz.class.getResourceAsStream("/toy/toy-v1/tokenizer_config.json")) {
                String template = new ObjectMapper().readTree(in).get("chat_template").asText();
                Files.writeString(dir.resolve(FILE), template);
            }
        }, TemplateFuzz::load, List::equals, t -> t instanceof ChatTemplateException || t instanceof IllegalArgumentException, false,
                TemplateFuzz::mutations);
    }

    static List<Mutation> mutations(byte[] original, Random rnd) throws IOException {
        String t = new String(original, StandardCharsets.UTF_8);
        List<Mutation> ms = new ArrayList<>();
        // benign: comments and whitespace control that change no output
        ms.add(Mutation.benign("a comment before everything", Fuzz.write(FILE, "{#- a comment -#}" + t)));
        ms.add(Mutation.benign("a no-op set statement first", Fuzz.write(FILE, "{%- set greater4j_unused = 1 -%}" + t)));
        // syntax
        ms.add(Mutation.bad("empty file", Fuzz.write(FILE, "")));
        for (String[] r : new String[][] {{"%}", ""}, {"}}", ""}, {"{%", "{"}, {"endfor", "endif"}, {"endif", "endfor"},
            {"message['role']", "message['role'"}, {"==", "==="}, {" in ", " on "}}) {
            if (t.contains(r[0])) ms.add(Mutation.bad("first '" + r[0] + "' -> '" + r[1] + "'", Fuzz.write(FILE, Fuzz.replaceFirst(t, r[0], r[1]))));
        }
        ms.add(Mutation.bad("an extra endfor", Fuzz.write(FILE, t + "{% endfor %}")));
        ms.add(Mutation.bad("an unclosed if", Fuzz.write(FILE, "{% if messages %}" + t)));
        ms.add(Mutation.bad("an unknown tag", Fuzz.write(FILE, "{% frobnicate %}" + t)));
        ms.add(Mutation.bad("an unknown filter", Fuzz.write(FILE, "{{ 'x' | frobnicate }}" + t)));
        ms.add(Mutation.bad("an unknown test", Fuzz.write(FILE, "{% if 1 is frobnicated %}{% endif %}" + t)));
        ms.add(Mutation.bad("an undefined function", Fuzz.write(FILE, "{{ frobnicate() }}" + t)));
        ms.add(Mutation.bad("an attribute of an undefined name", Fuzz.write(FILE, "{{ nothing.here.at_all }}" + t)));
        ms.add(Mutation.bad("division by zero", Fuzz.write(FILE, "{{ 1 / 0 }}" + t)));
        ms.add(Mutation.bad("raise_exception always", Fuzz.write(FILE, "{{ raise_exception('no') }}" + t)));
        // hostile
        ms.add(Mutation.bad("a string of 10^9 characters", Fuzz.write(FILE, "{{ 'ab' * 1000000000 }}" + t)));
        ms.add(Mutation.bad("10^10 loop iterations", Fuzz.write(FILE, "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}" + t)));
        ms.add(Mutation.bad("a macro calling itself", Fuzz.write(FILE, "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}" + t)));
        ms.add(Mutation.bad("a list doubled 60 times", Fuzz.write(FILE,
                "{% set ns = namespace(l=[1]) %}{% for i in range(60) %}{% set ns.l = ns.l + ns.l %}{% endfor %}" + t)));
        for (String esc : new String[] {"''.__class__.__mro__", "cycler.__init__.__globals__", "messages.__class__", "self._TemplateReference__context",
            "lipsum.__globals__"}) {
            ms.add(Mutation.bad("sandbox escape {{ " + esc + " }}", Fuzz.write(FILE, "{{ " + esc + " }}" + t)));
        }
        for (String tag : new String[] {"{% include 'x.jinja' %}", "{% import 'os' as os %}", "{% extends 'base.jinja' %}", "{% from 'x' import y %}"}) {
            ms.add(Mutation.bad("file access " + tag, Fuzz.write(FILE, tag + t)));
        }
        // templates that render but lose the conversation
        ms.add(Mutation.bad("a constant output", Fuzz.write(FILE, "hello")));
        ms.add(Mutation.bad("the message contents dropped", Fuzz.write(FILE, t.replace("message['content']", "''"))));
        ms.add(Mutation.bad("only the first message", Fuzz.write(FILE, "{% set messages = messages[:1] %}" + t)));
        // bytes
        ms.add(Mutation.bad("invalid UTF-8", Fuzz.write(FILE, Fuzz.insert(original, original.length / 2, (byte) 0xc3, (byte) 0x28))));
        for (int i = 0; i < 8; i++) {
            int cut = 1 + rnd.nextInt(original.length - 2);
            ms.add(Mutation.bad("truncated at byte " + cut, Fuzz.write(FILE, Arrays.copyOf(original, cut))));
        }
        return ms;
    }
}

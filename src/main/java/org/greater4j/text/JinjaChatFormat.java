package org.greater4j.text;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A chat format rendered from Jinja source: a model's {@code chat_template} or a built-in one. */
final class JinjaChatFormat implements ChatFormat {
    /** Special tokens the built-in {@code llama3} format writes. */
    static final String[] LLAMA3_TOKENS = {"<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"};
    /** Special tokens the built-in {@code gemma2} format writes. */
    static final String[] GEMMA2_TOKENS = {"<start_of_turn>", "<end_of_turn>"};

    private final String name;
    private final ChatFamily family;
    private final String source;
    private final Map<String, Object> variables;
    private final LocalDate date;
    private final String origin;

    JinjaChatFormat(String name, ChatFamily family, String source, Map<String, Object> variables, LocalDate date,
                    String origin) {
        this.name = Objects.requireNonNull(name);
        this.family = Objects.requireNonNull(family);
        this.source = Objects.requireNonNull(source, "template source");
        this.variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        this.date = Objects.requireNonNull(date);
        this.origin = origin;
    }

    @Override
    public String origin() {
        return origin;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ChatFamily family() {
        return family;
    }

    @Override
    public String render(List<Message> messages, boolean addGenerationPrompt) {
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("no messages to render; give at least one {\"role\", \"content\"}");
        }
        List<Map<String, Object>> list = new ArrayList<>();
        for (Message m : messages) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("role", m.role());
            map.put("content", m.content());
            list.add(map);
        }
        // What HF's apply_chat_template passes besides the special tokens and template kwargs: tools and
        // documents are None when not given (so `tools is defined` holds, as in transformers).
        Map<String, Object> ctx = new HashMap<>();
        ctx.put("tools", null);
        ctx.put("documents", null);
        ctx.putAll(variables);
        ctx.put("messages", list);
        ctx.put("add_generation_prompt", addGenerationPrompt);
        return JinjaEngine.render(source, ctx, date, origin);
    }

    @Override
    public ChatFormat withTemplateVariables(Map<String, ?> extra) {
        if (extra.isEmpty()) return this;
        Map<String, Object> vars = new LinkedHashMap<>(variables);
        vars.putAll(extra);
        return new JinjaChatFormat(name, family, source, vars, date, origin);
    }

    @Override
    public LocalDate date() {
        return date;
    }

    @Override
    public boolean usesDate() {
        return source.contains("strftime_now");
    }

    @Override
    public String template() {
        return source;
    }

    @Override
    public String toString() {
        return "ChatFormat[" + name + ", " + family + (usesDate() ? ", date " + date : "") + "]";
    }
}

package org.greater4j.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One turn of a conversation, as HuggingFace chat templates see it: {@code {"role": ..., "content": ...}}.
 *
 * @param role    who speaks: usually {@code system}, {@code user} or {@code assistant}; never blank
 * @param content the text of the turn, verbatim (templates may trim it); never null, may be empty
 */
public record Message(String role, String content) {

    /** Checks that the role is not blank and the content is not null. */
    public Message {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
        if (role.isBlank()) {
            throw new IllegalArgumentException("a message role is blank; use \"system\", \"user\" or \"assistant\"");
        }
    }

    /** A {@code system} message. */
    public static Message system(String content) {
        return new Message("system", content);
    }

    /** A {@code user} message. */
    public static Message user(String content) {
        return new Message("user", content);
    }

    /** An {@code assistant} message. */
    public static Message assistant(String content) {
        return new Message("assistant", content);
    }

    /**
     * Reads a conversation from a JSON file holding a list of {@code {"role": ..., "content": ...}}
     * objects (other fields are ignored). Reads only the file; returns an immutable list.
     *
     * @throws IllegalArgumentException naming the file and the entry when the JSON has another shape
     */
    public static List<Message> readJson(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read as JSON (" + e.getMessage()
                    + "); --messages expects a list like [{\"role\": \"user\", \"content\": \"Hi\"}]", e);
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException(file + ": is not a JSON list; --messages expects a list like "
                    + "[{\"role\": \"user\", \"content\": \"Hi\"}]");
        }
        List<Message> out = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode m = root.get(i);
            JsonNode role = m.get("role");
            JsonNode content = m.get("content");
            if (!m.isObject() || role == null || !role.isTextual() || content == null || !content.isTextual()) {
                throw new IllegalArgumentException(file + ": entry " + i + " (" + m
                        + ") is not {\"role\": string, \"content\": string}");
            }
            out.add(new Message(role.asText(), content.asText()));
        }
        return List.copyOf(out);
    }
}

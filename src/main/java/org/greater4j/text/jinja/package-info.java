/**
 * greater4j's own Jinja2 interpreter for HuggingFace chat templates: a lexer, a parser to an AST and an
 * evaluator that follow Python's jinja2 3.1 as HuggingFace's {@code apply_chat_template} configures it
 * ({@code ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)} with the loop-controls
 * extension), with Python's semantics for values (str, int, float, list, tuple, dict, None and jinja2's
 * Undefined), and hard limits (nesting depth, time, output and string sizes, an allocation budget, macro
 * recursion) so that no template can hang the caller or exhaust its memory.
 *
 * <p>The sandbox holds by construction: templates see only the value types of this package (strings,
 * numbers, lists, dicts, namespaces, macros and the functions the caller passes), never a Java object,
 * and there is no include, import or extends. Entry point: {@link org.greater4j.text.jinja.Template}.
 */
package org.greater4j.text.jinja;

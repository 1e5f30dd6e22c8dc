#!/usr/bin/env python3
"""Renders the template corpus with Python's jinja2 exactly as transformers' apply_chat_template does, and
writes goldens.json beside this script for JinjaDifferentialTest (greater4j's own engine must match every
output byte for byte, and fail where jinja2 fails).

Run from the repository root:  python3 src/test/resources/text/jinja/make_goldens.py
Needs jinja2 3.1.x (pip install jinja2==3.1.6) and the shared tokenizers ($GREATER_SHARED, default ../shared).

The environment is the one of transformers' chat_template_utils._compile_jinja_template:
ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[AssistantTracker,
loopcontrols]) with its tojson filter (json.dumps, ensure_ascii=False), raise_exception and strftime_now
globals. strftime_now reports 2025-03-05 00:00 here (greater4j fixes the date of a render).
"""
import datetime
import json
import os
import sys

import jinja2
from jinja2 import nodes
from jinja2.ext import Extension, loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment

ROOT = os.getcwd()
SHARED = os.environ.get("GREATER_SHARED", os.path.join(ROOT, "..", "shared"))
HERE = os.path.dirname(os.path.abspath(__file__))
DATE = datetime.datetime(2025, 3, 5)


class Generation(Extension):
    """transformers' AssistantTracker without the tracking: {% generation %} renders its body."""
    tags = {"generation"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(["name:endgeneration"], drop_needle=True)
        return nodes.CallBlock(self.call_method("_support"), [], [], body).set_lineno(lineno)

    def _support(self, caller):
        return caller()


def raise_exception(message):
    raise jinja2.exceptions.TemplateError(message)


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


def strftime_now(fmt):
    return DATE.strftime(fmt)


ENV = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[Generation, loopcontrols])
ENV.filters["tojson"] = tojson
ENV.globals["raise_exception"] = raise_exception
ENV.globals["strftime_now"] = strftime_now


def render(source, variables):
    try:
        return {"output": ENV.from_string(source).render(**variables)}
    except jinja2.exceptions.TemplateSyntaxError as e:
        return {"error": "TemplateSyntaxError: " + str(e)}
    except jinja2.exceptions.TemplateError as e:
        if type(e) is jinja2.exceptions.TemplateError:
            return {"raised": str(e)}
        return {"error": type(e).__name__ + ": " + str(e)}
    except Exception as e:  # TypeError, ValueError, ... raised while rendering
        return {"error": type(e).__name__ + ": " + str(e)}


def token_text(t):
    return t.get("content") if isinstance(t, dict) else t


def config_template(path):
    with open(os.path.join(path, "tokenizer_config.json"), encoding="utf-8") as f:
        cfg = json.load(f)
    tmpl = cfg.get("chat_template")
    if tmpl is None and os.path.exists(os.path.join(path, "chat_template.jinja")):
        with open(os.path.join(path, "chat_template.jinja"), encoding="utf-8") as f:
            tmpl = f.read()
    specials = {}
    for k in ("bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token"):
        v = token_text(cfg.get(k))
        if v is not None:
            specials[k] = v
    extra = [token_text(t) for t in cfg.get("additional_special_tokens", [])]
    if extra:
        specials["additional_special_tokens"] = extra
    return tmpl, specials


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


REAL = {
    "shared:qwen2_5": lambda: config_template(os.path.join(SHARED, "tokenizers", "qwen2_5")),
    "shared:llama3_2": lambda: config_template(os.path.join(SHARED, "tokenizers", "llama3_2")),
    "shared:qwen3": lambda: config_template(os.path.join(SHARED, "tokenizers", "qwen3")),
    "shared:gemma3": lambda: config_template(os.path.join(SHARED, "tokenizers", "gemma3")),
    "family:phi3_5": lambda: config_template(os.path.join(HERE, "..", "families", "phi3_5")),
    "family:phi4_mini": lambda: config_template(os.path.join(HERE, "..", "families", "phi4_mini")),
    "family:smollm3": lambda: config_template(os.path.join(HERE, "..", "families", "smollm3")),
    "family:olmo2": lambda: config_template(os.path.join(HERE, "..", "families", "olmo2")),
    "builtin:gemma2": lambda: (read(os.path.join(ROOT, "src/main/resources/org/greater4j/text/gemma2.jinja")),
                               {"bos_token": "<bos>", "eos_token": "<eos>"}),
    "builtin:llama3": lambda: (read(os.path.join(ROOT, "src/main/resources/org/greater4j/text/llama3.jinja")),
                               {"bos_token": "<|begin_of_text|>", "eos_token": "<|eot_id|>"}),
    "toy": lambda: config_template(os.path.join(ROOT, "src/main/resources/toy/toy-v1")),
}

TOOLS = [{"type": "function", "function": {"name": "get_weather", "description": "Weather of a city, today.",
          "parameters": {"type": "object", "properties": {
              "city": {"type": "string", "description": "The city, e.g. \"Paris\""},
              "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}}, "required": ["city"]}}}]

CONVERSATIONS = {
    "single_user": [{"role": "user", "content": "Hello! What is 2+2? éè ☃"}],
    "system_user": [{"role": "system", "content": "You are a concise assistant."},
                    {"role": "user", "content": "Name three colors."}],
    "multi": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "What is 2+2?"},
              {"role": "assistant", "content": "4"}, {"role": "user", "content": "And 3+3?"}],
    "no_system_multi": [{"role": "user", "content": "Hi there"},
                        {"role": "assistant", "content": "Hello! How can I help you today?"},
                        {"role": "user", "content": "  Tell me a joke.\n"}],
    "whitespace": [{"role": "user", "content": "  spaced \n"}, {"role": "assistant", "content": "\n4 \u00a0"},
                   {"role": "user", "content": "\tTab\t and \r\n CRLF"}],
    "unicode": [{"role": "user", "content": "😀 中文 'single' \"double\" back\\slash {{ not a tag }} {% raw %}"}],
    "empty_content": [{"role": "system", "content": ""}, {"role": "user", "content": ""}],
    "assistant_last": [{"role": "user", "content": "Q?"}, {"role": "assistant", "content": "A."}],
    "thinking": [{"role": "user", "content": "2+3?"},
                 {"role": "assistant", "content": "<think>\nAdd them.\n</think>\n\nThe answer is 5."},
                 {"role": "user", "content": "/no_think And 4+4?"}],
    "system_no_think": [{"role": "system", "content": "Answer tersely. /no_think"},
                        {"role": "user", "content": "Capital of France?"}],
}

TOOL_CONVERSATION = [
    {"role": "system", "content": "You can call tools."},
    {"role": "user", "content": "Weather in Paris?"},
    {"role": "assistant", "content": "", "tool_calls": [{"type": "function", "function": {
        "name": "get_weather", "arguments": {"city": "Paris", "unit": "celsius"}}}]},
    {"role": "tool", "content": "{\"temperature\": 21}"},
    {"role": "assistant", "content": "It is 21 °C in Paris."},
    {"role": "user", "content": "Thanks"},
]

REASONING_CONVERSATION = [
    {"role": "user", "content": "2+3?"},
    {"role": "assistant", "content": "5", "reasoning_content": "Two plus three is five."},
    {"role": "user", "content": "Sure?"},
]

TAKES_TOOLS = {"shared:qwen2_5", "shared:qwen3", "shared:llama3_2", "family:smollm3"}
THINKING = {"shared:qwen3", "family:smollm3"}


def real_cases():
    cases = []
    for ref, load in REAL.items():
        source, specials = load()
        convs = dict(CONVERSATIONS)
        if ref in TAKES_TOOLS:
            convs["tools"] = TOOL_CONVERSATION
        if ref == "shared:qwen3":
            convs["reasoning"] = REASONING_CONVERSATION
        for conv_name, messages in convs.items():
            for agp in (False, True):
                thinking = [None, False, True] if ref in THINKING else [None]
                for think in thinking:
                    variables = dict(specials)
                    variables.update(messages=messages, add_generation_prompt=agp, tools=None, documents=None)
                    if conv_name == "tools":
                        variables["tools"] = TOOLS
                    if think is not None:
                        variables["enable_thinking"] = think
                    name = f"{ref}|{conv_name}|add_generation_prompt={str(agp).lower()}"
                    if think is not None:
                        name += f"|enable_thinking={str(think).lower()}"
                    case = {"name": name, "templateRef": ref, "vars": variables}
                    case.update(render(source, variables))
                    # stored once at the top of the file, referred to by name
                    case["vars"] = dict(variables, messages="@conversation:" + conv_name)
                    if variables["tools"] is not None:
                        case["vars"]["tools"] = "@tools"
                    cases.append(case)
    return cases


def whitespace_cases():
    """Every whitespace-control form of every tag kind, between every kind of surrounding text."""
    befores = ["", "a", "  ", "\t", "a\n", "a\n  ", "\n  ", "  \n\t ", "a  ", "\n\n", "x\u00a0\n \u3000"]
    afters = ["", "b", "\n", "  \nb", "\n\nb", " b\n", "\t\n  b"]
    tags = []
    for lead in ("", "-", "+"):
        for trail in ("", "-", "+"):
            tags.append("{%" + lead + " if true " + trail + "%}X{%" + lead + " endif " + trail + "%}")
            tags.append("{#" + lead + " a comment " + trail + "#}")
            tags.append("{%" + lead + " set v = 1 " + trail + "%}")
            tags.append("{%" + lead + " raw " + trail + "%}{{ raw }}{%" + lead + " endraw " + trail + "%}")
        for trail in ("", "-"):
            tags.append("{{" + lead + " 'V' " + trail + "}}")
    cases = []
    for i, tag in enumerate(tags):
        for j, before in enumerate(befores):
            for k, after in enumerate(afters):
                if (i + j + k) % 3 != 0 and not (j < 3 or k < 2):
                    continue  # a third of the full product keeps the file small and every pair covered
                src = before + tag + after
                case = {"name": f"ws|{i}|{j}|{k}", "template": src}
                case.update(render(src, {}))
                cases.append(case)
    for src in ["{% if true %}\n  a\n  {% if true %}\n    b\n  {% endif %}\n{% endif %}\n",
                "  {% for i in [1, 2] %}\n    {{ i }}\n  {% endfor %}\n  end",
                "{% for i in [1, 2] -%}\n  {{ i }}\n{%- endfor %}",
                "line1\n    {# comment #}\nline2\n",
                "a {% if true %} b {% endif %} c",
                "{%- if true -%}\n\n  x  \n\n{%- endif -%}\n\n",
                "{{- ' a ' -}}\n  {{ 'b' }}\n",
                "x\n{% raw %}\n  {% if %}{{ }}\n{% endraw %}\ny",
                "{% macro m() %}\n  inside\n{% endmacro %}\n[{{ m() }}]",
                "{% set x %}\n  block\n{% endset %}\n[{{ x }}]",
                "trailing two newlines\n\n",
                "\n",
                "",
                "{%+ if true %}  keep{% endif %}",
                "  {%- if true %}a{% endif %}",
                "{% if true %}a{% endif +%}\nb",
                ]:
        case = {"name": "ws|extra|" + src, "template": src}
        case.update(render(src, {}))
        cases.append(case)
    return cases


V = {
    "s": " Hello, World! ",
    "n": 7,
    "f": 2.5,
    "neg": -3,
    "t": True,
    "none": None,
    "l": [3, 1, 2],
    "words": ["b", "A", "c", "a"],
    "d": {"b": 2, "a": 1, "c": 3},
    "msgs": [{"role": "system", "content": "S"}, {"role": "user", "content": "U1"},
             {"role": "assistant", "content": "A1"}, {"role": "user", "content": "U2"}],
    "nested": {"a": {"b": [10, {"c": "deep"}]}},
    "u": "😀é中",
    "empty": "",
    "el": [],
    "mixed": [1, "a", None, True, 2.5, [1, 2], {"k": "v"}],
    "people": [{"name": "Bo", "age": 30}, {"name": "al", "age": 25}, {"name": "Cy", "age": 35}],
    "tools": TOOLS,
}

SNIPPETS = [
    # literals and printing
    "{{ 1 }}|{{ 1.0 }}|{{ 1e3 }}|{{ 1_000 }}|{{ 0x1F }}|{{ 0o17 }}|{{ 0b101 }}|{{ .5 if false else 2.50 }}",
    "{{ 'a' 'b' \"c\" }}|{{ '\\n\\t\\x41\\u00e9\\U0001F600\\101' }}|{{ 'é\\é' }}",
    "{{ true }}|{{ True }}|{{ none }}|{{ None }}|{{ false }}",
    "{{ [1, 'a', none, true, 1.5, [2], {'k': (1,)}] }}|{{ (1,) }}|{{ () }}|{{ (1, 2) }}|{{ {} }}|{{ [] }}",
    "{{ 0.1 + 0.2 }}|{{ 1e16 }}|{{ 1e-5 }}|{{ 123456789.0 }}|{{ 1/3 }}|{{ -0.0 }}|{{ 2.0 ** 70 }}",
    "{{ \"it's\" }}|{{ ['it\\'s', \"q\\\"\", 'both\\'\"', 'nl\\n', 'tab\\t', 'bs\\\\', '\\x00\\x7f\\xa0\\u200b'] }}",
    "{{ u }}|{{ [u] }}|{{ u|length }}|{{ u[0] }}|{{ u[-1] }}|{{ u[::-1] }}|{{ u|reverse }}",
    # arithmetic
    "{{ 7 // 2 }} {{ -7 // 2 }} {{ 7 % 3 }} {{ -7 % 3 }} {{ 7 % -3 }} {{ 7 / 2 }} {{ 6 / 3 }} {{ 2 ** 10 }} {{ 2 ** -1 }}",
    "{{ 7.5 // 2 }} {{ -7.5 % 2 }} {{ 1 + 2.0 }} {{ true + 1 }} {{ 3 * 'ab' }} {{ 'ab' * 0 }} {{ [1] * 3 }} {{ -2 ** 2 }}",
    "{{ 'a' ~ 1 ~ none ~ true ~ 1.5 ~ [1] }}|{{ 1 ~ 2 + 3 if false else 'x' }}|{{ (1 ~ 2) + '3' }}",
    "{{ 'a' ~ 1 + 2 }}", "{{ 'a' + 1 }}", "{{ 1 + 'a' }}", "{{ 1 / 0 }}", "{{ 1 // 0 }}", "{{ [1] + (2,) }}",
    "{{ -n }} {{ +n }} {{ -f }} {{ n - - 1 }} {{ not n }} {{ not not n }}",
    "{{ [1, 2] + [3] }}|{{ (1,) + (2,) }}|{{ 'x' * 3 * 2 }}|{{ 2 * 3 ** 2 }}|{{ (2 * 3) ** 2 }}|{{ 2 ** 3 ** 2 }}",
    # comparisons and logic
    "{{ 1 < 2 < 3 }} {{ 3 > 2 > 2 }} {{ 1 == 1.0 }} {{ true == 1 }} {{ 'a' < 'b' }} {{ [1, 2] < [1, 3] }} {{ 1 != 2 }}",
    "{{ 'b' in 'abc' }} {{ 2 in l }} {{ 'a' in d }} {{ 'z' not in d }} {{ 1 in (1, 2) }} {{ x in l }}",
    "{{ 1 < 'a' }}", "{{ none < 1 }}", "{{ 1 in 'abc' }}", "{{ 'a' in none }}",
    "{{ n and s }}|{{ 0 and s }}|{{ none or 'dflt' }}|{{ '' or [] or 0 }}|{{ l and l[0] }}|{{ undefined_name or 'u' }}",
    "{{ 'yes' if t else 'no' }}|{{ 'yes' if none else 'no' }}|{{ 'x' if false }}|{{ ('x' if false) is defined }}",
    "{{ 1 if false else 2 if false else 3 }}",
    # undefined semantics
    "[{{ missing }}][{{ missing|default('D') }}][{{ missing is defined }}][{{ missing|length }}][{{ missing|string }}]",
    "{{ missing.attr }}", "{{ missing['k'] }}", "{{ missing() }}", "{{ missing + 1 }}", "{{ missing ~ 'x' }}",
    "{{ d.zzz }}|{{ d.zzz is defined }}|{{ d['zzz'] is undefined }}|{{ l[10] is defined }}|{{ none.x is defined }}",
    "{{ d.zzz.yyy }}", "{{ l[10].x }}", "{{ missing|upper }}|{{ missing|trim }}|{{ missing|list }}|{{ missing|first }}",
    "{% for x in missing %}{{ x }}{% else %}empty{% endfor %}|{{ missing == missing }}|{{ missing != 1 }}",
    "{{ missing|tojson }}", "{{ missing|join(',') }}|{{ missing|items|list }}", "{{ missing < 1 }}",
    "{{ 'x' in missing }}|{{ missing in ['a'] }}", "{{ missing is iterable }}{{ missing is sequence }}",
    # attribute and item access
    "{{ d.a }}|{{ d['b'] }}|{{ nested.a.b[1].c }}|{{ nested['a']['b'][0] }}|{{ l.0 }}|{{ msgs[1].content }}",
    "{{ d.items is callable }}|{{ 'abc'.upper is callable }}|{{ d.nosuch is callable }}", "{{ d.get('a') }}|{{ d.get('z') }}|{{ d.get('z', 9) }}|{{ d.keys()|list }}|{{ d.values()|list }}",
    "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}",
    "{{ l.index(2) }}|{{ l.count(3) }}|{{ l.append }}|{{ d.pop }}|{{ d.update }}|{{ ''.__class__ }}|{{ l._x }}",
    "{% set x = {'pop': 1, 'items': 2} %}{{ x.pop }}|{{ x['pop'] }}|{{ x['items'] }}",
    "{{ l[0:2] }}|{{ l[1:] }}|{{ l[:-1] }}|{{ l[::2] }}|{{ l[::-1] }}|{{ l[5:] }}|{{ l[-10:10] }}|{{ s[1:6] }}|{{ s[::-2] }}",
    "{{ l[3:0:-1] }}|{{ l[-1:-4:-1] }}|{{ (1, 2, 3)[1:] }}|{{ 'abcdef'[1:5:2] }}|{{ range(10)[2:8:3]|list }}",
    "{{ l[::0] }}", "{{ l['a'] }}|{{ l[1.0] }}", "{{ 'abc'[1] }}|{{ 'abc'[-4] is defined }}",
    "{{ msgs[-1]['role'] }}|{{ msgs|length }}|{{ msgs[0].role == 'system' }}",
    # string methods
    "{{ s.strip() }}|{{ s.lstrip() }}|{{ s.rstrip() }}|{{ 'xxaxx'.strip('x') }}|{{ '\\n\\nA\\n'.lstrip('\\n') }}|{{ 'ab..'.rstrip('.') }}",
    "{{ 'a,b,,c'.split(',') }}|{{ ' a  b '.split() }}|{{ 'a b c'.split(' ', 1) }}|{{ 'a b c'.rsplit(' ', 1) }}|{{ '  a b  '.split(none, 1) }}|{{ '  a b  '.rsplit(none, 1) }}",
    "{{ 'a\\nb\\r\\nc\\rd'.splitlines() }}|{{ 'x'.split('') }}",
    "{{ s.startswith(' H') }}|{{ s.endswith('! ') }}|{{ s.startswith(('x', ' ')) }}|{{ 'abc'.find('c') }}|{{ 'abc'.find('z') }}|{{ 'aaa'.count('a') }}",
    "{{ s.upper() }}|{{ s.lower() }}|{{ 'hello wORLD x-y'.title() }}|{{ 'hELLO'.capitalize() }}|{{ 'aBc'.swapcase() }}",
    "{{ 'a-b-c'.replace('-', '+') }}|{{ 'a-b-c'.replace('-', '+', 1) }}|{{ 'abc'.replace('', '.') }}|{{ '-'.join(['a', 'b']) }}",
    "{{ 'x'.center(7, '*') }}|{{ 'ab'.center(7) }}|{{ 'ab'.ljust(5, '.') }}|{{ 'ab'.rjust(5) }}|{{ '42'.zfill(5) }}|{{ '-4'.zfill(4) }}",
    "{{ '12'.isdigit() }}|{{ 'ab'.isalpha() }}|{{ ' '.isspace() }}|{{ 'ab'.islower() }}|{{ 'AB'.isupper() }}|{{ '1'.islower() }}",
    "{{ 'a=b=c'.partition('=') }}|{{ 'a=b=c'.rpartition('=') }}|{{ 'prefix-x'.removeprefix('prefix-') }}|{{ 'x.txt'.removesuffix('.txt') }}",
    "{{ '{} and {}'.format(1, 'b') }}|{{ '{0}{1}{0}'.format('a', 'b') }}|{{ '{x}-{y!r}'.format(x=1, y='q') }}|{{ '{:>5}|{:<4}|{:^6}|{:05d}|{:.2f}'.format('a', 'b', 'c', 42, 3.14159) }}",
    "{{ '%s|%d|%5s|%-5s|%.2f|%r|%%|%x|%05.1f|%e|%g' % ('a', 3, 'b', 'c', 2.345, 'q', 255, 3.14159, 12345.678, 0.0001) }}",
    "{{ '%(a)s-%(b)s' % {'a': 1, 'b': 2} }}|{{ '%s' % [1, 2] }}|{{ '%s' % none }}", "{{ '%s %s' % ('a',) }}", "{{ '%s' % ('a', 'b') }}",
    "{{ 'abc'.nosuchmethod }}|{{ 'abc'.nosuchmethod is defined }}",
    "{{ u.upper() }}|{{ 'ß'.upper() }}|{{ 'ǅ'.lower() }}|{{ 'İ'.lower()|length }}",
    # filters
    "{{ s|trim }}|{{ 'xxaxx'|trim('x') }}|{{ '\\u00a0 a \\u3000'|trim }}|{{ s|upper }}|{{ s|lower }}|{{ s|title }}|{{ 'hello wORLD (x) [y] {z} <w> a-b a_b'|title }}|{{ 'hELLO world'|capitalize }}",
    "{{ s|replace('l', 'L') }}|{{ s|replace('l', 'L', 2) }}|{{ s|length }}|{{ l|count }}|{{ d|length }}|{{ l|first }}|{{ l|last }}|{{ 'abc'|first }}|{{ 'abc'|last }}|{{ el|first is defined }}",
    "{{ l|join }}|{{ l|join(', ') }}|{{ people|join(', ', attribute='name') }}|{{ words|join('-') }}|{{ mixed|join('|') }}",
    "{{ l|sort }}|{{ l|sort(reverse=true) }}|{{ words|sort }}|{{ words|sort(case_sensitive=true) }}|{{ people|sort(attribute='age')|map(attribute='name')|list }}",
    "{{ d|dictsort }}|{{ d|dictsort(by='value', reverse=true) }}|{{ d|items|list }}|{{ {'B': 1, 'a': 2}|dictsort }}|{{ {'B': 1, 'a': 2}|dictsort(true) }}",
    "{{ words|unique|list }}|{{ words|unique(case_sensitive=true)|list }}|{{ l|min }}|{{ l|max }}|{{ words|min }}|{{ words|max(case_sensitive=true) }}|{{ people|max(attribute='age') }}|{{ el|min is defined }}",
    "{{ l|sum }}|{{ people|sum(attribute='age') }}|{{ [1.5, 2]|sum(start=10) }}|{{ [[1], [2]]|sum(start=[]) }}",
    "{{ l|reverse|list }}|{{ 'abc'|reverse }}|{{ l|list }}|{{ 'ab'|list }}|{{ d|list }}|{{ range(3)|list }}|{{ range(1, 10, 3)|list }}|{{ range(5, 0, -2)|list }}",
    "{{ msgs|selectattr('role', 'equalto', 'user')|list|length }}|{{ msgs|rejectattr('role', 'eq', 'user')|map(attribute='content')|join }}|{{ msgs|selectattr('role', '==', 'system')|first }}",
    "{{ [0, 1, 2, none, '']|select|list }}|{{ [0, 1, 2]|reject|list }}|{{ [1, 2, 3, 4]|select('odd')|list }}|{{ [1, 2, 3, 4]|reject('even')|list }}|{{ [1, 2, 3]|select('>', 1)|list }}|{{ ['a', 1, 'b']|select('string')|list }}",
    "{{ words|map('upper')|list }}|{{ [' a ', 'b ']|map('trim')|list }}|{{ people|map(attribute='name')|list }}|{{ people|map(attribute='zzz', default='?')|list }}|{{ [[1, 2], [3]]|map('length')|list }}|{{ nested|map('upper')|list }}",
    "{{ msgs|selectattr('content')|list|length }}|{{ people|selectattr('age', 'gt', 26)|map(attribute='name')|list }}|{{ [{'a': {'b': 1}}, {'a': {'b': 2}}]|map(attribute='a.b')|list }}",
    "{{ 'x'|center(9) }}|{{ 'xy'|center(9) }}|{{ 'x'|center(1) }}|{{ 'abc'|center(8) }}",
    "{{ 'a\\nb\\n\\nc'|indent }}|{{ 'a\\nb\\n\\nc'|indent(2, true) }}|{{ 'a\\nb\\n\\nc'|indent(2, blank=true) }}|{{ 'a\\nb'|indent('> ') }}|{{ ''|indent(first=true) }}|{{ 'x\\n'|indent(3) }}",
    "{{ '%s-%d'|format('a', 3) }}|{{ '%(x)s'|format(x='kw') }}|{{ '%.3f'|format(2) }}|{{ '%5.1f|%-6d|%+d'|format(3.14159, 42, 7) }}",
    "{{ '42'|int }}|{{ ' 42 '|int }}|{{ '4.7'|int }}|{{ 'x'|int }}|{{ 'x'|int(7) }}|{{ '0x1A'|int(0, 16) }}|{{ 3.9|int }}|{{ true|int }}|{{ none|int }}|{{ '1e3'|int }}|{{ '1_000'|int }}",
    "{{ '4.5'|float }}|{{ 'x'|float }}|{{ 'x'|float(1.5) }}|{{ 3|float }}|{{ ' 1e2 '|float }}|{{ 'nan'|float }}|{{ '-inf'|float }}",
    "{{ 2.5|round }}|{{ 3.5|round }}|{{ 2.675|round(2) }}|{{ 1.5|round(0, 'floor') }}|{{ 1.2|round(0, 'ceil') }}|{{ 5|round }}|{{ -2.5|round }}|{{ 1234.5678|round(-2) }}",
    "{{ -3|abs }}|{{ -2.5|abs }}|{{ 3|string }}|{{ [1]|string }}|{{ none|string }}|{{ 1.0|string }}|{{ true|string }}",
    "{{ '<a href=\"x\">&\\'</a>'|e }}|{{ '<b>'|escape }}|{{ '<b>'|safe }}|{{ 'x y  z'|wordcount }}|{{ 'a\\u00e9 b_c d-e'|wordcount }}",
    "{{ 'hello world foo bar'|truncate(9) }}|{{ 'hello world foo bar'|truncate(9, true) }}|{{ 'hello world foo bar'|truncate(11, false, '..', 0) }}|{{ 'short'|truncate(255) }}",
    "{{ l|batch(2)|list }}|{{ l|batch(2, 'x')|list }}|{{ range(7)|slice(3)|list }}|{{ range(7)|slice(3, 'f')|list }}",
    "{{ d|attr('a') }}|{{ d|attr('items') is defined }}|{{ none|default('n') }}|{{ none|default('n', true) }}|{{ ''|d('e', true) }}|{{ 0|default(5) }}",
    "{{ mixed|tojson }}|{{ d|tojson }}|{{ d|tojson(indent=2) }}|{{ d|tojson(sort_keys=true) }}|{{ 'é\"\\n<>&\\u2028'|tojson }}|{{ 'é'|tojson(ensure_ascii=true) }}",
    "{{ tools|tojson(indent=4) }}|{{ {1: 'a', true: 'b', none: 'c', 2.5: 'd'}|tojson }}|{{ [1.0, 1e20, 1e-7, -0.0, 100.0]|tojson }}|{{ (1, 2)|tojson }}|{{ {'a': [1, {}], 'b': []}|tojson(indent='\\t') }}|{{ [1, [2, 3]]|tojson(separators=(',', ':')) }}",
    "{{ range(3)|tojson }}", "{{ x|nosuchfilter }}", "{% if false %}{{ x|nosuchfilter }}{% endif %}", "{{ x is nosuchtest }}",
    "{{ 3|length }}", "{{ none|length }}", "{{ 1|items|list }}", "{{ l|join(1) }}", "{{ ['a', 1]|sort }}",
    # tests
    "{{ n is odd }}{{ n is even }}{{ 9 is divisibleby 3 }}{{ 9 is divisibleby(2) }}{{ none is none }}{{ 0 is none }}{{ t is true }}{{ 1 is true }}{{ false is false }}{{ 0 is false }}",
    "{{ s is string }}{{ n is string }}{{ n is number }}{{ f is number }}{{ t is number }}{{ n is integer }}{{ t is integer }}{{ f is float }}{{ n is float }}{{ t is boolean }}{{ 1 is boolean }}",
    "{{ d is mapping }}{{ l is mapping }}{{ l is sequence }}{{ s is sequence }}{{ d is sequence }}{{ n is sequence }}{{ l is iterable }}{{ s is iterable }}{{ d is iterable }}{{ n is iterable }}{{ none is iterable }}",
    "{{ n is eq 7 }}{{ n is equalto 7 }}{{ n is == 7 }}{{ n is ne 7 }}{{ n is lt 8 }}{{ n is lessthan 8 }}{{ n is gt 8 }}{{ n is greaterthan 6 }}{{ n is ge 7 }}{{ n is le 6 }}{{ 2 is in l }}{{ 5 is in l }}",
    "{{ t is sameas true }}{{ 1 is sameas true }}{{ none is sameas none }}{{ false is sameas false }}{{ 0 is sameas false }}",
    "{{ 'abc' is lower }}{{ 'aBc' is lower }}{{ 'ABC' is upper }}{{ '12' is lower }}{{ 'upper' is filter }}{{ 'zzz' is filter }}{{ 'odd' is test }}{{ range is callable }}{{ s is callable }}",
    "{{ n is not odd }}{{ not n is odd }}{{ missing is not defined }}{{ (n is odd) and (s is string) }}",
    "{{ 'a' is divisibleby 2 }}", "{{ n is odd is even }}",
    # statements: if / for / loop
    "{% if n > 5 %}big{% elif n > 2 %}mid{% else %}small{% endif %}|{% if none %}a{% elif '' %}b{% else %}c{% endif %}|{% if l %}L{% endif %}{% if el %}E{% endif %}",
    "{% for x in l %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}{{ loop.revindex0 }}{{ loop.first }}{{ loop.last }}{{ loop.length }};{% endfor %}",
    "{% for x in l %}[{{ loop.previtem is defined and loop.previtem }}|{{ loop.nextitem is defined and loop.nextitem }}|{{ loop.cycle('a', 'b') }}|{{ loop.depth }}]{% endfor %}",
    "{% for x in [1, 1, 2, 2, 1] %}{% if loop.changed(x) %}{{ x }}{% endif %}{% endfor %}",
    "{% for x in l if x > 1 %}{{ x }}{{ loop.index }}/{{ loop.length }} {% endfor %}|{% for x in l if x > 9 %}{{ x }}{% else %}none{% endfor %}",
    "{% for a, b in [(1, 2), (3, 4)] %}{{ a + b }}{% endfor %}|{% for (a, b) in d.items() %}{{ a }}{% endfor %}|{% for k in d %}{{ k }}{% endfor %}|{% for c in 'héllo' %}{{ c }}.{% endfor %}",
    "{% for a, b in [(1, 2, 3)] %}{% endfor %}", "{% for a, b in [1] %}{% endfor %}", "{% for x in none %}{% endfor %}", "{% for x in 5 %}{% endfor %}",
    "{% for x in range(10) %}{% if x == 2 %}{% continue %}{% endif %}{% if x == 5 %}{% break %}{% endif %}{{ x }}{% endfor %}",
    "{% for i in range(3) %}{% for j in range(3) %}{% if j > i %}{% break %}{% endif %}{{ i }}{{ j }}{{ loop.index }} {% endfor %}{{ loop.index }}|{% endfor %}",
    "{% for x in [[1, [2]], [3]] recursive %}<{% for y in x %}{% if y is iterable %}{{ loop(y) if false else '' }}{% else %}{{ y }}{% endif %}{% endfor %}>{% endfor %}",
    "{% for n in [{'v': 1, 'c': [{'v': 2, 'c': [{'v': 3, 'c': []}]}]}] recursive %}{{ n.v }}@{{ loop.depth }}({{ loop(n.c) }}){% endfor %}",
    "{% for x in msgs %}{{ loop.index0 }}:{{ messages is defined }}:{{ x.role }} {% endfor %}",
    "{% for m in msgs[::-1] %}{{ m.role[0] }}{% endfor %}|{% for m in msgs|reverse %}{{ loop.index }}{% endfor %}",
    # scoping
    "{% set c = 0 %}{% for i in [1, 2, 3] %}{% set c = c + i %}{{ c }}{% endfor %}|{{ c }}",
    "{% for i in [1, 2] %}{% if i == 1 %}{% set c = 5 %}{% endif %}[{{ c }}]{% endfor %}[{{ c }}]",
    "{% if true %}{% set c = 5 %}{% endif %}{{ c }}|{% for i in [1] %}{% set inner = 1 %}{% endfor %}{{ inner is defined }}|{% for i in [1] %}{% endfor %}{{ i is defined }}",
    "{% set ns = namespace(total=0, items=[]) %}{% for i in [1, 2, 3] %}{% set ns.total = ns.total + i %}{% set ns.items = ns.items + [i] %}{% endfor %}{{ ns.total }}{{ ns.items }}",
    "{% set ns = namespace({'a': 1}, b=2) %}{{ ns.a }}{{ ns.b }}{{ ns.c is defined }}{{ ns['a'] }}",
    "{% set x = 5 %}{% set x %}block {{ x }}{% endset %}[{{ x }}]|{% set y | upper %}up {{ 1 }}{% endset %}{{ y }}",
    "{% set a, b = 1, 2 %}{{ a }}{{ b }}|{% set t = 1, 2 %}{{ t }}|{% set (p, q) = [3, 4] %}{{ p * q }}",
    "{% set x = 1 %}{% set x.y = 2 %}", "{% set a, b = [1] %}",
    "{% with a = 1, b = 2 %}{{ a + b }}{% endwith %}{{ a is defined }}",
    "{% set x = 1 %}{% macro m() %}{{ x }}{% endmacro %}{% set x = 2 %}{{ m() }}",
    "{% for i in [1, 2] %}{% macro m() %}{{ i }}{% endmacro %}{{ m() }}{% endfor %}",
    # macros and call blocks
    "{% macro greet(name, greeting='Hello') %}{{ greeting }}, {{ name }}!{% endmacro %}{{ greet('Bo') }}|{{ greet('Al', 'Hi') }}|{{ greet(greeting='Yo', name='Cy') }}|{{ greet() }}",
    "{% macro m(a) %}{{ a }}|{{ varargs }}|{{ kwargs }}{% endmacro %}{{ m(1, 2, 3, k=4) }}",
    "{% macro fact(n) %}{% if n <= 1 %}1{% else %}{{ n * fact(n - 1)|int }}{% endif %}{% endmacro %}{{ fact(5) }}",
    "{% macro render(items) %}{% for i in items %}{% if i is mapping %}[{{ render(i.children) }}]{% else %}{{ i }}{% endif %}{% endfor %}{% endmacro %}{{ render([1, {'children': [2, {'children': [3]}]}, 4]) }}",
    "{% macro wrap(tag) %}<{{ tag }}>{{ caller() }}</{{ tag }}>{% endmacro %}{% call wrap('b') %}bold {{ 1 + 1 }}{% endcall %}",
    "{% macro each(xs) %}{% for x in xs %}{{ caller(x) }}{% endfor %}{% endmacro %}{% call(x) each([1, 2]) %}<{{ x }}>{% endcall %}",
    "{% macro m() %}A{% endmacro %}{{ m() ~ m() }}|{{ m()|length }}|{{ m is callable }}",
    "{% filter upper %}shout {{ 'x' }}{% endfilter %}|{% filter trim|replace('a', 'o') %}  banana  {% endfilter %}",
    "{% generation %}gen {{ 1 }}{% endgeneration %}",
    # globals
    "{{ range(3) }}|{{ range(2, 5)|list }}|{{ range(0)|list }}|{{ range(3)|length }}|{{ dict(a=1, b=2) }}|{{ dict([('x', 1)]) }}|{{ dict({'k': 'v'}, z=0) }}",
    "{% set j = joiner(', ') %}{% for x in l %}{{ j() }}{{ x }}{% endfor %}",
    "{{ range(100001)|length }}", "{{ range(1, 2, 0) }}", "{{ range('a') }}", "{{ strftime_now('%Y-%m-%d %A %b %-d %H:%M %j') }}",
    "{{ raise_exception('Custom failure: ' ~ n) }}", "{% if l|length > 2 %}{{ raise_exception('too many') }}{% endif %}after",
    "{{ namespace is defined }}{{ strftime_now is defined }}{{ raise_exception is defined }}{{ lipsum is defined }}{{ len is defined }}",
    # syntax errors and unsupported
    "{% if %}", "{% if true %}", "{% for x in l %}", "{% endif %}", "{{ 1 + }}", "{{ (1 }}", "{{ [1, 2 }}", "{% set %}",
    "{% unknowntag %}", "{{ 'unterminated }}", "{# unterminated comment", "{% raw %}unterminated", "{{ 1 ]] }}",
    "{% do l.append(1) %}", "{{ 1 if true else }}", "{% break %}", "{% macro m(a=1, b) %}{% endmacro %}",
    "{{ {'a': {'b': 1}} }}|{{ {'a': {'b': {'c': 1}}}['a'] }}",
    "{{ [1,2,3][1] }}{{ {'a':1}['a'] }}{{ 'x'}}",
    # chat-template idioms
    "{%- for message in msgs -%}{{- '<|im_start|>' + message.role + '\\n' + message.content | trim + '<|im_end|>\\n' -}}{%- endfor -%}",
    "{%- set ns = namespace(multi_step_tool=true, last_query_index=msgs|length - 1) %}{%- for message in msgs[::-1] %}{%- set index = (msgs|length - 1) - loop.index0 %}{%- if ns.multi_step_tool and message.role == 'user' %}{%- set ns.multi_step_tool = false %}{%- set ns.last_query_index = index %}{%- endif %}{%- endfor %}{{ ns.last_query_index }}",
    "{%- set content = '<think>\\nreason\\n</think>\\n\\nanswer' %}{%- if '</think>' in content %}{%- set reasoning_content = content.split('</think>')[0].rstrip('\\n').split('<think>')[-1].lstrip('\\n') %}{%- set content = content.split('</think>')[-1].lstrip('\\n') %}{%- endif %}[{{ reasoning_content }}][{{ content }}]",
    "{% if msgs[0]['role'] == 'system' %}{% set loop_messages = msgs[1:] %}{% set sys = msgs[0]['content'] %}{% else %}{% set loop_messages = msgs %}{% endif %}{% for m in loop_messages %}{% if (m['role'] == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('alternate!') }}{% endif %}{{ m['role'] }}{% endfor %}{{ sys }}",
    "{{ (msgs|selectattr('role', 'equalto', 'system')|list|length > 0) }}|{{ msgs|map(attribute='role')|unique|list }}|{{ msgs|groupby('role') is defined }}",
    "{% for tool in tools %}{{ tool | tojson }}\n{% endfor %}{{ tools[0].function.parameters.properties.keys()|list }}",
    "{% set c = msgs[1].content if msgs[1].content is string else '' %}{{ c }}|{{ (msgs[1].content is string) and (msgs[1].content|length > 0) }}",
    "{% for m in msgs %}{% if m.tool_calls %}T{% else %}N{% endif %}{% if m.tool_calls is defined %}d{% endif %}{% endfor %}",
    "{{ '\\n'.join(['a', 'b']) }}|{{ ''.join(msgs|map(attribute='role')) }}|{{ ', '.join(l|map('string')) }}", "{{ ', '.join(l) }}",
]


def snippet_cases():
    cases = []
    for i, src in enumerate(SNIPPETS):
        case = {"name": f"snippet|{i}", "template": src, "vars": V}
        case.update(render(src, V))
        cases.append(case)
    return cases


def main():
    out = {
        "generator": "src/test/resources/text/jinja/make_goldens.py",
        "jinja2": jinja2.__version__,
        "python": sys.version.split()[0],
        "date": DATE.date().isoformat(),
        "vars": V,
        "conversations": dict(CONVERSATIONS, tools=TOOL_CONVERSATION, reasoning=REASONING_CONVERSATION),
        "tools": TOOLS,
        "cases": real_cases() + whitespace_cases() + snippet_cases(),
    }
    for c in out["cases"]:
        if c.get("vars") is V:
            c["vars"] = "@snippet"
    path = os.path.join(HERE, "goldens.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=0, sort_keys=False)
        f.write("\n")
    kinds = {}
    for c in out["cases"]:
        k = "output" if "output" in c else "raised" if "raised" in c else "error"
        kinds[k] = kinds.get(k, 0) + 1
    print(f"{len(out['cases'])} cases {kinds} -> {path} ({os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    main()

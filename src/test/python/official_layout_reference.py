"""Reference numbers for OfficialLayoutTest: the official GReaTer code's hand-built Llama-3 / Gemma-2 layouts
(attack_manager.py L299-400, control_pos "post"), its Gemma-2 "last fifth" cleanup (L1046-1061) and its
reasoning split (L903-907), computed with HuggingFace transformers' own tokenizers.

Run (a venv with transformers; torch is not needed):
    python src/test/python/official_layout_reference.py $GREATER_SHARED/tokenizers
and paste the printed literals into OfficialLayoutTest.
"""
import sys

from transformers import AutoTokenizer

QUESTIONS = [
    "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. "
    "How many clips did Natalia sell altogether in April and May?",
    'Is the following sentence plausible? "Joao Moutinho caught the screen pass in the NFC championship."',
    "Which is bigger?\nOptions:\n(A) 3\n(B) 5",
    "What is 2 + 3?!",
]
PROMPTS = ["proper logical reasoning and think step by step. Finally give the actual correct answer.",
           "no thinking just feeling."]

HEADERS = {
    "llama3_2": ("<|start_header_id|>user<|end_header_id|>\n\n",
                 "<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"),
    "gemma2": ("<bos><start_of_turn>user\n", "<end_of_turn>\n<start_of_turn>model\n"),
}


def layout(tok, user, assistant, question, control):
    """The official slices: each piece appended to one string, the whole string tokenized each time."""
    goal = question + ". Use"
    text = user
    user_end = len(tok(text).input_ids)
    text += goal
    goal_end = len(tok(text).input_ids)
    text = text + " " + (control[1:] if control.startswith(" ") else control)
    control_end = len(tok(text).input_ids)
    text += assistant
    ids = tok(text).input_ids
    return ids, user_end, goal_end, control_end


def last_fifth(seq, e):
    """The Gemma-2 cleanup on a Python list, with the same slicing as the official tensors."""
    if e in seq[-len(seq) // 5:]:
        seq = seq[:len(seq) - len(seq) // 5 + seq[-len(seq) // 5:].index(e) + 0]
    return seq[:-len(seq) // 5] + [t for t in seq[-len(seq) // 5:] if t != e]


def main(root):
    for name, (user, assistant) in HEADERS.items():
        tok = AutoTokenizer.from_pretrained(f"{root}/{name}")
        print(f"// {name}: transformers tokenizer {type(tok).__name__}")
        for qi, q in enumerate(QUESTIONS):
            for pi, p in enumerate(PROMPTS):
                ids, u, g, c = layout(tok, user, assistant, q, p)
                print(f'case("{name}", {qi}, {pi}, new int[] {{{", ".join(map(str, ids))}}}, {u}, {g}, {c});')
        assistant_ids = tok(user + "x" + assistant).input_ids[len(tok(user + "x").input_ids):]
        print(f'// assistant_str {tok.decode(assistant_ids, skip_special_tokens=True)!r}')
        if name == "gemma2":
            print(f'// e_token = tokenizer.encode("<end_of_turn>")[0] = {tok.encode("<end_of_turn>")[0]}')
    for seq in ([5, 6, 7, 8, 9, 10, 107, 11, 12, 107], [5, 6, 7, 8, 107, 10, 11, 12, 13, 14, 15, 107],
                [1, 2, 107, 4, 5], [107, 2, 3], [2, 2, 5, 6, 7, 8, 9], [2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 107, 9, 10],
                [1, 2, 3, 4, 5, 6, 7, 107, 8, 107]):
        for e in (107, 2):
            print(f"lastFifth(new int[] {{{', '.join(map(str, seq))}}}, {e}, new int[] {{{', '.join(map(str, last_fifth(seq, e)))}}});")
    for text, sep in (("a assistant\n\nb assistant\n\n c ", "assistant\n\n"), ("aaa", "aa"), ("x\nmodel\ny", "\nmodel\n"),
                      ("none here", "assistant\n\n")):
        print(f"split({text!r}, {sep!r}, {text.split(sep)[-1].strip()!r});")


if __name__ == "__main__":
    main(sys.argv[1])

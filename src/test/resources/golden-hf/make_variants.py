"""Reference data for RoPE cases that shared/goldens-hf does not cover, made by transformers itself.

Each case re-uses the weights of one shared/goldens-hf checkpoint with another config.json (RoPE settings
change no weight), runs transformers' own model class in float64 (eager attention) and writes
<case>.json: the config.json to write beside the shared weights, the ids, the logits at every position
and, where asked, greedy tokens from `generate`.

Phi-3 past original_max_position_embeddings: transformers 4.x's generate dropped the KV cache at the step where
a sequence first crosses that length and recomputed the whole sequence with the long factors, so generation
equals a full forward at every step. transformers 5.17 still drops the cache there but then feeds only the
newest token (its cache_position slicing), and drops the one-token cache again at every later step: past the
switch each token is computed without any context. The reference here is therefore `generate(use_cache=False)`
(a full forward per step, the intended behaviour); the cache-on tokens are recorded beside it for the record.

    python3 make_variants.py  (needs torch and transformers==5.17.0; GREATER_SHARED names the shared folder)
"""
import copy
import json
import math
import os
import shutil
import tempfile

import torch
import transformers
from transformers import AutoModelForCausalLM

SHARED = os.environ.get("GREATER_SHARED", os.path.join(os.path.dirname(__file__), "../../../../../shared"))
GOLDENS = os.path.join(SHARED, "goldens-hf")
OUT = os.path.dirname(os.path.abspath(__file__))


def base(name):
    with open(os.path.join(GOLDENS, "models", name, "config.json")) as f:
        cfg = json.load(f)
    with open(os.path.join(GOLDENS, "golden", name + ".json")) as f:
        ids = json.load(f)["ids"]
    return cfg, ids


def load(name, cfg):
    d = tempfile.mkdtemp()
    shutil.copy(os.path.join(GOLDENS, "models", name, "model.safetensors"), d)
    with open(os.path.join(d, "config.json"), "w") as f:
        json.dump(cfg, f)
    m = AutoModelForCausalLM.from_pretrained(d, dtype=torch.float64, attn_implementation="eager")
    m.eval()
    return m


@torch.no_grad()
def logits(m, ids):
    return m(torch.tensor([ids])).logits[0]


def r32(t):
    return [[float("%.7g" % v) for v in row] for row in t.float().tolist()]


def write(case, weights, cfg, ids, m, extra=None):
    lg = logits(m, ids)
    out = {"case": case, "weights": weights, "config": cfg, "ids": ids, "logits": r32(lg),
           "transformers_version": transformers.__version__, "torch_version": torch.__version__}
    out.update(extra or {})
    with open(os.path.join(OUT, case + ".json"), "w") as f:
        json.dump(out, f, separators=(",", ":"))
    print(case, "written", {k: v for k, v in (extra or {}).items() if not isinstance(v, list)})
    return lg


def main():
    # 1. longrope past original_max_position_embeddings: long factors, and generate() crossing the switch
    cfg, ids = base("phi3-longrope-f32")
    cfg = copy.deepcopy(cfg)
    cfg["original_max_position_embeddings"] = 16
    cfg["rope_parameters"]["original_max_position_embeddings"] = 16
    m = load("phi3-longrope-f32", cfg)
    prefix = ids[:12]
    gen = m.generate(torch.tensor([prefix]), max_new_tokens=12, do_sample=False, use_cache=True,
                     attention_mask=torch.ones(1, 12, dtype=torch.long), pad_token_id=0)[0, 12:].tolist()
    nocache = m.generate(torch.tensor([prefix]), max_new_tokens=12, do_sample=False, use_cache=False,
                         attention_mask=torch.ones(1, 12, dtype=torch.long), pad_token_id=0)[0, 12:].tolist()
    assert gen[:5] == nocache[:5], (gen, nocache)  # identical until the sequence crosses 16 tokens
    # what the first token past the switch would be if cached keys kept their short factors (no recompute)
    seq = prefix + nocache
    with torch.no_grad():
        out = m(torch.tensor([seq[:16]]), use_cache=True)
        mixed = m(torch.tensor([[seq[16]]]), past_key_values=out.past_key_values).logits[0, -1]
        full = logits(m, seq[:17])[-1]
    margins = []
    for n in range(12):
        top = torch.topk(logits(m, seq[:12 + n])[-1], 2).values
        margins.append(float(top[0] - top[1]))
    write("phi3-longrope-long", "phi3-longrope-f32", cfg, ids, m, {
        "prefix": prefix, "generated": nocache, "generated_margins": margins,
        "generated_transformers_5_17_cache_on": gen,
        "mixed_vs_recomputed_max_abs_dlogit": float((mixed - full).abs().max()),
        "attention_factor": math.sqrt(1 + math.log(8192 / 16) / math.log(16))})

    # 2. yarn on a Llama (transformers 5 spelling)
    cfg, ids = base("llama3-v5-f32")
    cfg = copy.deepcopy(cfg)
    cfg["max_position_embeddings"] = 256
    cfg["rope_parameters"] = {"rope_type": "yarn", "rope_theta": 10000.0, "factor": 4.0,
                              "original_max_position_embeddings": 64}
    m = load("llama3-v5-f32", cfg)
    lg = write("llama-yarn", "llama3-v5-f32", cfg, ids, m)
    plain = copy.deepcopy(cfg)
    plain["rope_parameters"] = {"rope_type": "default", "rope_theta": 10000.0}
    print("  yarn vs default max |dlogit|", float((lg - logits(load("llama3-v5-f32", plain), ids)).abs().max()))

    # 3. Gemma-3 in the older spelling with linear scaling on the full layers (Gemma-3-4B's rope_scaling)
    cfg, ids = base("gemma3-f32")
    cfg = copy.deepcopy(cfg)
    del cfg["rope_parameters"], cfg["layer_types"], cfg["_sliding_window_pattern"]
    cfg.update({"rope_theta": 1000000.0, "rope_local_base_freq": 10000.0, "sliding_window_pattern": 3,
                "rope_scaling": {"rope_type": "linear", "factor": 8.0}})
    cfg.pop("dtype")
    cfg["torch_dtype"] = "float32"
    m = load("gemma3-f32", cfg)
    print("  layer types as transformers reads them:", m.config.layer_types, m.config.rope_parameters)
    lg = write("gemma3-linear-v4", "gemma3-f32", cfg, ids, m, {"layer_types": m.config.layer_types})

    # 4. transformers' Gemma-3 attention ignores attn_logit_softcapping (why greater4j refuses it)
    capped = copy.deepcopy(cfg)
    capped["attn_logit_softcapping"] = 0.5
    d = float((logits(load("gemma3-f32", capped), ids) - lg).abs().max())
    print("  gemma3 attn_logit_softcapping 0.5 changes logits by", d)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Golden logits for tiny random decoder-only LMs (Llama, Llama-3 RoPE, Qwen2, Gemma-2, Mistral).

An independent float64 re-implementation of the HuggingFace transformers v4.45 forward pass,
written from the modeling_* semantics (not from the Java engine).  Weights come from a
deterministic counter-based generator ("splitmix64-v1") that the Java test re-implements, so only
the tensor recipe (name, shape, offset, scale) is stored, never the weights themselves.

Run from the repository root:   /usr/bin/python3 src/test/resources/golden/make_golden.py
Writes src/test/resources/golden/<case>.json and prints sanity checks.
"""
import json, math, os
import torch
import torch.nn.functional as F

OUT_DIR = os.path.dirname(os.path.abspath(__file__))
M = 2**64 - 1


# ---------------------------------------------------------------- deterministic weights
def fnv1a64(s):
    h = 0xcbf29ce484222325
    for b in s.encode('utf-8'):
        h ^= b
        h = (h * 0x100000001b3) & M
    return h


def splitmix64(x):
    x = (x + 0x9E3779B97F4A7C15) & M
    z = x
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
    return z ^ (z >> 31)


def u(name, i):
    """Uniform in [-1, 1): top 53 bits of splitmix64(fnv1a64(name) XOR i)."""
    return ((splitmix64(fnv1a64(name) ^ i) >> 11) * 2.0**-53) * 2.0 - 1.0


def make_tensor(name, shape, offset, scale):
    """offset + scale*u computed in float64, rounded to float32 (as stored in F32 safetensors),
    then widened back to float64 for the reference forward."""
    n = math.prod(shape)
    h = fnv1a64(name)
    vals = [offset + scale * (((splitmix64(h ^ i) >> 11) * 2.0**-53) * 2.0 - 1.0) for i in range(n)]
    return torch.tensor(vals, dtype=torch.float32).reshape(shape).double()


def tensor_specs(cfg, family):
    """Every tensor of the checkpoint: (HF name, shape [out, in], offset, scale)."""
    H, I, V = cfg['hidden_size'], cfg['intermediate_size'], cfg['vocab_size']
    nh, nkv = cfg['num_attention_heads'], cfg['num_key_value_heads']
    hd = cfg.get('head_dim', H // nh)
    norm_off = 0.0 if family == 'gemma2' else 1.0        # Gemma-2 multiplies by (1 + w)
    specs = [('model.embed_tokens.weight', [V, H], 0.0, 1.0)]
    lin = lambda n, o, i: (n, [o, i], 0.0, 0.4 / math.sqrt(i))
    norm = lambda n: (n, [H], norm_off, 0.2)
    for l in range(cfg['num_hidden_layers']):
        p = f'model.layers.{l}.'
        specs.append(norm(p + 'input_layernorm.weight'))
        specs.append(lin(p + 'self_attn.q_proj.weight', nh * hd, H))
        specs.append(lin(p + 'self_attn.k_proj.weight', nkv * hd, H))
        specs.append(lin(p + 'self_attn.v_proj.weight', nkv * hd, H))
        if family == 'qwen2':
            specs.append((p + 'self_attn.q_proj.bias', [nh * hd], 0.0, 0.2))
            specs.append((p + 'self_attn.k_proj.bias', [nkv * hd], 0.0, 0.2))
            specs.append((p + 'self_attn.v_proj.bias', [nkv * hd], 0.0, 0.2))
        specs.append(lin(p + 'self_attn.o_proj.weight', H, nh * hd))
        specs.append(norm(p + 'post_attention_layernorm.weight'))
        if family == 'gemma2':
            specs.append(norm(p + 'pre_feedforward_layernorm.weight'))
            specs.append(norm(p + 'post_feedforward_layernorm.weight'))
        specs.append(lin(p + 'mlp.gate_proj.weight', I, H))
        specs.append(lin(p + 'mlp.up_proj.weight', I, H))
        specs.append(lin(p + 'mlp.down_proj.weight', H, I))
    specs.append(norm('model.norm.weight'))
    if not cfg['tie_word_embeddings']:
        specs.append(('lm_head.weight', [V, H], 0.0, 1.0))
    return specs


# ---------------------------------------------------------------- reference forward (float64)
def inv_freq_for(cfg, hd):
    inv = 1.0 / (cfg['rope_theta'] ** (torch.arange(0, hd, 2, dtype=torch.float64) / hd))
    rs = cfg.get('rope_scaling')
    if rs and rs.get('rope_type', rs.get('type')) == 'llama3':   # HF _compute_llama3_parameters
        factor, lo, hi = rs['factor'], rs['low_freq_factor'], rs['high_freq_factor']
        old = rs['original_max_position_embeddings']
        low_wl, high_wl = old / lo, old / hi
        wavelen = 2 * math.pi / inv
        out = torch.where(wavelen > low_wl, inv / factor, inv)
        smooth = (old / wavelen - lo) / (hi - lo)
        smoothed = (1 - smooth) * out / factor + smooth * out
        medium = ~(wavelen < high_wl) & ~(wavelen > low_wl)
        inv = torch.where(medium, smoothed, out)
    return inv


def rotate_half(x):
    h = x.shape[-1] // 2
    return torch.cat((-x[..., h:], x[..., :h]), dim=-1)


def forward(cfg, family, W, ids, softcap=True, window='config'):
    """Logits [T, V].  softcap=False disables Gemma-2 caps; window: 'config' | 'off' | 'force'
    ('force' applies the sliding window on every layer -- used only for the Qwen2 sanity check)."""
    H, nh, nkv = cfg['hidden_size'], cfg['num_attention_heads'], cfg['num_key_value_heads']
    hd = cfg.get('head_dim', H // nh)
    eps, T, gemma = cfg['rms_norm_eps'], len(ids), family == 'gemma2'

    def rms(x, w):
        y = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps)
        return y * (1.0 + w) if gemma else y * w

    def lin(x, name, bias=False):
        y = x @ W[name + '.weight'].T
        return y + W[name + '.bias'] if bias else y

    # RoPE tables: cos/sin = cat(freqs, freqs), positions 0..T-1
    freqs = torch.outer(torch.arange(T, dtype=torch.float64), inv_freq_for(cfg, hd))
    emb = torch.cat((freqs, freqs), dim=-1)
    cos, sin = emb.cos(), emb.sin()
    qpos = torch.arange(T).view(-1, 1)
    kpos = torch.arange(T).view(1, -1)
    causal = kpos <= qpos                                  # [T, T] allowed

    h = W['model.embed_tokens.weight'][torch.tensor(ids)]
    if gemma:
        h = h * torch.tensor(H ** 0.5, dtype=h.dtype)     # normalizer in hidden dtype
    for l in range(cfg['num_hidden_layers']):
        p = f'model.layers.{l}.'
        x = rms(h, W[p + 'input_layernorm.weight'])
        bias = family == 'qwen2'
        q = lin(x, p + 'self_attn.q_proj', bias).view(T, nh, hd).transpose(0, 1)   # [nh, T, hd]
        k = lin(x, p + 'self_attn.k_proj', bias).view(T, nkv, hd).transpose(0, 1)
        v = lin(x, p + 'self_attn.v_proj', bias).view(T, nkv, hd).transpose(0, 1)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k = k.repeat_interleave(nh // nkv, dim=0)          # query head h -> kv head h // groups
        v = v.repeat_interleave(nh // nkv, dim=0)
        scale = cfg['query_pre_attn_scalar'] ** -0.5 if gemma else 1.0 / math.sqrt(hd)
        s = (q @ k.transpose(-1, -2)) * scale
        if gemma and softcap and cfg.get('attn_logit_softcapping') is not None:
            c = cfg['attn_logit_softcapping']
            s = torch.tanh(s / c) * c                      # softcap BEFORE the mask
        # which layers slide: Mistral all, Gemma-2 even indices, Qwen2 none (use_sliding_window false)
        sliding = {'force': True, 'off': False}.get(window, (family == 'mistral') or (gemma and l % 2 == 0)
                   or (family == 'qwen2' and cfg.get('use_sliding_window', False)
                       and l >= cfg.get('max_window_layers', 0)))
        allowed = causal & ((qpos - kpos) < cfg['sliding_window']) if sliding else causal
        s = s.masked_fill(~allowed, float('-inf'))
        a = torch.softmax(s, dim=-1) @ v                   # [nh, T, hd]
        a = lin(a.transpose(0, 1).reshape(T, nh * hd), p + 'self_attn.o_proj')
        if gemma:
            h = h + rms(a, W[p + 'post_attention_layernorm.weight'])
            x = rms(h, W[p + 'pre_feedforward_layernorm.weight'])
            act = F.gelu(lin(x, p + 'mlp.gate_proj'), approximate='tanh')
            m = lin(act * lin(x, p + 'mlp.up_proj'), p + 'mlp.down_proj')
            h = h + rms(m, W[p + 'post_feedforward_layernorm.weight'])
        else:
            h = h + a
            x = rms(h, W[p + 'post_attention_layernorm.weight'])
            m = lin(F.silu(lin(x, p + 'mlp.gate_proj')) * lin(x, p + 'mlp.up_proj'), p + 'mlp.down_proj')
            h = h + m
    h = rms(h, W['model.norm.weight'])
    head = W['model.embed_tokens.weight'] if cfg['tie_word_embeddings'] else W['lm_head.weight']
    logits = h @ head.T
    if gemma and softcap and cfg.get('final_logit_softcapping') is not None:
        c = cfg['final_logit_softcapping']
        logits = torch.tanh(logits / c) * c
    return logits


# ---------------------------------------------------------------- cases
def base(model_type, arch, H, I, L, nh, nkv, V, max_pos, theta, eps, tie):
    return {'architectures': [arch], 'model_type': model_type, 'hidden_size': H,
            'intermediate_size': I, 'num_hidden_layers': L, 'num_attention_heads': nh,
            'num_key_value_heads': nkv, 'vocab_size': V, 'max_position_embeddings': max_pos,
            'rms_norm_eps': eps, 'rope_theta': theta, 'tie_word_embeddings': tie,
            'bos_token_id': 1, 'eos_token_id': 2, 'torch_dtype': 'float32'}


def make_ids(T, V):
    """bos, then (7j+3) mod V, with every 5th position repeating the token 3 back."""
    ids = [1]
    for j in range(1, T):
        ids.append(ids[j - 3] if j % 5 == 4 else (7 * j + 3) % V)
    return ids


CASES = {
    'llama': ('llama', dict(base('llama', 'LlamaForCausalLM', 32, 48, 2, 4, 2, 64, 128, 10000.0, 1e-5, False),
                            hidden_act='silu'), 20),
    'llama3_rope': ('llama', dict(base('llama', 'LlamaForCausalLM', 64, 96, 2, 4, 2, 64, 256, 500000.0, 1e-5, True),
                                  hidden_act='silu',
                                  rope_scaling={'rope_type': 'llama3', 'factor': 8.0, 'low_freq_factor': 1.0,
                                                'high_freq_factor': 4.0,
                                                'original_max_position_embeddings': 16}), 48),
    'qwen2': ('qwen2', dict(base('qwen2', 'Qwen2ForCausalLM', 32, 48, 2, 4, 2, 64, 128, 1000000.0, 1e-6, True),
                            hidden_act='silu', use_sliding_window=False, sliding_window=4,
                            max_window_layers=1), 20),
    'gemma2': ('gemma2', dict(base('gemma2', 'Gemma2ForCausalLM', 32, 48, 3, 4, 2, 64, 128, 10000.0, 1e-6, True),
                              head_dim=16, hidden_activation='gelu_pytorch_tanh', query_pre_attn_scalar=24,
                              attn_logit_softcapping=5.0, final_logit_softcapping=3.0, sliding_window=4,
                              cache_implementation='hybrid'), 20),
    # a strong attention soft cap (1.0), so that a missing attention cap shows above the 2e-4 tolerance
    'gemma2_softcap': ('gemma2', dict(base('gemma2', 'Gemma2ForCausalLM', 32, 48, 3, 4, 2, 64, 128, 10000.0, 1e-6, True),
                                      head_dim=16, hidden_activation='gelu_pytorch_tanh', query_pre_attn_scalar=24,
                                      attn_logit_softcapping=1.0, final_logit_softcapping=30.0, sliding_window=4,
                                      cache_implementation='hybrid'), 20),
    'mistral': ('mistral', dict(base('mistral', 'MistralForCausalLM', 32, 48, 2, 4, 2, 64, 128, 10000.0, 1e-5, False),
                                hidden_act='silu', sliding_window=4), 20),
}


def maxdiff(a, b, rows=slice(None)):
    return (a[rows] - b[rows]).abs().max().item()


if __name__ == '__main__':
    print('u("model.embed_tokens.weight", 0..2) =', [u('model.embed_tokens.weight', i) for i in range(3)])
    for case, (family, cfg, T) in CASES.items():
        specs = tensor_specs(cfg, family)
        W = {n: make_tensor(n, s, o, c) for n, s, o, c in specs}
        ids = make_ids(T, cfg['vocab_size'])
        logits = forward(cfg, family, W, ids)
        assert torch.isfinite(logits).all()
        # causality self-check: the logits of a prefix must equal the full run's first rows
        pre = forward(cfg, family, W, ids[:T // 2])
        print(f'{case:12s} std={logits.std().item():.4f} max|.|={logits.abs().max().item():.4f}'
              f' prefix-consistency={maxdiff(pre, logits, slice(0, T // 2)):.1e}')
        if 'rope_scaling' in cfg:
            plain = {k: v for k, v in cfg.items() if k != 'rope_scaling'}
            print(f'{"":12s} llama3 inv_freq ratio={[round(r, 4) for r in (inv_freq_for(cfg, 16) / inv_freq_for(plain, 16)).tolist()]}'
                  f' rope_scaling off: max|diff|={maxdiff(logits, forward(plain, family, W, ids)):.4f}')
        if family == 'gemma2':
            print(f'{"":12s} softcaps off: max|diff|={maxdiff(logits, forward(cfg, family, W, ids, softcap=False)):.4f}')
        if family in ('gemma2', 'mistral'):
            off = forward(cfg, family, W, ids, window='off')
            w = cfg['sliding_window']
            print(f'{"":12s} window off: positions<{w} max|diff|={maxdiff(logits, off, slice(0, w)):.1e},'
                  f' positions>={w} max|diff|={maxdiff(logits, off, slice(w, None)):.4f}')
        if family == 'qwen2':
            off = forward(cfg, family, W, ids, window='off')
            forced = forward(cfg, family, W, ids, window='force')
            print(f'{"":12s} vs window off max|diff|={maxdiff(logits, off):.1e} (must be 0);'
                  f' vs window forced max|diff|={maxdiff(logits, forced):.4f}')
        doc = {'case': case, 'family': family, 'config': cfg, 'generator': 'splitmix64-v1',
               'tensors': [{'name': n, 'shape': s, 'offset': o, 'scale': c} for n, s, o, c in specs],
               'ids': ids,
               'logits': [[float(f'{x:.9g}') for x in row] for row in logits.tolist()]}
        with open(os.path.join(OUT_DIR, case + '.json'), 'w') as f:
            json.dump(doc, f, separators=(',', ':'))
            f.write('\n')

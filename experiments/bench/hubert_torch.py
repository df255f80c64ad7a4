"""A plain-PyTorch HuBERT encoder (no transformers), for the side-by-side benchmark.

Written from the architecture (conv feature encoder, feature projection, grouped positional convolution with weight
norm, post-LN or pre-LN transformer layers) with Hugging Face's state_dict key names, so that an HF checkpoint
(`model.safetensors` / `pytorch_model.bin`) loads with strict=True. `verify_hubert_torch.py` checks it against the HF
fixtures in /work/shared/fixtures/hubert/. Training mode applies dropout, LayerDrop and SpecAugment time masks as
HF's HubertModel does (the masks are drawn differently, which does not matter for timing).
"""
import math
from dataclasses import dataclass, field
from typing import List, Optional

import torch
from torch import nn
from torch.nn import functional as F


@dataclass
class Config:
    hidden_size: int = 1024
    num_hidden_layers: int = 24
    num_attention_heads: int = 16
    intermediate_size: int = 4096
    conv_dim: List[int] = field(default_factory=lambda: [512] * 7)
    conv_kernel: List[int] = field(default_factory=lambda: [10, 3, 3, 3, 3, 2, 2])
    conv_stride: List[int] = field(default_factory=lambda: [5, 2, 2, 2, 2, 2, 2])
    conv_bias: bool = True
    feat_extract_norm: str = "layer"        # "layer" (large) or "group" (base)
    do_stable_layer_norm: bool = True       # pre-LN (large) or post-LN (base)
    num_conv_pos_embeddings: int = 128
    num_conv_pos_embedding_groups: int = 16
    layer_norm_eps: float = 1e-5
    hidden_dropout: float = 0.1
    attention_dropout: float = 0.1
    activation_dropout: float = 0.0
    feat_proj_dropout: float = 0.1
    layerdrop: float = 0.1
    mask_time_prob: float = 0.05
    mask_time_length: int = 10
    mask_time_min_masks: int = 2

    @staticmethod
    def from_hf_json(d):
        keys = Config.__dataclass_fields__.keys()
        return Config(**{k: v for k, v in d.items() if k in keys})

    @staticmethod
    def large():
        """facebook/hubert-large-ll60k."""
        return Config()

    @staticmethod
    def tiny_large():
        """ser4j's HubertConfig.tinyLarge() (the fixtures' tiny-large): a smoke-test size."""
        return Config(hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=64,
                      conv_dim=[24] * 7, num_conv_pos_embeddings=16, num_conv_pos_embedding_groups=4)


class ConvBlock(nn.Module):
    def __init__(self, cfg, i):
        super().__init__()
        cin = 1 if i == 0 else cfg.conv_dim[i - 1]
        cout = cfg.conv_dim[i]
        self.conv = nn.Conv1d(cin, cout, cfg.conv_kernel[i], stride=cfg.conv_stride[i], bias=cfg.conv_bias)
        self.kind = cfg.feat_extract_norm
        if self.kind == "layer":
            self.layer_norm = nn.LayerNorm(cout, eps=cfg.layer_norm_eps, elementwise_affine=True)
        elif i == 0:
            # HF base style: GroupNorm with one group per channel, first block only
            self.layer_norm = nn.GroupNorm(cout, cout, affine=True)
            self.kind = "group"
        else:
            self.kind = "none"

    def forward(self, x):
        x = self.conv(x)
        if self.kind == "layer":
            x = self.layer_norm(x.transpose(-2, -1)).transpose(-2, -1)
        elif self.kind == "group":
            x = self.layer_norm(x)
        return F.gelu(x)


class FeatureEncoder(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.conv_layers = nn.ModuleList([ConvBlock(cfg, i) for i in range(len(cfg.conv_dim))])

    def forward(self, wave, keep=None):
        x = wave[:, None]
        for layer in self.conv_layers:
            x = layer(x)
            if keep is not None:
                keep.append(x)
        return x


class FeatureProjection(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.layer_norm = nn.LayerNorm(cfg.conv_dim[-1], eps=cfg.layer_norm_eps)
        self.projection = nn.Linear(cfg.conv_dim[-1], cfg.hidden_size)
        self.dropout = nn.Dropout(cfg.feat_proj_dropout)

    def forward(self, x):
        return self.dropout(self.projection(self.layer_norm(x)))


class PositionalConv(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        k = cfg.num_conv_pos_embeddings
        conv = nn.Conv1d(cfg.hidden_size, cfg.hidden_size, k, padding=k // 2, groups=cfg.num_conv_pos_embedding_groups)
        # weight = g * v / ||v||, the norm over (out, in) per kernel tap: keys weight_g [1,1,K], weight_v
        self.conv = nn.utils.weight_norm(conv, name="weight", dim=2)
        self.drop_last = k % 2 == 0

    def forward(self, h):  # h: [B, T, C]
        x = self.conv(h.transpose(1, 2))
        if self.drop_last:
            x = x[:, :, :-1]
        return F.gelu(x).transpose(1, 2)


class Attention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        d = cfg.hidden_size
        self.heads = cfg.num_attention_heads
        self.head_dim = d // self.heads
        self.scale = self.head_dim ** -0.5
        self.k_proj = nn.Linear(d, d)
        self.v_proj = nn.Linear(d, d)
        self.q_proj = nn.Linear(d, d)
        self.out_proj = nn.Linear(d, d)
        self.dropout = cfg.attention_dropout

    def split(self, x, b, t):
        return x.view(b, t, self.heads, self.head_dim).transpose(1, 2)

    def forward(self, h, bias=None, probs_out=None):
        b, t, d = h.shape
        q = self.split(self.q_proj(h) * self.scale, b, t)
        k = self.split(self.k_proj(h), b, t)
        v = self.split(self.v_proj(h), b, t)
        scores = q @ k.transpose(-1, -2)
        if bias is not None:
            scores = scores + bias
        p = F.softmax(scores, dim=-1)
        if probs_out is not None:
            probs_out.append(p)
        p = F.dropout(p, self.dropout, self.training)
        o = (p @ v).transpose(1, 2).reshape(b, t, d)
        return self.out_proj(o)


class FeedForward(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.intermediate_dropout = nn.Dropout(cfg.activation_dropout)
        self.intermediate_dense = nn.Linear(cfg.hidden_size, cfg.intermediate_size)
        self.output_dense = nn.Linear(cfg.intermediate_size, cfg.hidden_size)
        self.output_dropout = nn.Dropout(cfg.hidden_dropout)

    def forward(self, h):
        h = self.intermediate_dropout(F.gelu(self.intermediate_dense(h)))
        return self.output_dropout(self.output_dense(h))


class EncoderLayer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.attention = Attention(cfg)
        self.dropout = nn.Dropout(cfg.hidden_dropout)
        self.layer_norm = nn.LayerNorm(cfg.hidden_size, eps=cfg.layer_norm_eps)
        self.feed_forward = FeedForward(cfg)
        self.final_layer_norm = nn.LayerNorm(cfg.hidden_size, eps=cfg.layer_norm_eps)
        self.pre_ln = cfg.do_stable_layer_norm

    def forward(self, h, bias=None, probs_out=None):
        if self.pre_ln:
            h = h + self.dropout(self.attention(self.layer_norm(h), bias, probs_out))
            return h + self.feed_forward(self.final_layer_norm(h))
        h = self.layer_norm(h + self.dropout(self.attention(h, bias, probs_out)))
        return self.final_layer_norm(h + self.feed_forward(h))


class Encoder(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.pos_conv_embed = PositionalConv(cfg)
        self.layer_norm = nn.LayerNorm(cfg.hidden_size, eps=cfg.layer_norm_eps)
        self.dropout = nn.Dropout(cfg.hidden_dropout)
        self.layers = nn.ModuleList([EncoderLayer(cfg) for _ in range(cfg.num_hidden_layers)])
        self.pre_ln = cfg.do_stable_layer_norm
        self.layerdrop = cfg.layerdrop

    def forward(self, h, frame_mask=None, hidden_out=None, probs_out=None):
        bias = None
        if frame_mask is not None:
            h = h * frame_mask[:, :, None].to(h.dtype)
            # padded keys: (1 - mask) * float32 min added before the softmax, as HF 4.30
            bias = (1.0 - frame_mask[:, None, None, :].to(h.dtype)) * torch.finfo(h.dtype).min
        h = h + self.pos_conv_embed(h)
        if not self.pre_ln:
            h = self.layer_norm(h)
        h = self.dropout(h)
        for layer in self.layers:
            if hidden_out is not None:
                hidden_out.append(h)
            if self.training and self.layerdrop > 0 and torch.rand(()) < self.layerdrop:
                continue  # LayerDrop
            h = layer(h, bias, probs_out)
        if self.pre_ln:
            h = self.layer_norm(h)
        if hidden_out is not None:
            hidden_out.append(h)
        return h


class HubertEncoder(nn.Module):
    """HuBERT without any head. forward(wave [B, S], attention_mask [B, S] or None) -> last hidden state [B, T, H]."""

    def __init__(self, cfg: Config):
        super().__init__()
        self.cfg = cfg
        self.feature_extractor = FeatureEncoder(cfg)
        self.feature_projection = FeatureProjection(cfg)
        self.encoder = Encoder(cfg)
        self.masked_spec_embed = nn.Parameter(torch.empty(cfg.hidden_size).uniform_())
        self.freeze_cnn = False

    def freeze_feature_encoder(self):
        """As HF: CNN weights take no gradient, and the CNN runs without autograd (nothing kept for backward)."""
        self.freeze_cnn = True
        for p in self.feature_extractor.parameters():
            p.requires_grad = False

    def frame_lengths(self, samples):
        n = samples
        for k, s in zip(self.cfg.conv_kernel, self.cfg.conv_stride):
            n = torch.div(n - k, s, rounding_mode="floor") + 1
        return n

    def frame_mask(self, attention_mask, frames):
        lengths = self.frame_lengths(attention_mask.sum(-1))
        return (torch.arange(frames, device=attention_mask.device)[None, :] < lengths[:, None]).long()

    def spec_augment(self, h, frame_mask):
        """SpecAugment time masks (mask_time_prob spans of mask_time_length, at least mask_time_min_masks)."""
        b, t, _ = h.shape
        span = self.cfg.mask_time_length
        if t <= span:
            return h
        n = max(self.cfg.mask_time_min_masks, int(self.cfg.mask_time_prob * t / span + torch.rand(()).item()))
        masked = torch.zeros(b, t, dtype=torch.bool)
        for i in range(b):
            starts = torch.randperm(t - span)[:n]
            for s in starts.tolist():
                masked[i, s:s + span] = True
        return torch.where(masked[:, :, None], self.masked_spec_embed.to(h.dtype), h)

    def forward(self, wave, attention_mask=None, taps=None):
        """taps: optional dict that receives conv_layers, extract_features, feature_projection, hidden_states and
        attentions (for the fixture check)."""
        convs = [] if taps is not None else None
        if self.freeze_cnn:
            with torch.no_grad():
                feats = self.feature_extractor(wave, convs)
        else:
            feats = self.feature_extractor(wave, convs)
        feats = feats.transpose(1, 2)
        proj = self.feature_projection(feats)
        frame_mask = None
        if attention_mask is not None:
            frame_mask = self.frame_mask(attention_mask, proj.shape[1])
        h = proj
        if self.training and self.cfg.mask_time_prob > 0:
            h = self.spec_augment(h, frame_mask)
        hidden = [] if taps is not None else None
        probs = [] if taps is not None else None
        out = self.encoder(h, frame_mask, hidden, probs)
        if taps is not None:
            taps.update(conv_layers=convs, extract_features=feats, feature_projection=proj, hidden_states=hidden,
                        attentions=probs, frame_attention_mask=frame_mask)
        return out

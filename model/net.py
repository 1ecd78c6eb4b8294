"""CVAE: temporal-conv encoder -> latent sequence (stride 4) -> conditional conv decoder."""
from __future__ import annotations

import torch
from torch import nn
import torch.nn.functional as Fn


class Block(nn.Module):
    """Residual block: dilated conv -> GELU -> 1x1 conv, plus a conditioning projection."""

    def __init__(self, ch: int, k: int, dil: int, cond_ch: int = 0):
        super().__init__()
        self.conv = nn.Conv1d(ch, ch, k, padding=dil * (k - 1) // 2, dilation=dil)
        self.proj = nn.Conv1d(ch, ch, 1)
        self.cond = nn.Conv1d(cond_ch, ch, 1) if cond_ch else None

    def forward(self, x, c=None):
        h = x if self.cond is None else x + self.cond(c)
        return x + self.proj(Fn.gelu(self.conv(Fn.gelu(h))))


class Encoder(nn.Module):
    def __init__(self, F, C, hid, hid_full, dz, blocks):
        super().__init__()
        self.inp = nn.Conv1d(F + C, hid_full, 5, padding=2)
        self.down = nn.Conv1d(hid_full, hid, 4, stride=4)
        self.blocks = nn.ModuleList([Block(hid, 3, d) for d in blocks])
        self.out = nn.Conv1d(hid, 2 * dz, 1)

    def forward(self, x, cond):  # [B,T,F], [B,T,C] -> mu, logvar [B,T/4,Dz]
        h = self.down(Fn.gelu(self.inp(torch.cat([x, cond], -1).transpose(1, 2))))
        for b in self.blocks:
            h = b(h)
        mu, logvar = self.out(Fn.gelu(h)).transpose(1, 2).chunk(2, -1)
        return mu, logvar.clamp(-10, 6)


class Decoder(nn.Module):
    """noise/latent [B,T/4,Dz] + cond [B,T,C] -> normalised features [B,T,F]."""

    def __init__(self, F, C, hid, hid_full, dz, blocks, full_blocks, stride=4):
        super().__init__()
        self.stride, self.C = stride, C
        self.cond_low = nn.Linear(stride * C, hid)
        self.z_in = nn.Linear(dz, hid)
        self.blocks = nn.ModuleList([Block(hid, 3, d, hid) for d in blocks])
        self.up = nn.ConvTranspose1d(hid, hid_full, stride, stride=stride)
        self.cond_full = nn.Linear(C, hid_full)
        self.full = nn.ModuleList([Block(hid_full, 5, d) for d in full_blocks])
        self.out = nn.Conv1d(hid_full, F, 1)

    def forward(self, z, cond):
        B = cond.shape[0]
        cl = self.cond_low(cond.reshape(B, -1, self.stride * self.C)).transpose(1, 2)   # [B,H,T/4]
        h = self.z_in(z).transpose(1, 2) + cl
        for b in self.blocks:
            h = b(h, cl)
        h = self.up(Fn.gelu(h)) + self.cond_full(cond).transpose(1, 2)
        for b in self.full:
            h = b(h)
        return self.out(Fn.gelu(h)).transpose(1, 2)


class CVAE(nn.Module):
    def __init__(self, F, C, cfg):
        super().__init__()
        self.enc = Encoder(F, C, cfg["hid"], cfg["hid_full"], cfg["latent_dim"], cfg["enc_blocks"])
        self.dec = Decoder(F, C, cfg["hid"], cfg["hid_full"], cfg["latent_dim"], cfg["dec_blocks"], cfg["full_blocks"])

    def forward(self, x, cond, p_prior_z: float = 0.0):
        """`p_prior_z`: fraction of the batch decoded from z ~ N(0, 1) instead of the posterior, so
        the decoder must follow the conditions (content, style, speed, turn) on its own rather than
        read the motion out of the latent (what sampling at run time needs)."""
        mu, logvar = self.enc(x, cond)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        if p_prior_z > 0:
            drop = torch.rand(z.shape[0], *([1] * (z.dim() - 1)), device=z.device) < p_prior_z
            z = torch.where(drop, torch.randn_like(z), z)
        return self.dec(z, cond), mu, logvar


class ExportDecoder(nn.Module):
    """Decoder with the feature normalisation baked in (what decoder.onnx contains)."""

    def __init__(self, dec: Decoder, mean: torch.Tensor, std: torch.Tensor, prior=None):
        super().__init__()
        self.dec, self.prior = dec, prior
        self.register_buffer("mean", mean.reshape(1, 1, -1).clone())
        self.register_buffer("std", std.reshape(1, 1, -1).clone())

    def forward(self, cond, noise):
        z = noise if self.prior is None else self.prior(cond, noise)
        return self.dec(z, cond) * self.std + self.mean


# ---------------------------------------------------------------- torch kinematics (losses)
def rot6d_to_matrix(r6: torch.Tensor) -> torch.Tensor:
    a, b = r6[..., :3], r6[..., 3:]
    x = Fn.normalize(a, dim=-1)
    y = Fn.normalize(b - (x * b).sum(-1, keepdim=True) * x, dim=-1)
    return torch.stack([x, y, torch.cross(x, y, dim=-1)], -1)


def fk_heading_frame(feats: torch.Tensor, parents, offsets: torch.Tensor, J: int) -> torch.Tensor:
    """Joint positions [B,T,J,3] in the per-frame heading frame (root at x = z = 0)."""
    R = rot6d_to_matrix(feats[..., 4:4 + 6 * J].reshape(*feats.shape[:2], J, 6))
    Rw, P = [None] * J, [None] * J
    for j, p in enumerate(parents):
        if p < 0:
            Rw[j] = R[..., j, :, :]
            P[j] = torch.stack([torch.zeros_like(feats[..., 0]), feats[..., 0], torch.zeros_like(feats[..., 0])], -1)
        else:
            Rw[j] = Rw[p] @ R[..., j, :, :]
            P[j] = P[p] + Rw[p] @ offsets[j]
    return torch.stack(P, -2)


def foot_velocity(feats: torch.Tensor, P: torch.Tensor, idx, fps: float) -> torch.Tensor:
    """World-frame horizontal foot speed² [B,T-1,K] expressed in the heading frame of frame t."""
    dh = feats[:, :-1, 3] / fps
    c, s = torch.cos(dh)[..., None], torch.sin(dh)[..., None]
    p1 = P[:, 1:, idx]
    x1 = c * p1[..., 0] + s * p1[..., 2]
    z1 = -s * p1[..., 0] + c * p1[..., 2]
    vx = (x1 - P[:, :-1, idx, 0]) * fps + feats[:, :-1, 1:2]
    vz = (z1 - P[:, :-1, idx, 2]) * fps + feats[:, :-1, 2:3]
    return vx ** 2 + vz ** 2


PRIOR_TAPS = 24      # latent steps (x4 frames) of the prior's impulse response: 3.2 s at 30 fps
PRIOR_ORDER = 8      # order of the vector autoregression fitted per content


class Prior(nn.Module):
    """Structured latent prior fitted after training (prior.py), baked into decoder.onnx.

    Per content c, the encoder's aggregate posterior is modelled as a stationary vector
    autoregression z_t = mu_c + sum_k A_ck (z_(t-k) - mu_c) + L_c e_t (all 16 latent dimensions
    together, so the cross-dimension, quasi-periodic structure of a gait survives); the graph applies
    its impulse response H_c (PRIOR_TAPS matrices) to the i.i.d. N(0, 1) noise input as a causal
    convolution. A soft content one-hot blends the per-content processes; an all-zero content uses the
    global one (row nc). The first PRIOR_TAPS - 1 steps are fed from the noise reversed in time, so the
    clip starts with the process's full variance instead of its mean pose. Inputs stay i.i.d. noise.
    """

    def __init__(self, nc: int, C: int, dz: int, K: int = PRIOR_TAPS, stride: int = 4):
        super().__init__()
        self.nc, self.C, self.stride, self.K, self.dz = nc, C, stride, K, dz
        self.register_buffer("mu", torch.zeros(nc + 1, dz))      # row nc = global
        kern = torch.zeros((nc + 1) * dz, dz, K)                 # conv weight: [c*dz + i, j, K-1-lag] = H_c[lag][i, j]
        for c in range(nc + 1):
            kern[c * dz:(c + 1) * dz, :, -1] = torch.eye(dz)
        self.register_buffer("kernel", kern)
        pick = torch.zeros(stride * C, nc)                       # averages the content one-hot over 4 frames
        for s in range(stride):
            pick[s * C:s * C + nc] += torch.eye(nc) / stride
        self.register_buffer("pick", pick)

    def set_impulse_response(self, c: int, H: torch.Tensor):
        """H: [K, dz, dz], H[lag] multiplies the noise `lag` steps back."""
        self.kernel[c * self.dz:(c + 1) * self.dz] = H.flip(0).permute(1, 2, 0)

    def forward(self, cond, noise):
        B = cond.shape[0]
        w = cond.reshape(B, -1, self.stride * self.C) @ self.pick            # [B,T4,nc]
        rest = 1.0 - w @ torch.ones(self.nc, 1)                               # [B,T4,1]
        wf = torch.cat([w, rest], -1)                                         # [B,T4,nc+1]
        T4 = noise.shape[1]
        lead = torch.cat([noise.flip(1)] * (self.K - 1), 1)[:, -(self.K - 1):]   # warm start
        x = torch.cat([lead, noise], 1).transpose(1, 2)                      # [B,dz,T4+K-1]
        e = Fn.conv1d(x, self.kernel).reshape(B, self.nc + 1, self.dz, T4)   # [B,nc+1,dz,T4]
        e = (e.permute(0, 3, 2, 1) @ wf.unsqueeze(-1)).reshape(B, T4, self.dz)   # blend: [B,T4,dz]
        return wf @ self.mu + e

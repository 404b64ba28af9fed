"""Generative models: DDPM (diffusion), flows, VAEs, MRML and latent disentanglement (disentangle).

Hand-written (nbdev exports the modules, not this file). It imports nothing, so
`import robustbook.generative.x` loads x only."""

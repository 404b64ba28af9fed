"""ViT robustness: relevance maps (explain), the attention explorer (attention_widget), approximate-nullspace finetuning
(nullspace), RobustViT (relevance_finetune), spatial-entropy regularisation (spatial_entropy), perceptually-aligned
gradients (perceptual_alignment) and the converged small base ViTs those notebooks finetune (zoo).

Hand-written (nbdev exports the modules, not this file). It imports nothing, so
`import robustbook.vit.x` loads x only."""

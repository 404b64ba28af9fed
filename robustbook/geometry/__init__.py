"""Geometry of learning: ReLU polytopes and their explorer, linear maps between embeddings (linear_maps), the
on/off-manifold risk decomposition (manifold_risk), Grassmannians, RSA and topology.

Hand-written (nbdev exports the modules, not this file). It imports nothing, so
`import robustbook.geometry.x` loads x only."""

"""Geometry of learning: ReLU polytopes and their explorer, what Liu et al. measure on trained ReLU MLPs
(region_measures), linear maps between embeddings (linear_maps), the
on/off-manifold risk decomposition (manifold_risk),
rendered vehicles and the on-manifold PGD experiments (vehicle_scenes), Grassmannians, RSA and topology.

Hand-written (nbdev exports the modules, not this file). It imports nothing, so
`import robustbook.geometry.x` loads x only."""

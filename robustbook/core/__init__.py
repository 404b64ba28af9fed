"""The book and the pieces every paper shares: settings, the claim ledger (results), stats, the runner (reproduce),
data, corruptions, attacks, evaluate, metrics, models, train.

Hand-written (nbdev exports the modules, not this file). It imports nothing, so
`import robustbook.core.x` loads x only."""

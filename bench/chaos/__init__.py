"""The fault-injection simulation (issue 14, `python -m bench.chaos`): seeded customers and buyers play whole flows
through the product's real processes while faults are injected, and invariants are checked after each run.
docs/reliability.md says what it checks, which faults it injects and how to rerun a seed.
"""

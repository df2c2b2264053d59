"""A deploy rehearsal: the Procfile's processes run as a platform runs them, and one whole order played through them.

python -m bench.rehearsal            # prints the report
python -m bench.rehearsal --write    # and writes it into docs/deploy.md
"""

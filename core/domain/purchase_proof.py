"""Purchase proof: a one-time code the buyer writes by hand and photographs with the receipt.

A receipt photo alone can be reused from another purchase or found online; one that also shows this
order's code, written on paper, was taken for this order. The alphabet leaves out characters that are
easily confused when handwritten (0/O/D/Q, 1/I/L/T, 2/Z, 5/S, 8/B, U/V, 6/G).
"""

import secrets

ALPHABET = "ACEFHJKMNPRWXY34679"
LENGTH = 6


def new_proof_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))

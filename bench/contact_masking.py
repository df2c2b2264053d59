"""How well the relay chat's masking catches contact details, on the labelled corpus in tests/contact_corpus.py.

Prints the share of evasions caught (target ≥ 0.95) and of ordinary messages masked (target ≤ 0.01), and
lists what it got wrong, so a change to the masker can be judged by numbers.

    python -m bench.contact_masking
"""

from core.domain.contacts import mask_contacts
from tests.contact_corpus import EVASIONS, ORDINARY


def main() -> None:
    missed = [(text, kind) for text, kind in EVASIONS if not mask_contacts(text).parts]
    wrongly = [(text, mask_contacts(text).text) for text in ORDINARY if mask_contacts(text).parts]
    caught = 1 - len(missed) / len(EVASIONS)
    masked = len(wrongly) / len(ORDINARY)
    print(f"evasions caught: {len(EVASIONS) - len(missed)}/{len(EVASIONS)} = {caught:.3f} (target >= 0.95)")
    print(f"ordinary messages masked: {len(wrongly)}/{len(ORDINARY)} = {masked:.3f} (target <= 0.01)")
    for text, kind in missed:
        print(f"  missed {kind}: {text!r}")
    for text, shown in wrongly:
        print(f"  masked ordinary: {text!r} -> {shown!r}")


if __name__ == "__main__":
    main()

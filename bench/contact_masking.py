"""How well the relay chat's masking catches contact details, on the labelled corpus in tests/contact_corpus.py.

Prints the share of evasions caught (target ≥ 0.95) and of ordinary messages masked (target ≤ 0.01), and
lists what it got wrong, so a change to the masker can be judged by numbers.

    python -m bench.contact_masking
"""

from core.domain.contacts import mask_contacts
from tests.contact_corpus import EVASIONS, HELD_OUT_EVASIONS, HELD_OUT_ORDINARY, ORDINARY


def measure(name: str, evasions: tuple[tuple[str, str], ...], ordinary: tuple[str, ...]) -> None:
    missed = [(text, kind) for text, kind in evasions if not mask_contacts(text).parts]
    wrongly = [(text, mask_contacts(text).text) for text in ordinary if mask_contacts(text).parts]
    caught = 1 - len(missed) / len(evasions)
    masked = len(wrongly) / len(ordinary)
    print(f"{name}: evasions caught {len(evasions) - len(missed)}/{len(evasions)} = {caught:.3f} (target >= 0.95)")
    print(f"{name}: ordinary messages masked {len(wrongly)}/{len(ordinary)} = {masked:.3f} (target <= 0.01)")
    for text, kind in missed:
        print(f"  missed {kind}: {text!r}")
    for text, shown in wrongly:
        print(f"  masked ordinary: {text!r} -> {shown!r}")


def main() -> None:
    measure("corpus", EVASIONS, ORDINARY)
    measure("held out", HELD_OUT_EVASIONS, HELD_OUT_ORDINARY)


if __name__ == "__main__":
    main()

"""Named sets of dependency labels (spaCy's English ClearNLP labels) that the extractors share,
so that a rule says which role it means ("a subject"), not which labels spell it."""

from spacy.tokens import Token

SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# Relative pronouns: "the senator, who said ..." means the senator.
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
# Words that can name who speaks, acts or is blamed in a coordination ("X and Y said").
NAMING_POS = frozenset({"PROPN", "NOUN"})


def later_conjuncts(head: Token) -> list[Token]:
    """The names coordinated after `head` ("Reuters and NBC", "both the army and the police")."""
    return [c for c in head.conjuncts if c.i > head.i and c.pos_ in NAMING_POS]

"""Named sets of dependency labels (spaCy's English ClearNLP labels) that the extractors share,
so that a rule says which role it means ("a subject"), not which labels spell it."""

SUBJECTS = frozenset({"nsubj", "nsubjpass"})

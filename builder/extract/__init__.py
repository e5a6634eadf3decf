"""Extraction: from a parsed article to plain records (`builder.records`), in floors.

Bottom to top: `syntax` (what the parse says: subjects, agents, prepositional objects, spans),
`rules` (the data files as typed rule objects), `entities` and `places` (names and described
places), `timex` (time expressions), `actors` (the resolver from words to entities),
`context` (what one document's extractors share, made once), then the extractors that
`builder.build.extract` runs in order over the context: `statements`, `attribution`,
`places.locate_places`, `events`, `claims`. Each reads the context and returns records.
"""

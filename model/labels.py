"""Label vocabulary: the two datasets' label sets merged (see MODEL_CARD.md)."""

# Contents: union of both datasets, identical names merged (walk, run). `respond` (one 3.5 s
# take) and `dance-long` (its only BVH is missing from the release) are dropped;
# `dance-short` is called `dance`.
CONTENTS = ["walk", "run", "dash", "walk-back", "walk-left", "walk-right", "walk-turn-left",
            "walk-turn-right", "bow", "bye", "byebye", "guide", "call", "punch", "kick", "slash",
            "dance", "wave-both-hands", "wave-left-hand", "wave-right-hand", "raise-up-both-hands",
            "raise-up-left-hand", "raise-up-right-hand"]
CONTENT_ALIASES = {"dance-short": "dance"}
DROPPED_CONTENTS = {"respond", "dance-long"}

# Styles: dataset-2 names merged into dataset-1 ones where they describe the same thing.
STYLES = ["normal", "happy", "sad", "angry", "proud", "not-confident", "masculine", "feminine",
          "youthful", "old", "tired", "active", "musical", "giant", "chimpira"]
STYLE_ALIASES = {"masculinity": "masculine", "childish": "youthful", "elderly": "old", "exhausted": "tired"}


def parse_name(filename: str):
    """'dataset-2_walk_normal_001.bvh' -> (dataset, content, style, take) or None if dropped."""
    stem = filename.rsplit("/", 1)[-1].removesuffix(".bvh")
    ds, content, style, take = stem.split("_")
    if content in DROPPED_CONTENTS:
        return None
    content = CONTENT_ALIASES.get(content, content)
    style = STYLE_ALIASES.get(style, style)
    assert content in CONTENTS and style in STYLES, stem
    return ds, content, style, take

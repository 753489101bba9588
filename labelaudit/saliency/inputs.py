"""Saliency's names for its inputs: one output name per image, and observation names.

Torch-free. ``--images`` itself is expanded by :func:`labelaudit.manifest.collect_images`.
Output names are the paths relative to the images' common folder, so two
``view1_frontal.jpg`` of different studies (CheXpert's layout) never overwrite each other.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from labelaudit.errors import InputError
from labelaudit.observations import OBSERVATION_BY_SLUG


def output_names(paths: Sequence[Path]) -> dict[Path, str]:
    """A unique, file-system-safe name per image: relative path without suffix, '/' -> '__'."""
    if not paths:
        return {}
    if len(paths) == 1:
        return {paths[0]: paths[0].stem}
    root = Path(os.path.commonpath([str(p.parent) for p in paths]))
    names = {}
    for path in paths:
        relative = path.relative_to(root).with_suffix("")
        names[path] = "__".join(relative.parts)
    if len(set(names.values())) != len(names):  # a.png and a.jpg side by side
        names = {p: "__".join(p.relative_to(root).parts).replace(".", "_") for p in paths}
    taken = Counter(names.values())
    if len(taken) != len(names):  # 'sub/img.png' and 'sub__img.png': tell them apart by path
        names = {
            p: f"{name}-{hashlib.sha1(str(p).encode()).hexdigest()[:8]}"
            if taken[name] > 1
            else name
            for p, name in names.items()
        }
    return names


def resolve_observations(requested: Sequence[str] | None, known: Sequence[str]) -> list[str]:
    """Map names or slugs ('pleural_effusion', 'Pleural Effusion') to the model's names."""
    if not requested:
        return list(known)
    by_key = {o.lower(): o for o in known}
    by_key.update({slug: o for slug, o in OBSERVATION_BY_SLUG.items() if o in known})
    resolved, unknown = [], []
    for item in requested:
        for name in (n.strip() for n in item.split(",")):
            if not name:
                continue
            match = by_key.get(name.lower()) or by_key.get(name.lower().replace(" ", "_"))
            if match is None:
                unknown.append(name)
            elif match not in resolved:
                resolved.append(match)
    if unknown:
        raise InputError(
            f"the model does not know observation(s) {', '.join(repr(u) for u in unknown)}; "
            f"it predicts: {', '.join(known)}"
        )
    return resolved

"""Image-model training on report labels: VGG16 multi-task with uncertainty policies.

Needs the ``[train]`` extra (torch, torchvision). Only :mod:`labelaudit.train.policies` is
importable without torch; the CLI imports the rest lazily inside its commands.
"""

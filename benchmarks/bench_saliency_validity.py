"""Saliency validity on the synthetic dataset, whose findings have ground-truth masks.

1. ``labelaudit synth`` cohort (report errors off), labels = what each report states.
2. One VGG16 training run (thinned by --width) on a patient split.
3. ``labelaudit saliency --method all --masks ...`` on the held-out images, for the drawn
   findings: per method the pointing-game hit rate and the share of saliency energy inside
   the mask, and the model-randomisation sanity check (Adebayo et al. 2018).

Reference, in the same run on the same images: the same three methods on the same model
with randomised weights, and chance (the mask's area share: what a random point or a
uniform map scores). A method is only worth showing if it beats both.

    .venv/bin/python benchmarks/bench_saliency_validity.py   # the figures in docs/saliency_audit.md
    .venv/bin/python benchmarks/bench_saliency_validity.py --n 800 --size 96 --epochs 25

Run it alone: two torch processes on 2 cores oversubscribe the threads and both crawl.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

import torch
from rich.console import Console
from rich.table import Table

from labelaudit.labelfile import read_label_file
from labelaudit.observations import OBSERVATIONS, slug
from labelaudit.saliency.maps import compute_maps
from labelaudit.saliency.methods import Method
from labelaudit.saliency.pipeline import SaliencyInputs, SaliencyOptions, run_saliency
from labelaudit.saliency.randomization import randomized_copy
from labelaudit.saliency.validity import energy_inside, load_mask, mask_fraction, pointing_hit
from labelaudit.synth.dataset import generate
from labelaudit.synth.findings import DRAWN
from labelaudit.train.dataset import open_grayscale
from labelaudit.train.policies import BlankPolicy, UncertaintyPolicy
from labelaudit.train.run import load_run
from labelaudit.train.trainer import TrainOptions, train
from labelaudit.train.transforms import eval_transform

console = Console()


def synth_image_table(
    synth_dir: Path, labels: Path, *, valid_share: float = 0.2, seed: int = 0
) -> pd.DataFrame:
    """The image table (docs/interfaces.md) of a synth folder with a label file by report id.

    Patients, not images, are split, so no patient is in both splits.
    """
    manifest = pd.read_csv(synth_dir / "manifest.csv", dtype=str)
    values = read_label_file(labels).values
    table = manifest.join(values, on="report_id")
    table["path"] = [str((synth_dir / p).resolve()) for p in table["path"]]
    table["study_id"] = table["report_id"]
    patients = np.array(sorted(table["patient_id"].unique()))
    rng = np.random.default_rng(seed)
    held_out = set(rng.choice(patients, size=round(valid_share * len(patients)), replace=False))
    table["split"] = np.where(table["patient_id"].isin(held_out), "valid", "train")
    return table[["path", "patient_id", "study_id", "split", *OBSERVATIONS]]


def train_config(args: argparse.Namespace) -> TrainOptions:
    return TrainOptions(
        uncertain=UncertaintyPolicy.IGNORE,
        blank=BlankPolicy.ZEROS,
        epochs=args.epochs,
        image_size=args.size,
        batch_size=16,
        lr=args.lr,
        seed=args.seed,
        width=args.width,
        batch_norm=True,  # VGG16-BN: from scratch on a few hundred images, plain VGG16 stalls
        device="cpu",
        workers=0,
        n_resamples=0,
    )


def randomized_reference(run_dir: Path, index: pd.DataFrame, methods: list[Method]) -> pd.DataFrame:
    """Pointing game and energy of the same methods on the randomised-weights model."""
    model, card = load_run(run_dir)
    random_model = randomized_copy(model)
    transform = eval_transform(card.image_size, card.mean, card.std)
    scored = index.dropna(subset=["pointing_hit"]).drop_duplicates(["image", "observation"])
    rows = []
    for image, group in scored.groupby("image", sort=False):
        batch = transform(open_grayscale(image))[None]
        observations = list(group["observation"])
        targets = [list(OBSERVATIONS).index(o) for o in observations]
        for method in methods:
            maps, _ = compute_maps(random_model, batch, targets, method)
            for j, observation in enumerate(observations):
                saliency = maps[0, j].numpy()
                mask = load_mask(group["mask"].iloc[j], saliency.shape)
                rows.append(
                    {
                        "method": method.value,
                        "observation": observation,
                        "hit": pointing_hit(saliency, mask),
                        "energy": energy_inside(saliency, mask),
                        "chance": mask_fraction(mask),
                    }
                )
    return pd.DataFrame(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=400, help="synthetic images")
    parser.add_argument("--size", type=int, default=64, help="image side, pixels")
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--width", type=float, default=0.125, help="VGG16 channel scale")
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sanity-images", type=int, default=16)
    parser.add_argument("--workdir", type=Path, help="keep the data, run and maps here")
    args = parser.parse_args()
    torch.set_num_threads(2)

    with tempfile.TemporaryDirectory() as tmp:
        work = args.workdir or Path(tmp)
        started = time.perf_counter()
        synth = work / "synth"
        generate(synth, n=args.n, size=args.size, seed=args.seed, error_rate=0.0, overwrite=True)
        table = synth_image_table(synth, synth / "stated.csv", seed=args.seed)
        result = train(table, train_config(args), work / "run")
        trained = time.perf_counter()

        valid = table[table["split"] == "valid"]
        with_masks = [
            p for p in valid["path"]
            if any((synth / "masks" / slug(o) / Path(p).name).is_file() for o in DRAWN)
        ]  # fmt: skip
        methods = list(Method)
        options = SaliencyOptions(
            methods=methods,
            observations=list(DRAWN),
            batch_size=16,
            device="cpu",
            top=8,
            sanity_images=args.sanity_images,
            masks=synth / "masks",
            seed=args.seed,
        )
        inputs = SaliencyInputs(work / "run", [Path(p) for p in with_masks])
        outcome = run_saliency(inputs, work / "maps", options)
        mapped = time.perf_counter()
        index = pd.read_csv(work / "maps" / "index.csv")
        reference = randomized_reference(work / "run", index, methods)

    aurocs = {s.observation: s.auroc for s in result.scores.scores}
    console.print(
        f"synthetic: {args.n} images at {args.size} px; VGG16 width {args.width}, "
        f"{args.epochs} epochs; held-out images scored: {outcome.images}; "
        f"train {trained - started:.0f} s, maps {mapped - trained:.0f} s",
        highlight=False,
    )
    table_out = Table(title="Localisation on held-out images (findings present: mask exists)")
    for column in ("method", "maps", "hit rate", "hit (random weights)", "energy in mask",
                   "energy (random weights)", "chance"):  # fmt: skip
        table_out.add_column(column, justify="left" if column == "method" else "right")
    overall = outcome.validity[outcome.validity["observation"] == "(all)"]
    for row in overall.itertuples():
        ref = reference[reference["method"] == row.method]
        table_out.add_row(
            row.method, str(row.maps), f"{row.hit_rate:.3f}", f"{ref['hit'].mean():.3f}",
            f"{row.energy_inside:.3f}", f"{ref['energy'].mean():.3f}", f"{row.chance:.3f}",
        )  # fmt: skip
    console.print(table_out)

    per_obs = Table(title="Hit rate / energy in mask per observation (trained model)")
    per_obs.add_column("observation")
    per_obs.add_column("valid AUROC", justify="right")
    per_obs.add_column("maps", justify="right")
    for method in methods:
        per_obs.add_column(method.value, justify="right")
    per_obs.add_column("chance", justify="right")
    validity = outcome.validity.set_index(["method", "observation"])
    for observation in DRAWN:
        if ("gradient", observation) not in validity.index:
            continue
        cells = [
            f"{validity.loc[(m.value, observation), 'hit_rate']:.2f} / "
            f"{validity.loc[(m.value, observation), 'energy_inside']:.2f}"
            for m in methods
        ]
        first = validity.loc[("gradient", observation)]
        per_obs.add_row(
            observation, f"{aurocs.get(observation, float('nan')):.3f}", str(int(first["maps"])),
            *cells, f"{first['chance']:.2f}",
        )  # fmt: skip
    console.print(per_obs)

    sanity = Table(title="Model-randomisation check: Spearman rho, trained vs random weights")
    for column in ("method", "maps", "mean rho", "median rho", "verdict"):
        sanity.add_column(column)
    for s in outcome.sanity:
        sanity.add_row(
            s.method, str(s.pairs), f"{s.mean_rho:.3f}", f"{s.median_rho:.3f}", s.verdict
        )
    console.print(sanity)


if __name__ == "__main__":
    main()

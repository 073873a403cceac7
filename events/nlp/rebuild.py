"""Rebuild the packaged parsing pipeline ``events/nlp/en_eventline`` from the open treebanks.

    OMP_NUM_THREADS=1 nice python events/nlp/rebuild.py [--treebanks ../shared/treebanks]
                                                        [--work DIR] [--max-steps N]

Steps (each prints what it does; about 25-35 minutes on one core):

1. convert UD English-EWT train/dev/test and all GUM documents (``gum/*.conllu``) from CoNLL-U
   to spaCy's binary format (``spacy convert``, 10 sentences a document);
2. train ``events/nlp/config.cfg`` (tok2vec, tagger on the PTB tags, dependency parser; spaCy's
   default CPU "efficiency" config, no pretrained vectors) on EWT train + GUM, choosing the
   best step on EWT dev;
3. score the best pipeline on the EWT test set (``spacy evaluate``) and write the scores to
   ``events/nlp/scores.json``;
4. copy the best pipeline to ``events/nlp/en_eventline`` (what ``events/parse.py`` loads).

Nothing is downloaded. Not run by CI. The pipeline carries the treebanks' licence
(CC BY-SA 4.0, see ``events/nlp/MODEL_LICENSE.md``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TREEBANKS = ROOT.parent / "shared" / "treebanks"
TARGET = HERE / "en_eventline"


def run(cmd: list[str]) -> None:
    print("$", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)


def convert(treebanks: Path, work: Path) -> dict[str, Path]:
    """The .spacy files: train (EWT train + GUM), dev (EWT dev), test (EWT test)."""
    ewt = treebanks / "ud-english-ewt"
    out = {}
    conv = work / "conv"
    conv.mkdir(parents=True, exist_ok=True)
    for split in ("train", "dev", "test"):
        src = ewt / f"en_ewt-ud-{split}.conllu"
        if not src.is_file():
            sys.exit(f"missing {src}: see ../shared/treebanks/README.md")
        run([sys.executable, "-m", "spacy", "convert", str(src), str(conv), "-c", "conllu",
             "-n", "10"])
        out[split] = conv / f"en_ewt-ud-{split}.spacy"
    gum_dir = work / "gum"
    gum_dir.mkdir(exist_ok=True)
    gum = sorted((treebanks / "gum").glob("*.conllu"))
    with open(gum_dir / "gum.conllu", "w", encoding="utf-8") as fh:
        for f in gum:
            fh.write(f.read_text(encoding="utf-8").rstrip("\n") + "\n\n")
    run([sys.executable, "-m", "spacy", "convert", str(gum_dir / "gum.conllu"), str(conv),
         "-c", "conllu", "-n", "10"])
    train = work / "train"
    train.mkdir(exist_ok=True)
    shutil.copy(out["train"], train / "ewt.spacy")
    shutil.copy(conv / "gum.spacy", train / "gum.spacy")
    out["train"] = train  # spaCy's corpus reader takes every .spacy file of a folder
    return out


def stamp(target: Path) -> None:
    """Name, licence and sources in the pipeline's meta.json; no scratch paths in its config."""
    meta = json.loads((target / "meta.json").read_text())
    meta.update({
        "name": "eventline", "version": "0.1.0", "license": "CC BY-SA 4.0",
        "author": "eventline contributors",
        "description": "eventline's English tagger and dependency parser (UD relations), trained "
                       "on UD English-EWT train and GUM; see events/nlp/README.md",
        "sources": [
            {"name": "UD English-EWT", "license": "CC BY-SA 4.0",
             "url": "https://github.com/UniversalDependencies/UD_English-EWT"},
            {"name": "GUM (Georgetown University Multilayer corpus), reusable genres",
             "url": "https://github.com/amir-zeldes/gum",
             "license": "annotations CC BY 4.0; texts CC BY 4.0, CC BY 2.5, CC BY-SA 3.0"}]})
    (target / "meta.json").write_text(json.dumps(meta, indent=2))
    cfg = (target / "config.cfg").read_text()
    cfg = re.sub(r'^(train|dev) = ".*"$', r"\1 = null", cfg, flags=re.M)
    (target / "config.cfg").write_text(cfg)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--treebanks", type=Path, default=TREEBANKS)
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temp dir)")
    parser.add_argument("--max-steps", type=int, default=None, help="override training.max_steps")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="eventline-nlp-"))
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    data = convert(args.treebanks, work)
    cmd = [sys.executable, "-m", "spacy", "train", str(HERE / "config.cfg"),
           "--output", str(work / "model"), "--paths.train", str(data["train"]),
           "--paths.dev", str(data["dev"])]
    if args.max_steps:
        cmd += ["--training.max_steps", str(args.max_steps)]
    run(cmd)
    best = work / "model" / "model-best"
    run([sys.executable, "-m", "spacy", "evaluate", str(best), str(data["test"]),
         "--output", str(work / "test_scores.json")])
    scores = json.loads((work / "test_scores.json").read_text())
    kept = {k: round(v * 100, 2) if isinstance(v, float) and k != "speed" else v
            for k, v in scores.items() if k in ("tag_acc", "dep_uas", "dep_las", "speed")}
    kept["test_set"] = "UD English-EWT test (2,077 sentences)"
    (HERE / "scores.json").write_text(json.dumps(kept, indent=2) + "\n")
    if TARGET.exists():
        shutil.rmtree(TARGET)
    shutil.copytree(best, TARGET)
    stamp(TARGET)
    print(json.dumps(kept))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Carnet benchmark: pages per second of the carnet de bord, against plain reportlab.

Run from the project root:

    .venv/bin/python tests/benchmarks/bench_carnet.py [--scales 10,100] [--runs 5]

For each scale it writes `demo --scale N` to a temporary folder, reads it into an
`EventSnapshot` once, then times, interleaved:

* **baseline**: the carnet's texts (sessions' titles, rooms and questions; organisations'
  names and presentations; listed contacts' names, roles and e-mails), each escaped by
  `styles.text()` into a plain `Paragraph` of the body style, laid out once by a
  `SimpleDocTemplate` on A4 with the same embedded font: what reportlab alone costs;
* **carnet**: `build_carnet(snapshot, out, labels=...)`, the A4 carnet written atomically.

Each run starts after a garbage collection and counts how many times reportlab lays out a
document (`BaseDocTemplate.build`); the booklet (A5 pages imposed on A4 sheets) is timed
once per scale for information. It prints the median wall-clock and CPU seconds and the pages
of each; `carnet_pages_per_second` (pages over the median CPU seconds: what the work costs,
whatever else the shared machine runs) and `carnet_ratio` (the median of the pairs' CPU
ratios, against the baseline). Targets: the carnet laid out in ONE pass, at least 100 pages
per CPU second, and reportlab running its C accelerator (`rl_accel`) rather than its
pure-Python fallbacks. A line starting with FAIL says a target was missed, and the exit code
is then 1 (0 otherwise).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reportlab.platypus import BaseDocTemplate  # noqa: E402

from facilitator_app.core.snapshot import EventSnapshot  # noqa: E402
from facilitator_app.printing.carnet import CarnetLabels, build_carnet  # noqa: E402
from facilitator_app.store import open_event  # noqa: E402

TARGET_PAGES_PER_SECOND = 100
TARGET_PASSES = 1

layouts = [0]  # BaseDocTemplate.build calls since the last reset
_build = BaseDocTemplate.build


def _counted_build(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
    layouts[0] += 1
    return _build(self, *args, **kwargs)


BaseDocTemplate.build = _counted_build


def plain(snapshot: EventSnapshot, out: Path) -> int:
    """The baseline: the carnet's texts as plain Paragraphs, nothing else."""
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from facilitator_app.printing.styles import FONT, styles, text

    body = styles()["body"]
    texts = [
        value for s in snapshot.sessions for value in (s.start, s.end, s.title, s.room, s.question)
    ]
    texts += [
        value
        for o in snapshot.organisations
        for value in (o.name, o.type, o.place, o.presentation, o.website)
    ]
    texts += [value for p in snapshot.listed_participants() for value in (p.name, p.role, p.email)]
    story = [Paragraph(text(value), body) for value in texts if value]
    document = SimpleDocTemplate(str(out), initialFontName=FONT)
    document.build(story)
    return document.page


def timed(call) -> tuple[float, float, int, int]:  # noqa: ANN001
    """Wall-clock and CPU seconds of `call()`, its pages and its layout passes."""
    gc.collect()
    layouts[0] = 0
    wall, cpu = time.perf_counter(), time.process_time()
    pages = call()
    return time.perf_counter() - wall, time.process_time() - cpu, pages, layouts[0]


def accelerated() -> list[str]:
    """The reportlab functions running in pure Python because `_rl_accel` is missing."""
    from reportlab.lib import rl_accel

    return sorted(rl_accel._py_funcs)


def measure(scale: int, runs: int, folder: Path) -> list[str]:
    """Time one scale; returns the FAIL lines."""
    event = folder / f"demo-{scale}.recolte"
    command = [sys.executable, "-m", "facilitator_app", "demo", str(event), "--scale", str(scale)]
    subprocess.run(command, check=True, capture_output=True)
    with open_event(event, readonly=True) as store:
        snapshot = EventSnapshot.from_records(store.snapshot())
    labels = CarnetLabels.translated("fr")
    print(
        f"demo --scale {scale}: {len(snapshot.sessions)} sessions, "
        f"{len(snapshot.organisations)} organisations, "
        f"{len(snapshot.listed_participants())} listed contacts"
    )

    def baseline() -> int:
        return plain(snapshot, folder / "plain.pdf")

    def carnet() -> int:
        return build_carnet(snapshot, folder / "carnet.pdf", labels=labels)

    def booklet() -> int:
        return build_carnet(snapshot, folder / "livret.pdf", labels=labels, booklet=True)

    baseline(), carnet()  # warm: fonts parsed, modules imported
    wall: dict[str, list[float]] = {"baseline": [], "carnet": []}
    cpu: dict[str, list[float]] = {"baseline": [], "carnet": []}
    pages: dict[str, int] = {}
    passes: list[int] = []
    for _ in range(runs):
        for name, call in (("baseline", baseline), ("carnet", carnet)):
            seconds, processor, pages[name], built = timed(call)
            wall[name].append(seconds)
            cpu[name].append(processor)
            if name == "carnet":
                passes.append(built)
    for name in ("baseline", "carnet"):
        print(
            f"  {name:>8}: wall median {statistics.median(wall[name]):.3f} s "
            f"(min {min(wall[name]):.3f}), CPU median {statistics.median(cpu[name]):.3f} s "
            f"(min {min(cpu[name]):.3f}), {pages[name]} pages ({runs} runs)"
        )
    b_wall, b_cpu, sides, b_passes = timed(booklet)
    print(
        f"   booklet: wall {b_wall:.3f} s, CPU {b_cpu:.3f} s, {2 * sides} A5 pages on "
        f"{sides} sheet sides, {b_passes} layouts (the contacts counted alone, then the whole)"
    )
    pairs = [c / b for b, c in zip(cpu["baseline"], cpu["carnet"], strict=True)]
    print("  per-pair CPU ratios: " + " ".join(f"{r:.2f}" for r in pairs))
    speed = pages["carnet"] / statistics.median(cpu["carnet"])
    wall_speed = pages["carnet"] / statistics.median(wall["carnet"])
    plain_speed = pages["baseline"] / statistics.median(cpu["baseline"])
    print(f"  carnet_ratio={statistics.median(pairs):.2f}")
    print(
        f"  carnet_pages_per_second={speed:.0f} per CPU second ({wall_speed:.0f} per wall-clock "
        f"second; baseline {plain_speed:.0f})  (target >= {TARGET_PAGES_PER_SECOND})"
    )
    print(f"  carnet_layouts={max(passes)}  (target {TARGET_PASSES})")
    failed = []
    if speed < TARGET_PAGES_PER_SECOND:
        failed.append(
            f"FAIL: scale {scale}: the carnet runs at {speed:.0f} pages per CPU second "
            f"(target {TARGET_PAGES_PER_SECOND})"
        )
    if max(passes) > TARGET_PASSES:
        failed.append(f"FAIL: scale {scale}: the carnet was laid out {max(passes)} times")
    return failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="10,100", help="demo sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    failed = []
    slow = accelerated()
    print("rl_accel: " + ("missing for " + ", ".join(slow) if slow else "in use"))
    if slow:
        failed.append("FAIL: reportlab runs its pure-Python fallbacks (pip install rl_accel)")
    with tempfile.TemporaryDirectory(prefix="bench-carnet-") as folder:
        for scale in (int(s) for s in args.scales.split(",")):
            failed += measure(scale, args.runs, Path(folder))
    for line in failed:
        print(line)
    if failed:
        return 1
    print("OK: every target met")
    return 0


if __name__ == "__main__":
    sys.exit(main())

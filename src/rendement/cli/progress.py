"""A progress bar for long simulations, shown only when a run will take more than a second."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from rendement.usecases.analysis import simulate_structure as simulate

if TYPE_CHECKING:
    from rendement.engine import Structure
    from rendement.engine.simulate import Simulation

SHOW_AFTER_SECONDS = 1.0


def simulate_with_progress(
    structure: Structure, draws: int, seed: int, *, quiet: bool
) -> Simulation:
    if quiet:
        return simulate(structure, draws, seed)
    from rich.console import Console
    from rich.progress import Progress

    started = time.perf_counter()
    done = 0
    bar: Progress | None = None
    task = None

    def advance(k: int) -> None:
        nonlocal done, bar, task
        done += k
        if bar is None:
            elapsed = time.perf_counter() - started
            if elapsed * draws / done > SHOW_AFTER_SECONDS and done < draws:
                bar = Progress(console=Console(stderr=True), transient=True)
                bar.start()
                task = bar.add_task("simulating", total=draws, completed=done)
        elif task is not None:
            bar.update(task, completed=done)

    try:
        return simulate(structure, draws, seed, progress=advance)
    finally:
        if bar is not None:
            bar.stop()

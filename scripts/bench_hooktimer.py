"""scripts/bench_hooktimer.py – one `mkdocs build` with the time of every plugin and hook event.

Runs the build in this process exactly as `mkdocs build` does, with MkDocs' event dispatcher
(``PluginCollection.run_event``) replaced by one that times each event handler. The time is
exclusive: static-i18n builds English from inside its own ``on_post_build``, so a handler's
time excludes the handlers that run inside it. Loading each hook module (with the libraries
it imports first) is timed too, as the event ``import``. Writes JSON to --json:

    {"total": {"cpu": s, "wall": s},
     "events": {"hooks/links.py": {"post_page": {"cpu": s, "wall": s, "calls": n}, …}, …}}

Used by scripts/bench.py for the per-hook overhead (hooks are plugins named by their path
in mkdocs.yml, e.g. ``hooks/links.py``). Usable alone:

    .venv/bin/python scripts/bench_hooktimer.py -f /tmp/copy/mkdocs.yml -d /tmp/site --json t.json
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections import defaultdict

from mkdocs.commands import build as mkdocs_build
from mkdocs.config import config_options, load_config
from mkdocs.plugins import PluginCollection


class EventTimer:
    """Exclusive CPU and wall time per (plugin, event), nested calls subtracted."""

    def __init__(self) -> None:
        self.totals = defaultdict(
            lambda: defaultdict(lambda: {"cpu": 0.0, "wall": 0.0, "calls": 0})
        )
        self._stack: list[list[float]] = []  # [cpu of nested calls, wall of nested calls]

    def call(self, plugin: str, event: str, method, *args, **kwargs):
        self._stack.append([0.0, 0.0])
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            nested_cpu, nested_wall = self._stack.pop()
            entry = self.totals[plugin][event]
            entry["cpu"] += cpu - nested_cpu
            entry["wall"] += wall - nested_wall
            entry["calls"] += 1
            if self._stack:
                self._stack[-1][0] += cpu
                self._stack[-1][1] += wall

    def as_dict(self) -> dict:
        return {plugin: dict(events) for plugin, events in self.totals.items()}


def install(timer: EventTimer) -> None:
    """Replace PluginCollection.run_event with a timed copy of MkDocs 1.6's own loop."""

    def run_event(self, name, item=None, **kwargs):
        pass_item = item is not None
        for method in self.events[name]:
            plugin = self._event_origins.get(method, "<unknown>")
            self._current_plugin = plugin
            if pass_item:
                result = timer.call(plugin, name, method, item, **kwargs)
            else:
                result = timer.call(plugin, name, method, **kwargs)
            if result is not None:
                item = result
        self._current_plugin = None
        return item

    PluginCollection.run_event = run_event

    load_hook = config_options.Hooks._load_hook

    def timed_load_hook(self, name, path):
        """Loading a hook module (its imports included) counts as its ``import`` event."""
        return timer.call(name, "import", load_hook, self, name, path)

    config_options.Hooks._load_hook = timed_load_hook


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-f", "--config-file", required=True)
    parser.add_argument("-d", "--site-dir", required=True)
    parser.add_argument("--json", required=True, help="where to write the timings")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    timer = EventTimer()
    install(timer)
    cpu, wall = time.process_time(), time.perf_counter()
    config = load_config(config_file=args.config_file, site_dir=args.site_dir, strict=False)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build.build(config, dirty=False)
    finally:
        config.plugins.on_shutdown()
    result = {
        "total": {"cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall},
        "events": timer.as_dict(),
    }
    with open(args.json, "w", encoding="utf-8") as out:
        json.dump(result, out, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Presentation helpers: the scaling tab of the notebook widget and logs() in dask's Logs form."""

from __future__ import annotations

import html
from typing import Any

from distributed.utils import Log, Logs


def scaling_status_html(adaptive: tuple[int, int | None] | None, workers: int, app_id: str) -> str:
    if adaptive is None:
        mode = "Manual"
    else:
        mode = f"Adaptive in the ApplicationMaster ({adaptive[0]} to {'∞' if adaptive[1] is None else adaptive[1]})"
    return f"""
        <table>
            <tr><td style="text-align: left;">YARN application: {html.escape(app_id)}</td></tr>
            <tr><td style="text-align: left;">Scaling mode: {html.escape(mode)}</td></tr>
            <tr><td style="text-align: left;">Workers: {workers}</td></tr>
        </table>
        """


def logs_by_instance(files: list[dict[str, Any]]) -> Logs:
    """The CLI's logs --json (one entry per container file) → {instance: Log(all its files)}."""
    out: dict[str, list[str]] = {}
    for f in files:
        out.setdefault(f["instance"], []).append(f"==> {f['containerId']} {f['file']} <==\n{f['text']}")
    return Logs({k: Log("\n".join(v)) for k, v in out.items()})

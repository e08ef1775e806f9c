"""The Markdown tables ``run.py`` prints from its results."""

from __future__ import annotations


def table(runs: list[dict]) -> str:
    lines = [
        "| db | N | server | case | req/s | p50 ms | p99 ms | bytes "
        "| ceiling req/s | app/ceiling |",
        "| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for run in runs:
        for served in run["servers"]:
            for name, r in served["cases"].items():
                lines.append(
                    f"| {run['backend']} | {run['comments']:,} | {served['server']} "
                    f"| {name} | {r['rps']:.0f} | {r['p50_ms']:.1f} | "
                    f"{r['p99_ms']:.1f} | {r['bytes']:,} | {r['ceiling_rps']:.0f} "
                    f"| {r['ratio']:.2f} |"
                )
    lines += [
        "",
        "| db | N | server | logged-in/anonymous | RSS MB per worker | after "
        "distinct URLs |",
        "| --- | ---: | --- | ---: | --- | --- |",
    ]
    for run in runs:
        for served in run["servers"]:
            lines.append(
                f"| {run['backend']} | {run['comments']:,} | {served['server']} | "
                f"{served['logged_in_vs_anonymous']:.2f} | {served['rss_mb']} | "
                f"{served['rss_mb_after_urls']} ({served['urls']:,} URLs) |"
            )
    lines += [
        "",
        "| db | N | seed s | server | posts sent | accepted | stored "
        "| duplicates | ok |",
        "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for run in runs:
        for served in run["servers"]:
            p = served["posts"]
            lines.append(
                f"| {run['backend']} | {run['comments']:,} | {run['seed_seconds']} "
                f"| {served['server']} | {p['sent']} | {p['accepted']} | "
                f"{p['stored']} | {p['duplicates']} | {p['ok']} |"
            )
    return "\n".join(lines)

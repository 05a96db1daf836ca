"""Load test of `POST /v1/ask` in extractive mode: N concurrent users for a while, latency percentiles and errors.

    python bench/load.py                          # 50 users, 120 s, starts `advisor serve --workers 2`
    python bench/load.py --users 10 --duration 10 --url http://127.0.0.1:8000

Each user is one asyncio task on its own keep-alive connection that asks, waits for the
answer, thinks (`--think` seconds on average, 0 by default) and asks again. Questions cycle through
evals/retrieval.jsonl. Any non-200 answer, timeout or connection error counts as an error.
A single-user run first measures the baseline the loaded latencies are compared with.
Without `--url` the script starts its own server with the rate limit lifted, since every
user comes from 127.0.0.1 and would otherwise share one per-IP budget.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import resource
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
QUESTIONS = [
    json.loads(line)["question"]
    for line in (REPO / "evals" / "retrieval.jsonl").open()
    if line.strip()
]


@dataclass
class LoadResult:
    """Latencies (seconds) of successful requests and the errors seen, by kind."""

    users: int
    duration_s: float
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    def percentile(self, p: float) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else float("nan")
        return statistics.quantiles(self.latencies, n=1000, method="inclusive")[round(p * 10) - 1]

    def summary(self) -> dict[str, float | int]:
        return {
            "users": self.users,
            "duration_s": round(self.duration_s, 1),
            "requests": len(self.latencies),
            "rps": round(len(self.latencies) / self.duration_s, 1),
            "errors": self.error_count,
            "p50_ms": round(self.percentile(50) * 1000, 1),
            "p95_ms": round(self.percentile(95) * 1000, 1),
            "p99_ms": round(self.percentile(99) * 1000, 1),
            "max_ms": round(max(self.latencies, default=float("nan")) * 1000, 1),
        }


async def _user(
    client: httpx.AsyncClient, n: int, stop_at: float, think_s: float, result: LoadResult
) -> None:
    # Think times vary (0.5x to 1.5x) and starts are spread, so users don't ask in lockstep waves.
    rng = random.Random(n)
    await asyncio.sleep(rng.uniform(0, think_s))
    i = n
    while time.monotonic() < stop_at:
        question = QUESTIONS[i % len(QUESTIONS)]
        i += 1
        began = time.perf_counter()
        try:
            response = await client.post("/v1/ask", json={"question": question})
            elapsed = time.perf_counter() - began
            kind = (
                None
                if response.status_code == 200 and response.json().get("answer")
                else f"http {response.status_code}"
            )
        except httpx.HTTPError as exc:
            kind = type(exc).__name__
        if kind is None:
            result.latencies.append(elapsed)
        else:
            result.errors[kind] = result.errors.get(kind, 0) + 1
        if think_s:
            await asyncio.sleep(rng.uniform(0.5, 1.5) * think_s)


async def run_load(
    url: str,
    *,
    users: int,
    duration_s: float,
    think_s: float = 0.0,
    timeout_s: float = 30.0,
    headers: dict[str, str] | None = None,
) -> LoadResult:
    """Drive `users` concurrent users against `url` for `duration_s` seconds."""
    result = LoadResult(users=users, duration_s=duration_s)
    # Each user gets its own client so it keeps one connection, as a browser tab would.
    clients = [
        httpx.AsyncClient(base_url=url, timeout=timeout_s, headers=headers) for _ in range(users)
    ]
    try:
        began = time.monotonic()
        stop_at = began + duration_s
        await asyncio.gather(
            *(_user(c, n, stop_at, think_s, result) for n, c in enumerate(clients))
        )
        result.duration_s = time.monotonic() - began
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))
    return result


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve(workers: int, data_dir: Path | None) -> Iterator[str]:
    """`advisor serve` on a free port with the rate limit lifted; yields its URL."""
    port = _free_port()
    env = {**os.environ, "ADVISOR_SERVER__RATE_LIMIT_PER_MINUTE": "100000000"}
    if data_dir is not None:
        env["ADVISOR_DATA_DIR"] = str(data_dir)
    env.pop("ADVISOR_LLM__MODEL", None)  # extractive mode: the load is the service's own work
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from advisor.cli import app; app()",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        cwd=REPO,
        env=env,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600  # the first run builds the index
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"advisor serve exited with {proc.returncode}")
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
            time.sleep(0.2)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def report(baseline: LoadResult, loaded: LoadResult, *, workers: int | None, think_s: float) -> str:
    """The results as a markdown section."""
    b, s = baseline.summary(), loaded.summary()
    rows = [("p50", "p50_ms"), ("p95", "p95_ms"), ("p99", "p99_ms"), ("max", "max_ms")]
    lines = [
        f"## `/v1/ask`, extractive mode: {loaded.users} users for {s['duration_s']} s",
        "",
        (
            f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}; "
            f"server workers: {workers if workers else 'external server'}; think time {think_s} s."
        ),
        "",
        "| latency | 1 user (baseline) | loaded | loaded / baseline |",
        "|---|---:|---:|---:|",
        *(f"| {name} | {b[key]} ms | {s[key]} ms | {s[key] / b[key]:.1f}x |" for name, key in rows),
        "",
        f"Requests: {s['requests']} ({s['rps']} per second), errors: {s['errors']} {loaded.errors or ''}".rstrip()
        + ".",
        f"Target: 0 errors and p99 < 1000 ms: **{'met' if s['errors'] == 0 and s['p99_ms'] < 1000 else 'missed'}**.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="Load this running server instead of starting one.")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=120.0, help="Seconds of load.")
    parser.add_argument(
        "--think", type=float, default=0.0, help="Seconds each user waits between requests."
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="Workers of the server this script starts."
    )
    parser.add_argument(
        "--data-dir", type=Path, help="Index and sessions of the server this script starts."
    )
    parser.add_argument(
        "--baseline", type=float, default=10.0, help="Seconds of the single-user baseline run."
    )
    parser.add_argument(
        "--api-key",
        default=os.environ.get("ADVISOR_API_KEY"),
        help="Bearer key, if the server needs one.",
    )
    parser.add_argument("--out", type=Path, help="Also write the markdown report to this file.")
    args = parser.parse_args()
    if args.users < 1 or args.duration <= 0:
        parser.error("--users must be at least 1 and --duration positive")
    headers = {"Authorization": f"Bearer {args.api_key}"} if args.api_key else None

    async def both(url: str) -> tuple[LoadResult, LoadResult]:
        await run_load(
            url, users=args.users, duration_s=3, headers=headers
        )  # warm every worker's caches
        baseline = await run_load(url, users=1, duration_s=args.baseline, headers=headers)
        print(f"baseline: {baseline.summary()}", file=sys.stderr)
        loaded = await run_load(
            url, users=args.users, duration_s=args.duration, think_s=args.think, headers=headers
        )
        return baseline, loaded

    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    if args.url:
        baseline, loaded = asyncio.run(both(args.url))
    else:
        with serve(args.workers, args.data_dir) as url:
            baseline, loaded = asyncio.run(both(url))
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    client_cpu_s = cpu.ru_utime + cpu.ru_stime - cpu_before.ru_utime - cpu_before.ru_stime
    text = report(baseline, loaded, workers=None if args.url else args.workers, think_s=args.think)
    # The client shares the machine with the server: say how much of it the client took.
    text += (
        f"Load client CPU: {client_cpu_s:.0f} s over the whole run (warm-up, baseline and load).\n"
    )
    print(text)
    print(json.dumps(loaded.summary()))
    if args.out:
        args.out.write_text(text)
    sys.exit(1 if loaded.error_count else 0)


if __name__ == "__main__":
    main()

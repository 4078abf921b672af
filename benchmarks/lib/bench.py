#!/usr/bin/env python3
"""Helpers for benchmarks/run (stdlib only).

Subcommands:
  free-port                        print a free loopback TCP port
  wait-banner LOG SECONDS          wait for the sandbox banner in LOG; print "port token hubspot pipedrive highlevel"
  emulator-port PID INTEGRATION    the loopback port of one sandbox emulator inside process PID
  capture-fixtures ...             save native emulator pages into benchmarks/fixtures
  hubspot-query FIXTURES           the query string unified-crm sends HubSpot for one deal
  wrk-parse FILE                   wrk --latency output -> JSON
  memory ...                       stream / page-walk a list while sampling the server's RSS
  startup ...                      time `serve` start -> 200 on /health
  report RAW_DIR OUT_JSON          assemble results, print the table, write latest.json
"""
import base64
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

SANDBOX_CREDENTIALS = {
    "hubspot": {"headers": {"Authorization": "Bearer pat-sandbox-hubspot"}, "probe": "/crm/v3/objects/deals?limit=1"},
    "pipedrive": {"headers": {}, "probe": "/api/v2/deals?limit=1&api_token=sandbox-pipedrive-token"},
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(port, path, headers=None, timeout=30):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def wait_banner(log, seconds):
    deadline = time.time() + float(seconds)
    while time.time() < deadline:
        try:
            text = open(log, encoding="utf-8", errors="replace").read()
        except FileNotFoundError:
            text = ""
        port = re.search(r"sandbox is running at http://[^:]+:(\d+)", text)
        token = re.search(r"API token:\s+(\S+)", text)
        accounts = dict(re.findall(r"(hubspot|pipedrive|highlevel)=([0-9a-f-]{36})", text))
        if port and token and len(accounts) == 3:
            print(port.group(1), token.group(1), accounts["hubspot"], accounts["pipedrive"], accounts["highlevel"])
            return
        time.sleep(0.05)
    sys.exit(f"no sandbox banner in {log} after {seconds}s:\n" + text[-3000:])


def listening_ports(pid):
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    ports = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = open(table).read().splitlines()[1:]
        except FileNotFoundError:
            continue
        for line in lines:
            parts = line.split()
            if parts[3] == "0A" and parts[9] in inodes:  # LISTEN
                ports.append(int(parts[1].split(":")[1], 16))
    return sorted(set(ports))


def emulator_port(pid, integration):
    """The sandbox's emulators listen on OS-chosen ports: probe each listening port of the process."""
    creds = SANDBOX_CREDENTIALS[integration]
    for port in listening_ports(int(pid)):
        try:
            status, _ = http_get(port, creds["probe"], creds["headers"], timeout=5)
        except OSError:
            continue
        if status == 200:
            return port
    sys.exit(f"no {integration} emulator found among the ports of process {pid}")


def capture_fixtures(server_port, token, hubspot_id, pipedrive_id, pid, out_dir):
    """Native pages exactly as unified-crm requests them (truto_response_format=raw passes the provider's
    body through untouched), plus the field-definition pages the mapper builds its custom-field catalog from."""
    auth = {"Authorization": f"Bearer {token}"}
    os.makedirs(out_dir, exist_ok=True)
    for name, account in (("hubspot", hubspot_id), ("pipedrive", pipedrive_id)):
        status, body = http_get(int(server_port), f"/unified/crm/opportunities?integrated_account_id={account}&limit=100&truto_response_format=raw", auth)
        assert status == 200, (name, status, body[:300])
        page = json.loads(body)
        count = len(page.get("results") or page.get("data") or [])
        assert count == 100, (name, count)
        open(os.path.join(out_dir, f"{name}-deals-page.json"), "wb").write(body)
        # unified-crm's own answer for the same page: bench_jsonata.py checks the JSONata output against it
        status, body = http_get(int(server_port), f"/unified/crm/opportunities?integrated_account_id={account}&limit=100", auth)
        assert status == 200, (name, status, body[:300])
        open(os.path.join(out_dir, f"{name}-unified-page.json"), "wb").write(body)
    hubspot = emulator_port(pid, "hubspot")
    status, body = http_get(hubspot, "/crm/v3/properties/deals", SANDBOX_CREDENTIALS["hubspot"]["headers"])
    assert status == 200, body[:300]
    open(os.path.join(out_dir, "hubspot-properties.json"), "wb").write(body)
    pipedrive = emulator_port(pid, "pipedrive")
    status, body = http_get(pipedrive, "/v1/dealFields?limit=500&api_token=sandbox-pipedrive-token")
    assert status == 200, body[:300]
    open(os.path.join(out_dir, "pipedrive-dealfields.json"), "wb").write(body)


def hubspot_query(fixtures):
    """Mirrors UnifiedService.fieldNames for HubSpot: mapped `properties.*` fields, then custom property names."""
    here = os.path.dirname(os.path.abspath(__file__))
    mapping = json.load(open(os.path.join(here, "..", "..", "mappings", "hubspot.json")))
    resource = mapping["resources"]["opportunities"]
    names = []
    for field in resource["fields"].values():
        parts = field["path"].split(".")
        if len(parts) >= 2 and parts[0] == "properties" and parts[1] not in names:
            names.append(parts[1])
    properties = json.load(open(os.path.join(fixtures, "hubspot-properties.json")))["results"]
    names += [p["name"] for p in properties if p.get("hubspotDefined") is not True]
    print(urllib.parse.urlencode({"properties": ",".join(names), "associations": "companies,contacts"}))


def to_ms(text):
    value = float(re.match(r"[\d.]+", text).group(0))
    unit = text[len(re.match(r"[\d.]+", text).group(0)):]
    return value * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk_parse(path):
    text = open(path).read()
    result = {"requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))}
    for pct, value in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", text, re.M):
        result[f"p{pct}_ms"] = round(to_ms(value), 4)
    requests = re.search(r"(\d+) requests in", text)
    result["requests"] = int(requests.group(1)) if requests else None
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    socket_errors = re.search(r"Socket errors: (.*)", text)
    result["non_2xx"] = int(errors.group(1)) if errors else 0
    result["socket_errors"] = socket_errors.group(1) if socket_errors else None
    return result


# ---------------------------------------------------------------- memory

class RSSSampler(threading.Thread):
    def __init__(self, pid, interval=0.02):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.samples = []  # (seconds, rss_kb, progress)
        self.progress = 0
        self.stop = threading.Event()
        self.t0 = time.time()

    @staticmethod
    def status(pid, key):
        for line in open(f"/proc/{pid}/status"):
            if line.startswith(key + ":"):
                return int(line.split()[1])
        return None

    def run(self):
        while not self.stop.is_set():
            self.samples.append((round(time.time() - self.t0, 3), self.status(self.pid, "VmRSS"), self.progress))
            time.sleep(self.interval)


def memory(server_port, token, account, pid, mode, expected):
    pid, server_port = int(pid), int(server_port)
    auth = {"Authorization": f"Bearer {token}"}
    rss_idle = RSSSampler.status(pid, "VmRSS")
    sampler = RSSSampler(pid)
    sampler.start()
    t0 = time.time()
    records = 0
    pages = 0
    conn = http.client.HTTPConnection("127.0.0.1", server_port, timeout=600)
    if mode == "stream":
        conn.request("GET", f"/unified/crm/opportunities?integrated_account_id={account}&truto_response_format=stream", headers=auth)
        response = conn.getresponse()
        assert response.status == 200, (response.status, response.read(500))
        while True:
            chunk = response.read1(1 << 16)
            if not chunk:
                break
            records += chunk.count(b"\n")
            sampler.progress = records
        pages = None
    else:
        cursor = None
        while True:
            path = f"/unified/crm/opportunities?integrated_account_id={account}&limit=100"
            if cursor:
                path += "&next_cursor=" + urllib.parse.quote(cursor)
            conn.request("GET", path, headers=auth)
            response = conn.getresponse()
            body = response.read()
            assert response.status == 200, (response.status, body[:500])
            page = json.loads(body)
            records += len(page["result"])
            pages += 1
            sampler.progress = records
            cursor = page.get("next_cursor")
            if not cursor or not page["result"]:
                break
    seconds = time.time() - t0
    sampler.stop.set()
    sampler.join()
    conn.close()
    rss = [s[1] for s in sampler.samples if s[1]]
    n = len(rss)
    early = max(rss[: max(1, n // 4)])
    late = max(rss[n // 2:]) if n >= 2 else rss[-1]
    result = {
        "mode": mode, "records": records, "pages": pages, "seconds": round(seconds, 2),
        "records_per_second": round(records / seconds),
        "rss_idle_mb": round(rss_idle / 1024, 1),
        "rss_peak_mb": round(max(rss) / 1024, 1),
        "vm_hwm_mb": round(RSSSampler.status(pid, "VmHWM") / 1024, 1),
        "rss_first_quarter_peak_mb": round(early / 1024, 1),
        "rss_second_half_peak_mb": round(late / 1024, 1),
        "rss_growth_mb": round((late - early) / 1024, 1),
        "samples": len(rss),
        # every ~5% of the run: [seconds, rss MB, records so far]
        "trace": [[s[0], round(s[1] / 1024, 1), s[2]] for s in sampler.samples[:: max(1, n // 20)]],
    }
    if records != int(expected):
        result["error"] = f"expected {expected} records, got {records}"
    print(json.dumps(result))


# ---------------------------------------------------------------- startup

def startup(binary, mappings, runs, workdir):
    env = dict(os.environ)
    env["UNIFIED_CRM_API_TOKEN"] = "bench-" + base64.b16encode(os.urandom(8)).decode().lower()
    env["UNIFIED_CRM_ENCRYPTION_KEY"] = base64.b64encode(os.urandom(32)).decode()
    env["LOG_LEVEL"] = "warning"
    times = []
    for i in range(int(runs)):
        port = free_port()
        database = os.path.join(workdir, f"startup-{i}.sqlite")
        cmd = [binary, "serve", "--port", str(port), "--mappings", mappings, "--database", database]
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=open(os.path.join(workdir, f"startup-{i}.log"), "w"))
        elapsed = None
        while time.perf_counter() - t0 < 60:
            if proc.poll() is not None:
                sys.exit(f"serve exited with {proc.returncode}; see {workdir}/startup-{i}.log")
            try:
                status, _ = http_get(port, "/health", timeout=2)
                if status == 200:
                    elapsed = time.perf_counter() - t0
                    break
            except OSError:
                pass
            time.sleep(0.002)
        proc.terminate()
        proc.wait(timeout=20)
        if elapsed is None:
            sys.exit("serve did not answer /health within 60 s")
        times.append(elapsed * 1000)
    files = [f for f in os.listdir(mappings) if f.endswith(".json") and f != "schema.json"]
    print(json.dumps({
        "mapping_files": len(files), "runs": len(times),
        "median_ms": round(statistics.median(times), 1), "min_ms": round(min(times), 1), "max_ms": round(max(times), 1),
        "all_ms": [round(t, 1) for t in times],
    }))


# ---------------------------------------------------------------- report

def load(path):
    try:
        return json.load(open(path))
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def jmh_results(raw):
    """records/s (p50 of the throughput metric x 100 records) and mallocs per page from the JMH export."""
    out = {}
    for name in sorted(os.listdir(raw)):
        if not name.endswith(".jmh.json") and not name.endswith(".jmh"):
            continue
        for element in load(os.path.join(raw, name)) or []:
            bench = element["benchmark"].split(".")[-1].replace("_", " ")
            throughput = element["primaryMetric"]["scorePercentiles"]["50.0"]
            secondary = element.get("secondaryMetrics", {})
            mallocs = next((m for k, m in secondary.items() if "alloc" in k.lower() and "total" in k.lower()), None)
            wall = next((m for k, m in secondary.items() if "wall" in k.lower()), None)
            out[bench] = {
                "pages_per_second": throughput,
                "records_per_second": round(throughput * 100),
                "mallocs_per_page": mallocs["scorePercentiles"]["50.0"] if mallocs else None,
                "wall_clock_p50_us": wall["scorePercentiles"]["50.0"] if wall else None,
                "iterations": element.get("measurementIterations"),
            }
    return out


def ratio(a, b, digits=2):
    return round(a / b, digits) if a is not None and b else None


def report(raw, out_path, quick):
    quick = quick == "1"
    meta = load(os.path.join(raw, "meta.json")) or {}
    result = {"generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "quick": quick, **meta}
    lines = []
    checks = []

    def check(name, met, detail):
        checks.append({"target": name, "met": met, "detail": detail})

    # 1. proxy overhead
    proxy = {}
    for name in sorted(os.listdir(raw)):
        m = re.match(r"wrk-(direct|nginx|unified)-c(\d+)\.txt$", name)
        if m:
            proxy.setdefault(int(m.group(2)), {})[m.group(1)] = wrk_parse(os.path.join(raw, name))
    result["proxy"] = {}
    if proxy:
        lines.append("1. Proxy overhead: GET one HubSpot deal (wrk, 1 thread; latency in ms)")
        lines.append(f"   {'conns':>5}  {'target':<26} {'req/s':>9} {'p50':>8} {'p99':>8}")
        for conns in sorted(proxy):
            runs = proxy[conns]
            for key, label in (("direct", "a direct to emulator"), ("nginx", "b nginx proxy_pass"), ("unified", "c unified-crm")):
                if key in runs:
                    r = runs[key]
                    lines.append(f"   {conns:>5}  {label:<26} {r['requests_per_second']:>9.0f} {r.get('p50_ms', 0):>8.3f} {r.get('p99_ms', 0):>8.3f}")
            d, n, u = runs.get("direct"), runs.get("nginx"), runs.get("unified")
            derived = {}
            if d and n and u:
                derived = {
                    "throughput_c_over_b": ratio(u["requests_per_second"], n["requests_per_second"]),
                    "added_p50_ms_c_minus_a": round(u["p50_ms"] - d["p50_ms"], 3),
                    "added_p99_ms_c_minus_a": round(u["p99_ms"] - d["p99_ms"], 3),
                    "nginx_added_p50_ms_b_minus_a": round(n["p50_ms"] - d["p50_ms"], 3),
                    "nginx_added_p99_ms_b_minus_a": round(n["p99_ms"] - d["p99_ms"], 3),
                }
                lines.append(f"   {'':>5}  c/b throughput {derived['throughput_c_over_b']}x;  c-a added p50 {derived['added_p50_ms_c_minus_a']} ms, p99 {derived['added_p99_ms_c_minus_a']} ms"
                             f"  (nginx b-a: p50 {derived['nginx_added_p50_ms_b_minus_a']}, p99 {derived['nginx_added_p99_ms_b_minus_a']})")
                bad = [r for r in (d, n, u) if r["non_2xx"] or r["socket_errors"]]
                if bad:
                    derived["errors"] = "non-2xx responses or socket errors in a run; see raw wrk output"
                check(f"added p50 <= 0.3 ms (c={conns})", derived["added_p50_ms_c_minus_a"] <= 0.3, derived["added_p50_ms_c_minus_a"])
                check(f"added p99 <= 2 ms (c={conns})", derived["added_p99_ms_c_minus_a"] <= 2.0, derived["added_p99_ms_c_minus_a"])
                check(f"throughput >= 0.8x nginx (c={conns})", derived["throughput_c_over_b"] >= 0.8, derived["throughput_c_over_b"])
            result["proxy"][f"c{conns}"] = {**runs, **derived}
        lines.append("")

    # 2. mapping speed
    swift = jmh_results(raw)
    jsonata = load(os.path.join(raw, "jsonata.json")) or {}
    result["mapping"] = {"swift": swift, "jsonata": jsonata}
    if swift or jsonata:
        lines.append("2. Mapping one 100-record list page (records/s; mallocs per page)")
        lines.append(f"   {'provider':<10} {'engine':<36} {'records/s':>11} {'mallocs':>9}")
        for provider in ("hubspot", "pipedrive"):
            mapper = swift.get(f"{provider} mapper")
            plain = swift.get(f"{provider} JSONSerialization decode+encode")
            rows = [("unified-crm mapper (parse+map+write)", mapper), ("JSONSerialization decode+encode", plain)]
            for engine in ("jsonatapy", "jsonata-python"):
                j = (jsonata.get(provider) or {}).get(engine)
                rows.append((f"JSONata: {engine}", {"records_per_second": j["records_per_second"], "mallocs_per_page": None} if j and "records_per_second" in j else None))
            for label, r in rows:
                if r:
                    m = r.get("mallocs_per_page")
                    lines.append(f"   {provider:<10} {label:<36} {r['records_per_second']:>11,} {m if m is not None else '-':>9}")
            derived = {}
            if mapper and plain:
                # "mapper vs plain": how many times slower than a bare decode+encode (target <= 2x)
                derived["mapper_time_vs_plain_decode_encode"] = ratio(plain["records_per_second"], mapper["records_per_second"])
                check(f"{provider}: mapper <= 2x plain decode+encode time", derived["mapper_time_vs_plain_decode_encode"] <= 2.0, derived["mapper_time_vs_plain_decode_encode"])
            for engine in ("jsonatapy", "jsonata-python"):
                j = (jsonata.get(provider) or {}).get(engine)
                if mapper and j and j.get("records_per_second"):
                    derived[f"mapper_speedup_vs_{engine}"] = ratio(mapper["records_per_second"], j["records_per_second"], 1)
            if "mapper_speedup_vs_jsonatapy" in derived:
                check(f"{provider}: mapper >= 10x jsonatapy", derived["mapper_speedup_vs_jsonatapy"] >= 10, derived["mapper_speedup_vs_jsonatapy"])
            if derived:
                lines.append(f"   {provider:<10} mapper time / plain decode+encode time: {derived.get('mapper_time_vs_plain_decode_encode')}x;"
                             f" mapper speed-up vs jsonatapy {derived.get('mapper_speedup_vs_jsonatapy')}x, vs jsonata-python {derived.get('mapper_speedup_vs_jsonata-python')}x")
            result["mapping"][f"{provider}_ratios"] = derived
        lines.append("")

    # 3. memory
    mem = {m: load(os.path.join(raw, f"memory-{m}.json")) for m in ("stream", "pages")}
    result["memory"] = mem
    if any(mem.values()):
        lines.append("3. Memory: listing every HubSpot deal through unified-crm (server process RSS)")
        lines.append(f"   {'mode':<30} {'records':>8} {'seconds':>8} {'rec/s':>8} {'idle MB':>8} {'peak MB':>8} {'growth MB':>9}")
        for mode, label in (("stream", "truto_response_format=stream"), ("pages", "pages via next_cursor (100)")):
            r = mem[mode]
            if r:
                lines.append(f"   {label:<30} {r['records']:>8} {r['seconds']:>8} {r['records_per_second']:>8} {r['rss_idle_mb']:>8} {r['rss_peak_mb']:>8} {r['rss_growth_mb']:>9}")
                if r.get("error"):
                    lines.append(f"   !! {r['error']}")
        if mem["stream"]:
            check("streaming peak RSS < 64 MB", mem["stream"]["rss_peak_mb"] < 64, mem["stream"]["rss_peak_mb"])
        lines.append("   (growth = peak in the second half of the run minus peak in the first quarter)")
        lines.append("")

    # 4. start-up
    start = load(os.path.join(raw, "startup.json"))
    result["startup"] = start
    if start:
        lines.append(f"4. Start-up: `serve` to first 200 on /health with {start['mapping_files']} mapping files:"
                     f" median {start['median_ms']} ms (min {start['min_ms']}, max {start['max_ms']}, {start['runs']} runs)")
        lines.append("")

    result["targets"] = checks
    if checks:
        lines.append("Targets (same run):")
        for c in checks:
            lines.append(f"   [{'met ' if c['met'] else 'MISS'}] {c['target']}: {c['detail']}")
    text = "\n".join(lines)
    print(text)
    result["table"] = text
    with open(out_path, "w") as f:
        json.dump(result, f, indent=2, ensure_ascii=False)
        f.write("\n")


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "free-port":
        print(free_port())
    elif cmd == "wait-banner":
        wait_banner(*args)
    elif cmd == "emulator-port":
        print(emulator_port(*args))
    elif cmd == "capture-fixtures":
        capture_fixtures(*args)
    elif cmd == "hubspot-query":
        hubspot_query(*args)
    elif cmd == "wrk-parse":
        print(json.dumps(wrk_parse(args[0])))
    elif cmd == "memory":
        memory(*args)
    elif cmd == "startup":
        startup(*args)
    elif cmd == "report":
        report(*args)
    else:
        sys.exit(f"unknown command {cmd}")


if __name__ == "__main__":
    main()

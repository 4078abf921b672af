#!/usr/bin/env python3
"""Helpers for benchmarks/run (stdlib only).

Subcommands:
  free-port                        print a free loopback TCP port
  wait-banner LOG SECONDS          wait for the sandbox banner in LOG; print "port token hubspot pipedrive highlevel"
  emulator-port PID INTEGRATION    the loopback port of one sandbox emulator inside process PID
  capture-fixtures ...             save native emulator pages into benchmarks/fixtures
  hubspot-query FIXTURES           the query string unified-crm sends HubSpot for one deal
  static-conf FIXTURES DIR PORT    nginx config of the static HubSpot upstream (captured answers from memory)
  wait-http PORT PATH SECONDS      wait for a 200 on http://127.0.0.1:PORT/PATH
  create-account PORT TOKEN        create a HubSpot integrated account (private-app token); print its id
  cpu-ticks PID                    utime+stime clock ticks of PID and its descendants
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
    # The static upstream of the proxy benchmark answers these: one deal (the first of the page, asked
    # for as unified-crm asks for it) and the pipelines the stage names come from.
    first = json.load(open(os.path.join(out_dir, "hubspot-deals-page.json")))["results"][0]["id"]
    query = hubspot_query_string(out_dir)
    status, body = http_get(hubspot, f"/crm/v3/objects/deals/{first}?{query}", SANDBOX_CREDENTIALS["hubspot"]["headers"])
    assert status == 200, body[:300]
    open(os.path.join(out_dir, "hubspot-deal.json"), "wb").write(body)
    status, body = http_get(hubspot, "/crm/v3/pipelines/deals", SANDBOX_CREDENTIALS["hubspot"]["headers"])
    assert status == 200, body[:300]
    open(os.path.join(out_dir, "hubspot-pipelines.json"), "wb").write(body)
    pipedrive = emulator_port(pid, "pipedrive")
    status, body = http_get(pipedrive, "/v1/dealFields?limit=500&api_token=sandbox-pipedrive-token")
    assert status == 200, body[:300]
    open(os.path.join(out_dir, "pipedrive-dealfields.json"), "wb").write(body)


def hubspot_query(fixtures):
    print(hubspot_query_string(fixtures))


def hubspot_query_string(fixtures):
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
    return urllib.parse.urlencode({"properties": ",".join(names), "associations": "companies,contacts"})


# ---------------------------------------------------------------- static upstream, accounts, CPU

def nginx_string(text):
    """A single-quoted nginx config string (nginx unescapes \\ and \' inside quotes)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def static_conf(fixtures, directory, port):
    """A static HubSpot upstream: nginx answering the captured deal with `return 200` (the body lives in
    the config, so each answer is a memory copy) and the list page, properties and pipelines from files
    (nginx's config tokens are limited to 4 KB). Authorization and the query string are ignored."""
    deal = open(os.path.join(fixtures, "hubspot-deal.json")).read().strip()
    json.loads(deal)
    if "$" in deal or len(deal) > 4000:  # nginx would expand `$name` in a return body; serve it as a file instead
        deal_block = f"alias {os.path.join(fixtures, 'hubspot-deal.json')};"
    else:
        deal_block = f"return 200 {nginx_string(deal)};"
    files = {
        "/crm/v3/objects/deals": "hubspot-deals-page.json",
        "/crm/v3/properties/deals": "hubspot-properties.json",
        "/crm/v3/pipelines/deals": "hubspot-pipelines.json",
    }
    exact = "\n".join(f"    location = {path} {{ alias {os.path.join(fixtures, name)}; }}" for path, name in files.items())
    temp = "\n".join(f"  {kind}_temp_path {directory}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    print(f"""daemon off;
worker_processes 1;
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
{temp}
  default_type application/json;
  sendfile on;
  open_file_cache max=16 inactive=1h;
  open_file_cache_valid 1h;
  etag off;
  keepalive_requests 1000000;
  keepalive_timeout 300s;
  server {{
    listen 127.0.0.1:{port} backlog=4096;
{exact}
    location ^~ /crm/v3/objects/deals/ {{ {deal_block} }}
    location / {{ return 404 '{{"status":"error","message":"not in the static upstream"}}'; }}
  }}
}}""")


def wait_http(port, path, seconds):
    deadline = time.time() + float(seconds)
    while time.time() < deadline:
        try:
            status, _ = http_get(int(port), path, timeout=2)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.02)
    sys.exit(f"no 200 from 127.0.0.1:{port}{path} after {seconds}s")


def create_account(port, token):
    conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=30)
    body = json.dumps({"integration": "hubspot", "tenant_id": "bench",
                       "context": {"api_key": "pat-na1-00000000-0000-0000-0000-000000bench00"}})
    conn.request("POST", "/integrated-account", body=body,
                 headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    response = conn.getresponse()
    data = response.read()
    assert response.status == 201, (response.status, data[:500])
    print(json.loads(data)["id"])


def process_ticks(pid):
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of proc(5))


def descendants(pid):
    out = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except FileNotFoundError:
        return out
    for task in tasks:
        try:
            children = open(f"/proc/{pid}/task/{task}/children").read().split()
        except FileNotFoundError:
            continue
        for child in children:
            out.append(int(child))
            out += descendants(int(child))
    return out


def cpu_ticks(pid):
    """Process CPU (all threads) of PID and its children: nginx's master plus its workers."""
    pid = int(pid)
    print(sum(process_ticks(p) for p in [pid] + descendants(pid)))


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

    # 1. proxy overhead (static upstream); medians over runs
    runs = {}  # (name, conns) -> [run results]
    for name in sorted(os.listdir(raw)):
        m = re.match(r"wrk-([a-z-]+)-c(\d+)-r(\d+)\.txt$", name)
        if not m:
            continue
        target, conns, run = m.group(1), int(m.group(2)), int(m.group(3))
        r = wrk_parse(os.path.join(raw, name))
        cpu = load(os.path.join(raw, f"cpu-{target}-c{conns}-r{run}.json"))
        r["run"] = run
        if cpu and r.get("requests"):
            per = 1e6 / cpu["clk_tck"] / r["requests"]
            r["cpu_ticks"] = {k: cpu[k] for k in ("upstream", "nginx", "unified")}
            r["cpu_us_per_request"] = {k: round(cpu[k] * per, 1) for k in ("upstream", "nginx", "unified")}
        runs.setdefault((target, conns), []).append(r)

    def med(target, conns, key, process=None):
        values = []
        for r in runs.get((target, conns), []):
            v = r.get("cpu_us_per_request", {}).get(process) if process else r.get(key)
            if v is not None:
                values.append(v)
        return round(statistics.median(values), 4) if values else None

    # which process is "the proxy" in each scenario
    proxy_process = {"direct": None, "nginx": "nginx", "unified": "unified", "ping": "unified",
                     "list-direct": None, "list-unified": "unified"}
    result["proxy"] = {}
    conns_list = sorted({c for (t, c) in runs if not t.startswith("list")})
    if conns_list:
        n_runs = max(len(v) for v in runs.values())
        lines.append(f"1. Proxy overhead: GET one HubSpot deal from a static upstream (wrk -t1; median of {n_runs} run(s);"
                     " latency ms; CPU = process utime+stime per request, us)")
        lines.append(f"   {'conns':>5}  {'target':<34} {'req/s':>9} {'p50':>7} {'p99':>7} {'proxy CPU':>10} {'upstream CPU':>13}")
        labels = (("direct", "a direct to upstream"), ("nginx", "b nginx proxy_pass"),
                  ("unified", "c unified-crm /opportunities/{id}"), ("ping", "d unified-crm /ping (no upstream)"))
        for conns in conns_list:
            block = {}
            for key, label in labels:
                if (key, conns) not in runs:
                    continue
                proc = proxy_process[key]
                row = {
                    "requests_per_second": med(key, conns, "requests_per_second"),
                    "p50_ms": med(key, conns, "p50_ms"), "p99_ms": med(key, conns, "p99_ms"),
                    "proxy_cpu_us_per_request": med(key, conns, None, proc) if proc else None,
                    "upstream_cpu_us_per_request": med(key, conns, None, "upstream"),
                    "runs": runs[(key, conns)],
                }
                block[key] = row
                pc = row["proxy_cpu_us_per_request"]
                uc = row["upstream_cpu_us_per_request"]
                lines.append(f"   {conns:>5}  {label:<34} {row['requests_per_second']:>9.0f} {row['p50_ms']:>7.3f} {row['p99_ms']:>7.3f}"
                             f" {pc if pc is not None else '-':>10} {uc if uc is not None else '-':>13}")
            d, n, u = block.get("direct"), block.get("nginx"), block.get("unified")
            derived = {}
            if d and n and u:
                derived = {
                    "throughput_unified_over_nginx": ratio(u["requests_per_second"], n["requests_per_second"]),
                    "cpu_per_request_unified_over_nginx": ratio(u["proxy_cpu_us_per_request"], n["proxy_cpu_us_per_request"], 1),
                    "added_p50_ms_unified_minus_direct": round(u["p50_ms"] - d["p50_ms"], 3),
                    "added_p99_ms_unified_minus_direct": round(u["p99_ms"] - d["p99_ms"], 3),
                    "added_p50_ms_nginx_minus_direct": round(n["p50_ms"] - d["p50_ms"], 3),
                    "added_p99_ms_nginx_minus_direct": round(n["p99_ms"] - d["p99_ms"], 3),
                    # the upstream's rate when asked directly, over the faster proxy's: > 1 means it was not the limit
                    "upstream_headroom_direct_over_nginx": ratio(d["requests_per_second"], n["requests_per_second"]),
                }
                lines.append(f"   {'':>5}  c/b: throughput {derived['throughput_unified_over_nginx']}x, CPU per request"
                             f" {derived['cpu_per_request_unified_over_nginx']}x;  added p50 c-a {derived['added_p50_ms_unified_minus_direct']} ms,"
                             f" p99 {derived['added_p99_ms_unified_minus_direct']} ms  (nginx b-a: p50 {derived['added_p50_ms_nginx_minus_direct']},"
                             f" p99 {derived['added_p99_ms_nginx_minus_direct']})")
                bad = [r for key in ("direct", "nginx", "unified") for r in block[key]["runs"] if r["non_2xx"] or r["socket_errors"]]
                if bad:
                    derived["errors"] = "non-2xx responses or socket errors in a run; see raw wrk output"
                    lines.append("   !! non-2xx responses or socket errors in a run; see benchmarks/results/raw/")
                if conns == 1:
                    check("added p50 <= 0.15 ms (c=1)", derived["added_p50_ms_unified_minus_direct"] <= 0.15, derived["added_p50_ms_unified_minus_direct"])
                if conns >= 32:
                    check(f"CPU per proxied request <= 60 us (c={conns})", u["proxy_cpu_us_per_request"] <= 60, u["proxy_cpu_us_per_request"])
                    check(f"CPU per request <= 4x nginx (c={conns})", derived["cpu_per_request_unified_over_nginx"] <= 4, derived["cpu_per_request_unified_over_nginx"])
                    check(f"throughput >= 0.4x nginx (c={conns})", derived["throughput_unified_over_nginx"] >= 0.4, derived["throughput_unified_over_nginx"])
            result["proxy"][f"c{conns}"] = {**block, **derived}
        lines.append("")

    # 1b. the list end to end (compared with JSONata below, once its numbers are loaded)
    list_conns = sorted({c for (t, c) in runs if t == "list-unified"})
    # 1b. listing a 100-record page end to end vs JSONata mapping the same page (same run)
    result["list"] = {}
    jsonata = load(os.path.join(raw, "jsonata.json")) or {}
    for conns in list_conns:
        u_rps = med("list-unified", conns, "requests_per_second")
        d_rps = med("list-direct", conns, "requests_per_second")
        cpu_page = med("list-unified", conns, None, "unified")
        row = {
            "records_per_page": 100,
            "unified_records_per_second": round(u_rps * 100) if u_rps else None,
            "unified_p50_ms": med("list-unified", conns, "p50_ms"), "unified_p99_ms": med("list-unified", conns, "p99_ms"),
            "unified_cpu_us_per_page": cpu_page,
            "unified_records_per_cpu_second": round(100 * 1e6 / cpu_page) if cpu_page else None,
            "upstream_direct_records_per_second": round(d_rps * 100) if d_rps else None,
            "upstream_cpu_us_per_page": med("list-unified", conns, None, "upstream"),
            "runs": {"unified": runs.get(("list-unified", conns)), "direct": runs.get(("list-direct", conns))},
        }
        j = (jsonata.get("hubspot") or {})
        for engine in ("jsonatapy", "jsonata-python"):
            rps = (j.get(engine) or {}).get("records_per_second")
            row[f"{engine}_records_per_second"] = rps
            row[f"unified_over_{engine}"] = ratio(row["unified_records_per_second"], rps, 1)
            row[f"unified_per_cpu_second_over_{engine}"] = ratio(row["unified_records_per_cpu_second"], rps, 1)
        result["list"][f"c{conns}"] = row
        lines.append(f"1b. Listing one 100-record HubSpot page: GET /unified/crm/opportunities?limit=100 from the static upstream"
                     f" (wrk -t1 -c{conns}; median) vs JSONata mapping the same page in this run")
        lines.append(f"   {'':<48} {'records/s':>11}")
        lines.append(f"   {'unified-crm end to end (GET, provider GET, map)':<48} {row['unified_records_per_second']:>11,}"
                     f"   (p50 {row['unified_p50_ms']} ms; {cpu_page} us CPU per page = {row['unified_records_per_cpu_second']:,} records per CPU-second)")
        if row["upstream_direct_records_per_second"]:
            lines.append(f"   {'the static upstream alone (the page as bytes)':<48} {row['upstream_direct_records_per_second']:>11,}")
        for engine in ("jsonatapy", "jsonata-python"):
            if row[f"{engine}_records_per_second"]:
                lines.append(f"   {'JSONata mapping only: ' + engine + ' (one core)':<48} {row[f'{engine}_records_per_second']:>11,}")
        lines.append(f"   unified-crm / jsonatapy: {row['unified_over_jsonatapy']}x end to end, {row['unified_per_cpu_second_over_jsonatapy']}x per CPU-second;"
                     f" / jsonata-python: {row['unified_over_jsonata-python']}x")
        if row["unified_over_jsonatapy"] is not None:
            check(f"list end to end >= 10x jsonatapy records/s (c={conns})", row["unified_over_jsonatapy"] >= 10, row["unified_over_jsonatapy"])
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
            if derived:
                lines.append(f"   {provider:<10} mapper time / plain decode+encode time: {derived.get('mapper_time_vs_plain_decode_encode')}x;"
                             f" mapper speed-up vs jsonatapy {derived.get('mapper_speedup_vs_jsonatapy')}x, vs jsonata-python {derived.get('mapper_speedup_vs_jsonata-python')}x")
            result["mapping"][f"{provider}_ratios"] = derived
        lines.append("")
        # 2b. the stages one by one, and one whole request in-process (issue 14, item 4)
        stages = [(f"{p} {stage}", f"{p} stage {stage}") for p in ("hubspot", "pipedrive") for stage in ("parse", "map", "render")]
        stages += [("hubspot mapper (all three)", "hubspot mapper"), ("hubspot GET one deal in-process", "hubspot get one deal in-process")]
        found = [(label, swift[name]) for label, name in stages if swift.get(name) and swift[name].get("pages_per_second")]
        if found:
            lines.append("2b. Stages of the request path (a 100-record page; the in-process GET: UnifiedService with a transport answering the captured deal, no sockets)")
            lines.append(f"   {'stage':<40} {'us per op':>10} {'mallocs':>9}")
            for label, r in found:
                m = r.get("mallocs_per_page")
                lines.append(f"   {label:<40} {1e6 / r['pages_per_second']:>10.1f} {m if m is not None else '-':>9}")
            result["mapping"]["stages_us"] = {label: round(1e6 / r["pages_per_second"], 1) for label, r in found}
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
        check("start-up < 300 ms with 20 mapping files", start["median_ms"] < 300, start["median_ms"])
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
    elif cmd == "static-conf":
        static_conf(*args)
    elif cmd == "wait-http":
        wait_http(*args)
    elif cmd == "create-account":
        create_account(*args)
    elif cmd == "cpu-ticks":
        cpu_ticks(*args)
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

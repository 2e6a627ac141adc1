#!/usr/bin/env python3
"""Helpers for bench/audit-vs-peers: build the shared dictionary, read the fleet's truth, parse each tool's output,
score it against the truth, and print / write the side-by-side table. Standard library only (python3 >= 3.9).

Subcommands:
  dict OUTDIR LIMIT TSV...          write pairs.tsv, hydra.txt (user:pass), nmap.txt (user/pass) from Warden's TSV files
  truth-emulated OUT FILE...        emulator stdout lines (ip, persona, ports, truth) -> truth.tsv
  truth-busybox OUT EXPECTED|-      testbed/expected.tsv telnet rows (or the built-in default) -> truth.tsv
  score RUNJSON TRUTH TOOL OUTPUT   parse OUTPUT (warden jsonl, nmap xml, hydra json/log), score, update RUNJSON
  report MDFILE TITLE RUNJSON...    print the table; write MDFILE (table, ratios, details)
"""
import json
import re
import sys
import xml.etree.ElementTree as ET
from collections import OrderedDict

# ----------------------------------------------------------------------------------------------------------------------
# Dictionary: exactly the order Warden tries (dev.warden.login.Dictionary): pairs from the files in the order given,
# duplicates keep the highest weight (the first position), then a stable sort by weight, highest first.


def read_pairs(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n").rstrip("\r")
            if line.startswith("#") or not line.strip() or line.startswith("username\t"):
                continue
            fields = line.split("\t")
            if len(fields) < 2:
                sys.exit(f"{path}:{n}: expected user<TAB>password[<TAB>weight]")
            weight = int(fields[2].strip()) if len(fields) > 2 and fields[2].strip() else 1
            out.append((fields[0], fields[1], weight))
    return out


def cmd_dict(outdir, limit, *files):
    merged = OrderedDict()
    for path in files:
        for user, password, weight in read_pairs(path):
            key = (user, password)
            if key not in merged or weight > merged[key]:
                merged[key] = weight
    pairs = sorted(merged.items(), key=lambda kv: -kv[1])  # sorted() is stable
    limit = int(limit)
    if limit > 0:
        pairs = pairs[:limit]
    for (user, password), _ in pairs:
        if ":" in user or "/" in user or "\t" in user + password or "\n" in user + password:
            sys.exit(f"pair {user!r}/{password!r} cannot be written for every tool (':' or '/' in the user name)")
    with open(f"{outdir}/pairs.tsv", "w", encoding="utf-8") as f:
        f.write("username\tpassword\tweight\n")
        for (user, password), weight in pairs:
            f.write(f"{user}\t{password}\t{weight}\n")
    with open(f"{outdir}/hydra.txt", "w", encoding="utf-8") as f:   # hydra -C: login:pass (empty pass = "root:")
        for (user, password), _ in pairs:
            f.write(f"{user}:{password}\n")
    with open(f"{outdir}/nmap.txt", "w", encoding="utf-8") as f:    # brute.credfile: user/pass (empty pass = "root/")
        for (user, password), _ in pairs:
            f.write(f"{user}/{password}\n")
    print(len(pairs))


# ----------------------------------------------------------------------------------------------------------------------
# Truth: ip, persona, kind, user, password. kind: vulnerable (the pair must be found), decoy (nothing may be found),
# accept-any (any pair logs in; the right answer is "no authentication", a reported pair is not counted as false).

EXPECTATION = re.compile(r"Expectation\[check=([^,]+), protocol=([^,]+), port=(\d+), user=([^,]*), password=([^\]]*)\]")


def cmd_truth_emulated(out, *files):
    rows = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts) < 4 or not re.match(r"^\d+\.\d+\.\d+\.\d+$", parts[0]):
                    continue
                ip, persona, ports, truth = parts[:4]
                ports = [int(p) for p in re.findall(r"\d+", ports)]
                exp = EXPECTATION.findall(truth)
                creds = [(u, p) for check, proto, port, u, p in exp if check == "default-credentials" and proto == "telnet"]
                if creds:
                    kind, user, password = "vulnerable", creds[0][0], creds[0][1]
                elif any(check == "no-authentication" for check, *_ in exp):
                    kind, user, password = "accept-any", "", ""
                else:
                    kind, user, password = "decoy", "", ""
                telnet = [p for p in ports if p in (23, 2323)]
                rows.append((ip, persona, kind, str(telnet[0] if telnet else ""), user, password))
    write_truth(out, rows)
    print(len(rows))


def cmd_truth_busybox(out, expected):
    rows = []
    if expected != "-":
        with open(expected, encoding="utf-8") as f:
            for line in f:
                p = line.rstrip("\n").split("\t")
                if len(p) < 6 or p[0] == "address" or p[2] != "telnet":
                    continue
                weak = p[4] != "-"
                rows.append((p[0], "busybox-" + ("weak" if weak else "strong"), "vulnerable" if weak else "decoy", p[1],
                             p[4] if weak else "", p[5] if weak else ""))
    if not rows:  # testbed/README.md: weak root/xc3511 on 127.20.0.1:23, strong (no Mirai pair) on 127.20.0.11:23
        rows = [("127.20.0.1", "busybox-weak", "vulnerable", "23", "root", "xc3511"),
                ("127.20.0.11", "busybox-strong", "decoy", "23", "", "")]
    write_truth(out, rows)
    print(len(rows))


def write_truth(out, rows):
    with open(out, "w", encoding="utf-8") as f:
        f.write("ip\tpersona\tkind\tport\tuser\tpassword\n")
        for r in rows:
            f.write("\t".join(r) + "\n")


def read_truth(path):
    truth = OrderedDict()
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            ip, persona, kind, port, user, password = line.rstrip("\n").split("\t")
            truth[ip] = {"persona": persona, "kind": kind, "port": port, "user": user, "password": password}
    return truth


# ----------------------------------------------------------------------------------------------------------------------
# Parsers: each returns (pairs, noauth): pairs = set of (ip, user, password) reported as a working login,
# noauth = set of ips reported as "no authentication" (only Warden says that).


def parse_warden(path):
    pairs, noauth, other = set(), set(), []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.strip()
            if not line.startswith("{"):
                continue
            try:
                o = json.loads(line)
            except json.JSONDecodeError:
                other.append("unparsable line: " + line[:120])
                continue
            if o.get("type") != "finding":
                continue
            if o.get("check") == "default-credentials":
                pairs.add((o["ip"], o.get("user", ""), o.get("password", "")))
            elif o.get("check") == "no-authentication":
                noauth.add(o["ip"])
    return pairs, noauth, other


def parse_nmap(path):
    pairs = set()
    notes = []
    try:
        hosts = list(ET.parse(path).getroot().iter("host"))
    except FileNotFoundError:
        return pairs, set(), ["no nmap XML; counted as nothing found"]
    except ET.ParseError as e:
        # nmap was stopped: keep the host blocks it finished
        with open(path, encoding="utf-8", errors="replace") as f:
            blocks = re.findall(r"<host[ >].*?</host>", f.read(), re.S)
        hosts = [ET.fromstring(b) for b in blocks]
        notes.append(f"nmap XML incomplete ({e}); {len(hosts)} finished host(s) read")
    for host in hosts:
        addr = host.find("address[@addrtype='ipv4']")
        if addr is None:
            continue
        ip = addr.get("addr")
        for script in host.iter("script"):
            if script.get("id") != "telnet-brute":
                continue
            for table in script.iter("table"):
                if table.get("key") != "Accounts":
                    continue
                for acct in table.findall("table"):
                    elems = {e.get("key"): (e.text or "") for e in acct.findall("elem")}
                    if "valid" not in elems.get("state", "").lower():
                        continue
                    password = elems.get("password", "")
                    pairs.add((ip, elems.get("username", ""), "" if password == "<empty>" else password))
    return pairs, set(), notes


HYDRA_LINE = re.compile(r"^\[\d+\]\[telnet\] host: (\S+)\s+login: (.*?)\s+password: (.*)$")


def parse_hydra(path, log):
    pairs, notes = set(), []
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            data = json.load(f)
        for r in data.get("results", []):
            pairs.add((r["host"], r.get("login", ""), r.get("password", "")))
    except (OSError, ValueError, KeyError) as e:
        notes.append(f"hydra JSON unreadable ({type(e).__name__}); pairs taken from its log")
    try:
        with open(log, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = HYDRA_LINE.match(line.rstrip("\n"))
                if m:
                    pairs.add((m.group(1), m.group(2), m.group(3)))
    except OSError:
        pass
    return pairs, set(), notes


PAIR_LINE = {"warden": re.compile(r'"check":"default-credentials"'), "nmap": re.compile(r"Valid credentials"),
             "hydra": HYDRA_LINE}


def last_pair_seconds(stamped, tool, t0):
    """Seconds from the start until the tool printed its last pair (from the time-stamped stdout), or None."""
    last = None
    try:
        with open(stamped, encoding="utf-8", errors="replace") as f:
            for line in f:
                ts, _, text = line.rstrip("\n").partition(" ")
                if PAIR_LINE[tool].search(text):
                    last = float(ts) - t0
    except (OSError, ValueError):
        return None
    return last


def cmd_score(runjson, truthfile, tool, output, log="", stamped=""):
    truth = read_truth(truthfile)
    if tool == "warden":
        pairs, noauth, notes = parse_warden(output)
    elif tool == "nmap":
        pairs, noauth, notes = parse_nmap(output)
    elif tool == "hydra":
        pairs, noauth, notes = parse_hydra(output, log)
    else:
        sys.exit("unknown tool " + tool)
    with open(runjson, encoding="utf-8") as f:
        run = json.load(f)
    correct, missed, false, anyhits, details = 0, 0, 0, 0, []
    by_ip = {}
    for ip, user, password in pairs:
        by_ip.setdefault(ip, set()).add((user, password))
    for ip, t in truth.items():
        got = by_ip.pop(ip, set())
        if t["kind"] == "vulnerable":
            want = (t["user"], t["password"])
            if want in got:
                correct += 1
            else:
                missed += 1
                details.append(f"missed {ip} ({t['persona']}): {t['user']}/{t['password']} not reported")
            for u, p in sorted(got - {want}):
                false += 1
                details.append(f"false  {ip} ({t['persona']}): {u}/{p!s} reported, device only accepts {want[0]}/{want[1]}")
        elif t["kind"] == "decoy":
            for u, p in sorted(got):
                false += 1
                details.append(f"false  {ip} ({t['persona']}): {u}/{p} reported, no pair in the dictionary logs in")
            if ip in noauth:
                false += 1
                details.append(f"false  {ip} ({t['persona']}): reported as 'no authentication'")
        else:  # accept-any
            if got or ip in noauth:
                anyhits += 1
            if got:
                details.append(f"note   {ip} ({t['persona']}): reported as {len(got)} working pair(s) "
                               f"{', '.join(u + '/' + p for u, p in sorted(got))} (it accepts any pair)")
            elif ip in noauth:
                details.append(f"note   {ip} ({t['persona']}): reported as 'no authentication'")
        if t["kind"] != "accept-any" and ip in noauth and t["kind"] == "vulnerable":
            false += 1
            details.append(f"false  {ip} ({t['persona']}): reported as 'no authentication'")
    for ip, got in by_ip.items():  # reported on an address that is not in the fleet (should never happen)
        false += len(got)
        details.append(f"false  {ip} (not in the fleet): {len(got)} pair(s)")
    if stamped and "t0" in run:
        run["last_pair_s"] = last_pair_seconds(stamped, tool, run["t0"])
    run.update({
        "vulnerable": sum(1 for t in truth.values() if t["kind"] == "vulnerable"),
        "decoys": sum(1 for t in truth.values() if t["kind"] == "decoy"),
        "accept_any": sum(1 for t in truth.values() if t["kind"] == "accept-any"),
        "correct": correct, "missed": missed, "false": false, "accept_any_flagged": anyhits,
        "pairs_reported": len(pairs), "details": details + notes,
    })
    with open(runjson, "w", encoding="utf-8") as f:
        json.dump(run, f, indent=1)


# ----------------------------------------------------------------------------------------------------------------------
# Report


def dpm(run):
    return 60.0 * run["devices"] / run["wall"] if run["wall"] > 0 else float("inf")


def fmt_dpm(run):
    v = dpm(run)
    return ("<" if run.get("timed_out") else "") + (f"{v:.0f}" if v >= 100 else f"{v:.1f}")


def cmd_report(mdfile, title, *runfiles):
    runs = []
    for p in runfiles:
        with open(p, encoding="utf-8") as f:
            runs.append(json.load(f))
    scenarios = OrderedDict()
    for r in runs:
        scenarios.setdefault(r["scenario"], []).append(r)

    header = ["scenario", "tool", "devices", "wall s", "dev/min", "correct", "missed", "false", "accept-any", "exit",
              "last pair s"]
    rows = []
    ratio_rows = []
    for scen, rs in scenarios.items():
        for r in rs:
            rows.append([scen, r["label"], str(r["devices"]), f"{r['wall']:.1f}", fmt_dpm(r),
                         f"{r.get('correct', '?')}/{r.get('vulnerable', '?')}", str(r.get("missed", "?")),
                         str(r.get("false", "?")), f"{r.get('accept_any_flagged', '?')}/{r.get('accept_any', '?')}",
                         "timeout" if r.get("timed_out") else str(r["rc"]),
                         "-" if r.get("last_pair_s") is None else f"{r['last_pair_s']:.1f}"])
        w = [r for r in rs if r["tool"] == "warden"]
        if w:
            w = w[0]
            for peer in (r for r in rs if r["tool"] != "warden"):
                ratio = dpm(w) / dpm(peer) if dpm(peer) > 0 else float("inf")
                goal = 10 if peer["tool"] == "hydra" else 5
                approx = "at least " if peer.get("timed_out") else ""
                clean = w.get("false", 1) == 0 and w.get("missed", 1) == 0
                ratio_rows.append([scen, f"Warden / {peer['label']}", f"{approx}{ratio:.1f}x", f">= {goal}x",
                                   "yes" if ratio >= goal and clean else "no",
                                   f"{peer.get('missed', '?')} / {peer.get('false', '?')}",
                                   f"{w.get('missed', '?')} / {w.get('false', '?')}"])

    def table(hdr, body):
        widths = [max(len(x) for x in col) for col in zip(hdr, *body)]
        line = lambda cells: "  ".join(c.ljust(wd) for c, wd in zip(cells, widths)).rstrip()
        return "\n".join([line(hdr), line(["-" * wd for wd in widths])] + [line(b) for b in body])

    def md(hdr, body):
        return "\n".join(["| " + " | ".join(hdr) + " |", "|" + "|".join("---" for _ in hdr) + "|"]
                         + ["| " + " | ".join(c.replace("|", "\\|") for c in b) + " |" for b in body])

    rhdr = ["scenario", "ratio (devices/minute)", "measured", "goal", "goal met (and Warden clean)",
            "peer missed / false", "Warden missed / false"]
    print()
    print(title)
    print(table(header, rows))
    print()
    print(table(rhdr, ratio_rows))
    for r in runs:
        for d in r.get("details", []):
            if not d.startswith("note"):
                print(f"  [{r['scenario']} {r['label']}] {d}")
    if mdfile == "-":
        return
    out = [f"## {title}", "", md(header, rows), "", md(rhdr, ratio_rows), "",
           "`correct` = vulnerable devices whose pair was reported (of all vulnerable); `missed` = vulnerable devices "
           "without it; `false` = pairs reported that the device does not accept, or anything on a decoy; "
           "`accept-any` = accept-any devices the tool flagged (Warden: 'no authentication'; peers: a pair, which is "
           "not counted as false). `dev/min` = devices in the fleet / wall seconds x 60; '<' = the tool hit its "
           "time limit, so the real rate is lower. `last pair s` = when the tool printed its last pair (seconds from "
           "its start; Warden prints its report at the end).", ""]
    out.append("### Details")
    out.append("")
    for r in runs:
        out.append(f"#### {r['scenario']}: {r['label']}")
        out.append("")
        out.append("```")
        out.append(r["command"])
        out.append("```")
        out.append("")
        out.append(f"wall {r['wall']:.2f} s, exit {r['rc']}{' (time limit)' if r.get('timed_out') else ''}, "
                   f"{r.get('pairs_reported', 0)} pair(s) reported, load average before the run {r.get('loadavg', '?')}")
        for d in r.get("details", []):
            out.append(f"- {d}")
        out.append("")
    with open(mdfile, "a", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    cmd, args = argv[1], argv[2:]
    {"dict": cmd_dict, "truth-emulated": cmd_truth_emulated, "truth-busybox": cmd_truth_busybox,
     "score": cmd_score, "report": cmd_report}[cmd](*args)


if __name__ == "__main__":
    main(sys.argv)

#!/usr/bin/env python3
"""Folds tshark's per-packet fields (stdin, tab-separated, see regenerate.sh) into one summary line per capture.

The columns are the ones GoldenSummaryTest computes from Warden's reader and decoder; both count only the outermost
headers (plus whether GRE carries IP), so tunnelled and ICMP-quoted headers never blur the comparison.
"""
import sys

COLUMNS = ["file", "packets", "bytes", "wire", "first_ns", "last_ns", "ipv4", "ipv6", "arp", "vlan", "tcp", "udp",
           "icmp", "icmpv6", "gre", "gre_inner_ip", "frag_later", "syn", "tcp_ports", "udp_ports", "ttl_sum",
           "tcp_seq_sum", "tcp_hdr_sum", "mss_sum", "vlan_sum", "first_syn"]
TRANSPORTS = {"tcp", "udp", "icmp", "icmpv6", "gre"}


def nanos(epoch):
    seconds, _, fraction = epoch.partition(".")
    return int(seconds) * 1_000_000_000 + int((fraction + "000000000")[:9])


def first(value):
    return value.split(",")[0] if value else ""


def summarize(name, lines):
    s = dict.fromkeys(COLUMNS[1:-1], 0)
    s["first_ns"] = s["last_ns"] = 0
    first_syn = "-"
    for i, line in enumerate(lines):
        (epoch, cap_len, wire_len, protocols, ttl, hlim, frag4, frag6, sport, dport, seq, flags, hdr_len, mss,
         usport, udport, vlan, qinq) = (line.rstrip("\n").split("\t") + [""] * 18)[:18]
        t = nanos(epoch)
        if i == 0:
            s["first_ns"] = t
        s["last_ns"] = t
        s["packets"] += 1
        s["bytes"] += int(cap_len)
        s["wire"] += int(wire_len)
        layers = protocols.split(":")
        net = next((k for k, p in enumerate(layers) if p in ("ip", "ipv6", "arp")), None)
        if net is not None and "vlan" in layers[:net]:
            s["vlan"] += 1
            s["vlan_sum"] += int(first(qinq) or first(vlan))  # the outer tag: 802.1ad is not a vlan.id
        if net is None:
            continue
        kind = layers[net]
        if kind == "arp":
            s["arp"] += 1
            continue
        s["ipv4" if kind == "ip" else "ipv6"] += 1
        s["ttl_sum"] += int(first(ttl) if kind == "ip" else first(hlim))
        k = net + 1
        while k < len(layers) and layers[k].startswith("ipv6."):
            k += 1
        later = (kind == "ip" and int(first(frag4) or 0) > 0) or (kind == "ipv6" and int(first(frag6) or 0) > 0)
        if later:
            s["frag_later"] += 1
            continue
        transport = layers[k] if k < len(layers) and layers[k] in TRANSPORTS else None
        if transport is None:
            continue
        s[transport] += 1
        if transport == "tcp":
            sp, dp, sq, fl = int(first(sport)), int(first(dport)), int(first(seq)), int(first(flags), 16)
            s["tcp_ports"] += sp + dp
            s["tcp_seq_sum"] += sq
            s["tcp_hdr_sum"] += int(first(hdr_len))
            s["mss_sum"] += int(first(mss) or 0)
            if fl & 0x12 == 0x02:
                s["syn"] += 1
                if first_syn == "-":
                    first_syn = f"{sp}>{dp}:{sq}"
        elif transport == "udp":
            s["udp_ports"] += int(first(usport)) + int(first(udport))
        elif transport == "gre" and any(p in ("ip", "ipv6") for p in layers[k + 1:]):
            s["gre_inner_ip"] += 1
    return "\t".join([name] + [str(s[c]) for c in COLUMNS[1:-1]] + [first_syn])


if __name__ == "__main__":
    if sys.argv[1] == "--header":
        print("\t".join(COLUMNS))
    else:
        print(summarize(sys.argv[1], sys.stdin.readlines()))

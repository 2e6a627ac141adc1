#!/usr/bin/env python3
"""Minimal telnet login client for testbed/verify (loopback only).

usage: telnet_login.py HOST PORT USER PASSWORD [--transcript]
Logs in, runs `echo` with a marker in the shell.
exit 0: shell echoed the marker; 1: "Login incorrect"; 2: anything else / timeout.
"""
import ipaddress, socket, sys, time

IAC, DONT, DO, WONT, WILL, SB, SE = 255, 254, 253, 252, 251, 250, 240
ECHO, SGA = 1, 3

def main():
    host, port, user, pw = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    transcript = "--transcript" in sys.argv[5:]
    if not ipaddress.ip_address(host).is_loopback:
        sys.exit("refusing non-loopback address " + host)
    s = socket.create_connection((host, port), timeout=5)
    raw_log = bytearray()
    text = bytearray()

    def pump(until, timeout):
        """read, answer negotiation, until one of `until` (bytes) is in text."""
        end = time.time() + timeout
        while time.time() < end:
            for u in until:
                if u in text:
                    return u
            s.settimeout(max(0.05, end - time.time()))
            try:
                data = s.recv(4096)
            except socket.timeout:
                break
            if not data:
                break
            raw_log.extend(data)
            i = 0
            while i < len(data):
                b = data[i]
                if b == IAC and i + 1 < len(data):
                    cmd = data[i + 1]
                    if cmd in (DO, DONT, WILL, WONT) and i + 2 < len(data):
                        opt = data[i + 2]
                        if cmd == DO:      # we do nothing special: refuse
                            s.sendall(bytes([IAC, WONT, opt]))
                        elif cmd == WILL:  # server echo / suppress-go-ahead: accept
                            s.sendall(bytes([IAC, DO if opt in (ECHO, SGA) else DONT, opt]))
                        i += 3
                        continue
                    if cmd == SB:
                        j = data.find(bytes([IAC, SE]), i)
                        i = len(data) if j < 0 else j + 2
                        continue
                    if cmd == IAC:
                        text.append(IAC)
                    i += 2
                    continue
                text.append(b)
                i += 1
        for u in until:
            if u in text:
                return u
        return None

    rc = 2
    try:
        if pump([b"login: "], 10) is None:
            raise SystemExit(2)
        s.sendall(user.encode() + b"\r\n")
        if pump([b"assword: ", b"assword:"], 10) is None:
            raise SystemExit(2)
        s.sendall(pw.encode() + b"\r\n")
        got = pump([b"Login incorrect", b"# ", b"$ "], 15)
        if got == b"Login incorrect":
            rc = 1
        elif got is not None:
            marker = "WARDEN_%d" % int(time.time())
            s.sendall(("echo " + marker[:7] + "OK" + marker[7:] + "\r\n").encode())
            want = (marker[:7] + "OK" + marker[7:]).encode()
            # the echoed command line contains 'echo WARDEN_OK...' too; wait for a line that is only the marker
            end = time.time() + 5
            while time.time() < end:
                pump([b"\n" + want + b"\r\n"], 1)
                if b"\n" + want + b"\r\n" in text:
                    rc = 0
                    break
            s.sendall(b"exit\r\n")
    except SystemExit as e:
        rc = e.code
    finally:
        s.close()
        if transcript:
            sys.stderr.write("raw: %r\n" % bytes(raw_log))
    sys.exit(rc)

if __name__ == "__main__":
    main()

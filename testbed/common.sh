# Shared definitions for testbed/start, testbed/stop and testbed/verify. Sourced, not run.
# shellcheck shell=bash
# shellcheck disable=SC2034  # variables are used by the scripts that source this file

TB_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
S=${WARDEN_TESTBED_DIR:-/tmp/warden-testbed}
BB_STATIC="$TB_HERE/.cache/busybox-static/bin/busybox"

case "$S" in
  /?*) ;;
  *) echo "WARDEN_TESTBED_DIR must be an absolute path, not / (got '$S')" >&2; exit 2 ;;
esac
S=${S%/}
case "$S" in
  /|/tmp|/root|/home|/etc|/usr|/var|/work|/run|/proc|/sys|/dev)
    echo "WARDEN_TESTBED_DIR=$S is too dangerous a place for the testbed state" >&2; exit 2 ;;
esac

# ---- credentials -------------------------------------------------------------------
# Weak pairs: each is a line of shared/reference/mirai-credentials.tsv.
# Strong passwords: fixed, random-looking, not in that file (checked by verify).
TELNET_WEAK_USER=root;      TELNET_WEAK_PASS=xc3511          # XiongMai DVR/NVR default
TELNET_STRONG_USER=root;    TELNET_STRONG_PASS=XF03PDD5x0qc42ojQm12
SSH_WEAK_USER=ubnt;         SSH_WEAK_PASS=ubnt               # Ubiquiti default
SSH_STRONG_USER=wardenssh;  SSH_STRONG_PASS=vsknB466SLOL7xqndSpQ
FTP_WEAK_USER=admin;        FTP_WEAK_PASS=admin
FTP_STRONG_USER=wardenftp;  FTP_STRONG_PASS=l4vT6btXhtOWDtWTrqG2
HTTP_WEAK_USER=admin;       HTTP_WEAK_PASS=admin             # HTTP Basic
HTTP_STRONG_USER=wardenweb; HTTP_STRONG_PASS=5J2Fndd1wNqs2mOV5pMc   # HTTP Digest (MD5)
MQTT_WEAK_USER=admin;       MQTT_WEAK_PASS=password
MQTT_STRONG_USER=wardenmqtt; MQTT_STRONG_PASS=QFK7wHonFbHAK2wx9LvY

HTTP_WEAK_REALM="Warden testbed weak"
HTTP_STRONG_REALM="Warden testbed strong"

# System users created by start (sshd and vsftpd authenticate against /etc/shadow).
# They exist only for the testbed; none of them is root.
SYS_USERS=(ubnt wardenssh admin wardenftp)
declare -A SYS_PASS=([ubnt]=$SSH_WEAK_PASS [wardenssh]=$SSH_STRONG_PASS
                     [admin]=$FTP_WEAK_PASS [wardenftp]=$FTP_STRONG_PASS)

# ---- instances: name address port protocol daemon -----------------------------------
INSTANCES=(
  "telnet-weak   127.20.0.1  23   telnet busybox-telnetd"
  "telnet-strong 127.20.0.11 23   telnet busybox-telnetd"
  "ssh-weak      127.20.0.2  22   ssh    openssh-sshd"
  "ssh-strong    127.20.0.12 22   ssh    openssh-sshd"
  "ftp-weak      127.20.0.3  21   ftp    vsftpd"
  "ftp-strong    127.20.0.13 21   ftp    vsftpd"
  "http-weak     127.20.0.4  80   http   lighttpd"
  "http-strong   127.20.0.14 80   http   lighttpd"
  "mqtt-weak     127.20.0.5  1883 mqtt   mosquitto"
  "mqtt-strong   127.20.0.15 1883 mqtt   mosquitto"
)

pidfile_of() { echo "$S/run/$1.pid"; }
logfile_of() { echo "$S/log/$1.log"; }
chroot_of()  { echo "$S/telnet/$1/root"; }

# Is PID a live process of instance NAME? (guards against stale pid files / pid reuse)
is_ours() {
  local name=$1 pid=$2
  [[ $pid =~ ^[0-9]+$ ]] && [[ -d /proc/$pid ]] || return 1
  case $name in
    telnet-*)
      [[ $(readlink "/proc/$pid/root" 2>/dev/null) == "$(chroot_of "$name")" ]] ;;
    *)
      tr '\0' ' ' 2>/dev/null < "/proc/$pid/cmdline" | grep -qF -- "$S/conf/$name." ;;
  esac
}

running_pid() {   # prints the pid of instance NAME if it runs, else fails
  local f pid
  f=$(pidfile_of "$1")
  [[ -f $f ]] || return 1
  pid=$(<"$f")
  is_ours "$1" "$pid" && echo "$pid"
}

descendants() {   # all descendants of PID (recursive), one per line
  ps -e -o pid=,ppid= | awk -v root="$1" '
    { kids[$2] = kids[$2] " " $1 }
    END { walk(root) }
    function walk(p,   n, a, i) { n = split(kids[p], a, " "); for (i = 1; i <= n; i++) { print a[i]; walk(a[i]) } }'
}

tcp_accepts() {   # ADDR PORT: does something accept a TCP connection there?
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null
}

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a panic is the failure report"
)]

use super::*;
use crate::ocsf::tests::golden;
use crate::ocsf::{rfc3339_to_unix_ms, to_ocsf};
use crate::SinkSpec;
use serde_json::Value;
use shrike_core::catalogue::Severity;
use shrike_core::finding::{FindingEnvelope, Label};
use shrike_core::Sink;
use std::io::{BufRead, BufReader, Read};
use std::net::{TcpListener, TcpStream, UdpSocket};
use std::os::unix::net::UnixDatagram;
use std::path::PathBuf;
use std::time::Duration;

/// One received message, split into its RFC 5424 parts.
#[derive(Debug)]
struct Received {
    pri: u16,
    timestamp: String,
    hostname: String,
    app_name: String,
    procid: String,
    msgid: String,
    structured_data: String,
    msg: Value,
}

/// Parses an RFC 5424 message, checking every header field against the RFC's grammar.
fn parse_5424(bytes: &[u8]) -> Received {
    assert!(
        bytes.iter().all(|b| (0x20..=0x7e).contains(b)),
        "not one line of printable ASCII: {:?}",
        String::from_utf8_lossy(bytes)
    );
    let text = std::str::from_utf8(bytes).unwrap();
    let rest = text.strip_prefix('<').expect("PRI starts with <");
    let (pri, rest) = rest.split_once('>').unwrap();
    assert!((1..=3).contains(&pri.len()) && pri.bytes().all(|b| b.is_ascii_digit()));
    let pri: u16 = pri.parse().unwrap();
    assert!(pri <= 191);
    let parts: Vec<&str> = rest.splitn(8, ' ').collect();
    assert_eq!(parts.len(), 8, "{text}");
    assert_eq!(parts[0], "1", "VERSION");
    for (field, max) in [
        (parts[2], 255),
        (parts[3], 48),
        (parts[4], 128),
        (parts[5], 32),
    ] {
        assert!(!field.is_empty() && field.len() <= max, "{field:?}");
        assert!(field.bytes().all(|b| b.is_ascii_graphic()), "{field:?}");
    }
    let ts = parts[1];
    assert_eq!(ts.len(), 27, "TIMESTAMP with six fraction digits: {ts}");
    let ts_ms = rfc3339_to_unix_ms(ts).unwrap_or_else(|| panic!("TIMESTAMP {ts}"));
    let now_ms = (shrike_core::time::now_ns() / 1_000_000) as i64;
    assert!((now_ms - ts_ms).abs() < 60_000, "TIMESTAMP {ts} is now");
    Received {
        pri,
        timestamp: ts.into(),
        hostname: parts[2].into(),
        app_name: parts[3].into(),
        procid: parts[4].into(),
        msgid: parts[5].into(),
        structured_data: parts[6].into(),
        msg: serde_json::from_str(parts[7]).unwrap_or_else(|e| panic!("MSG: {e}: {}", parts[7])),
    }
}

/// Checks the parts every message of a finding must have.
fn check_message(got: &Received, env: &FindingEnvelope, facility: u16) {
    let severity = match env.finding.severity {
        Severity::Critical => 2,
        Severity::High => 3,
        Severity::Medium => 4,
        Severity::Low => 5,
    };
    assert_eq!(got.pri, facility * 8 + severity);
    assert_eq!(got.app_name, "shrike");
    assert_eq!(got.procid, std::process::id().to_string());
    assert_eq!(got.structured_data, "-");
    assert!(got.timestamp.ends_with('Z'));
}

fn udp_listener() -> (UdpSocket, u16) {
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    socket
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let port = socket.local_addr().unwrap().port();
    (socket, port)
}

fn recv_datagram(socket: &UdpSocket) -> Vec<u8> {
    let mut buf = vec![0u8; 70_000];
    let n = socket.recv(&mut buf).unwrap();
    buf.truncate(n);
    buf
}

/// Reads one octet-counted frame ("LEN SP MSG"); `None` at end of stream.
fn read_frame(r: &mut BufReader<TcpStream>) -> Option<Vec<u8>> {
    let mut len = Vec::new();
    if r.read_until(b' ', &mut len).unwrap() == 0 {
        return None;
    }
    assert_eq!(len.pop(), Some(b' '), "frame length ends with a space");
    assert!(!len.is_empty() && len.iter().all(u8::is_ascii_digit));
    assert_ne!(len[0], b'0', "MSG-LEN has no leading zero");
    let n: usize = std::str::from_utf8(&len).unwrap().parse().unwrap();
    let mut msg = vec![0u8; n];
    r.read_exact(&mut msg).unwrap();
    Some(msg)
}

fn open(spec: &str) -> SyslogSink {
    let SinkSpec::Syslog(cfg) = SinkSpec::parse(spec).unwrap() else {
        panic!("{spec} is not a syslog spec");
    };
    SyslogSink::open(&cfg).unwrap()
}

/// A finding whose process arguments are everything an attacker would try on a line-based
/// log pipeline: newlines, carriage returns, quotes, markup, NUL, DEL, escapes and
/// non-ASCII text, plus header fields with spaces and line breaks.
fn hostile() -> FindingEnvelope {
    let mut env = golden("reverse-shell/001.out").remove(0);
    env.finding.processes[0].args = vec![
        "bash".into(),
        "-c".into(),
        "echo ok\n<34>1 2026-01-01T00:00:00Z forged shrike 1 REVERSE_SHELL - {\"fake\":1}\r\n"
            .into(),
        "\"quoted\" 'single' \\backslash\\ <script>alert(1)</script>".into(),
        "nul\0del\x7fesc\x1b[31m bell\x07".into(),
        "é ü 中文 😈 \u{2028}line-separator\u{85}nel".into(),
    ];
    env.finding.processes[0].name = "ba\nsh".into();
    env.resource.host = Some("evil host\nname".into());
    env
}

#[test]
fn config_parsing_round_trips_and_names_errors() {
    let cfg = SyslogSinkConfig::parse("udp://127.0.0.1:514").unwrap();
    assert_eq!(
        cfg.transport,
        SyslogTransport::Udp {
            host: "127.0.0.1".into(),
            port: 514
        }
    );
    assert_eq!(cfg.facility, 16);
    assert_eq!(cfg.max_datagram, 8192);
    let cfg = SyslogSinkConfig::parse(
        "tcp://[::1]:6514?facility=local3&hostname=node-1&max_datagram=4096",
    )
    .unwrap();
    assert_eq!(
        cfg.transport,
        SyslogTransport::Tcp {
            host: "::1".into(),
            port: 6514
        }
    );
    assert_eq!((cfg.facility, cfg.facility_name()), (19, "local3"));
    assert_eq!(cfg.hostname.as_deref(), Some("node-1"));
    assert_eq!(cfg.max_datagram, 4096);
    assert_eq!(
        SyslogSinkConfig::parse("unix:/dev/log?facility=4")
            .unwrap()
            .facility,
        4
    );
    assert_eq!(
        SyslogSinkConfig::parse("udp://h:1?facility=AUTHPRIV")
            .unwrap()
            .facility,
        10
    );

    for spec in [
        "syslog:udp://127.0.0.1:514",
        "syslog:tcp://[::1]:6514?facility=local3&hostname=node-1&max_datagram=4096",
        "syslog:unix:/dev/log?facility=daemon",
        "syslog:tcp://logs.example.com:601",
    ] {
        let parsed = SinkSpec::parse(spec).unwrap();
        assert_eq!(parsed.to_string(), spec);
        assert_eq!(SinkSpec::parse(&parsed.to_string()).unwrap(), parsed);
    }

    for (spec, needle) in [
        ("syslog:", "expected udp://HOST:PORT"),
        ("syslog:http://x:1", "expected udp://HOST:PORT"),
        ("syslog:udp://127.0.0.1", "missing :PORT"),
        ("syslog:udp://:514", "missing host"),
        ("syslog:tcp://h:0", "bad port"),
        ("syslog:tcp://h:70000", "bad port"),
        ("syslog:tcp://[::1:514", "missing ']'"),
        ("syslog:unix:", "socket path"),
        ("syslog:udp://h:514?facility=local9", "facility=\"local9\""),
        ("syslog:udp://h:514?facility=24", "expected 0-23"),
        ("syslog:udp://h:514?hostname=a b", "hostname="),
        ("syslog:udp://h:514?max_datagram=100", "max_datagram="),
        ("syslog:udp://h:514?retries=3", "unknown option \"retries\""),
        ("syslog:udp://h:514?facility", "expected KEY=VALUE"),
    ] {
        let err = SinkSpec::parse(spec).unwrap_err().to_string();
        assert!(err.contains(needle) && err.contains(spec), "{spec}: {err}");
    }
}

#[test]
fn header_fields_are_printable_ascii_within_rfc_limits() {
    assert_eq!(header_field("golden-host", 255), "golden-host");
    assert_eq!(header_field("evil host\nname", 255), "evil_host_name");
    assert_eq!(header_field("hôte", 255), "h_te");
    assert_eq!(header_field("", 255), "-");
    assert_eq!(header_field(&"x".repeat(300), 255).len(), 255);
    assert_eq!(
        header_field(
            "SUSPICIOUS_CRYPTO_MINING_ACTIVITY_USING_STRATUM_PROTOCOL",
            32
        ),
        "SUSPICIOUS_CRYPTO_MINING_ACTIVIT"
    );
    let h = header(
        19,
        Severity::High,
        "2026-11-23T17:56:15.123456Z",
        "a b",
        42,
        "X\rY",
    );
    assert_eq!(h, "<155>1 2026-11-23T17:56:15.123456Z a_b shrike 42 X_Y - ");
    assert_eq!(
        timestamp(1_795_456_575_123_456_789),
        "2026-11-23T17:56:15.123456Z"
    );
    assert_eq!(
        [
            Severity::Critical,
            Severity::High,
            Severity::Medium,
            Severity::Low
        ]
        .map(severity_code),
        [2, 3, 4, 5]
    );
}

/// MSGID is the module name cut to 32 characters: the cut names must still tell the finding
/// types apart.
#[test]
fn msgids_are_distinct_across_the_catalogue() {
    let ids: std::collections::BTreeSet<String> = shrike_core::catalogue::ALL_FINDING_TYPES
        .iter()
        .map(|t| header_field(t.module_name(), 32))
        .collect();
    assert_eq!(ids.len(), shrike_core::catalogue::ALL_FINDING_TYPES.len());
}

#[test]
fn ascii_json_escapes_everything_outside_printable_ascii() {
    let v = serde_json::json!({"k\u{e9}y": "a\nb\u{7f}c\u{e9}\u{1f608}\u{2028}"});
    let out = ascii_json(&v);
    assert!(out.iter().all(|b| (0x20..=0x7e).contains(b)), "{out:?}");
    let text = std::str::from_utf8(&out).unwrap();
    assert!(
        text.contains("\\ud83d\\ude08"),
        "astral characters as surrogate pairs: {text}"
    );
    assert_eq!(serde_json::from_str::<Value>(text).unwrap(), v);
}

#[test]
fn udp_delivers_rfc5424_messages_carrying_ocsf() {
    let (listener, port) = udp_listener();
    let mut sink = open(&format!("syslog:udp://127.0.0.1:{port}?facility=local3"));
    assert_eq!(
        sink.name(),
        format!("syslog:udp://127.0.0.1:{port}?facility=local3")
    );
    let findings = golden("reverse-shell/001.out");
    assert!(findings.len() >= 2);
    for env in &findings {
        sink.deliver(env).unwrap();
        let got = parse_5424(&recv_datagram(&listener));
        check_message(&got, env, 19);
        assert_eq!(got.hostname, "golden-host");
        // MSGID is the module name, cut to RFC 5424's 32 characters.
        let cut: String = env.finding.module_name.chars().take(32).collect();
        assert_eq!(got.msgid, cut);
        assert_eq!(got.msg, to_ocsf(env), "small findings travel whole");
    }
    sink.flush().unwrap();
}

#[test]
fn tcp_delivers_octet_counted_frames_whole() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let mut sink = open(&format!("syslog:tcp://127.0.0.1:{port}?hostname=sensor-7"));
    let (conn, _) = listener.accept().unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut reader = BufReader::new(conn);

    let mut findings = golden("malicious-python/001.out");
    // A script far larger than any datagram: TCP carries it whole.
    let big = "import os\n".repeat(10_000) + "# é\u{1f40d}";
    findings[0].finding.processes[0]
        .script
        .as_mut()
        .unwrap()
        .contents = Some(big.clone());
    for env in &findings {
        sink.deliver(env).unwrap();
        let got = parse_5424(&read_frame(&mut reader).unwrap());
        check_message(&got, env, 16);
        assert_eq!(got.hostname, "sensor-7");
        assert_eq!(got.msg, to_ocsf(env));
        assert!(got.msg["unmapped"].get("syslog_truncation").is_none());
    }
    assert_eq!(
        to_ocsf(&findings[0])["evidences"][0]["data"]["script"]["contents"],
        big.as_str()
    );
}

#[test]
fn unix_datagram_socket_receives_messages() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.sock");
    let receiver = UnixDatagram::bind(&path).unwrap();
    receiver
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut sink = open(&format!("syslog:unix:{}", path.display()));
    let env = &golden("compiler/001.out")[0];
    assert_eq!(env.finding.severity, Severity::Low);
    sink.deliver(env).unwrap();
    let mut buf = vec![0u8; 70_000];
    let n = receiver.recv(&mut buf).unwrap();
    let got = parse_5424(&buf[..n]);
    check_message(&got, env, 16);
    assert_eq!(got.msg, to_ocsf(env));

    // The receiver restarts (journald, rsyslog): a new socket at the same path. The sink
    // connects to it again and the finding arrives.
    drop(receiver);
    std::fs::remove_file(&path).unwrap();
    let receiver = UnixDatagram::bind(&path).unwrap();
    receiver
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    sink.deliver(env).unwrap();
    let n = receiver.recv(&mut buf).unwrap();
    assert_eq!(parse_5424(&buf[..n]).msg, to_ocsf(env));

    // No receiver at all: the delivery fails, naming the sink.
    drop(receiver);
    std::fs::remove_file(&path).unwrap();
    let err = sink.deliver(env).unwrap_err().to_string();
    assert!(
        err.starts_with(&format!("syslog:unix:{}", path.display())),
        "{err}"
    );
}

#[test]
fn hostile_arguments_cannot_break_framing() {
    let env = hostile();
    let (listener, port) = udp_listener();
    let mut udp = open(&format!("syslog:udp://127.0.0.1:{port}"));
    udp.deliver(&env).unwrap();
    let datagram = recv_datagram(&listener);
    let got = parse_5424(&datagram);
    check_message(&got, &env, 16);
    assert_eq!(got.hostname, "evil_host_name");
    assert_eq!(got.msg, to_ocsf(&env), "argv survives exactly, escaped");
    assert_eq!(
        got.msg["evidences"][0]["data"]["args"][2],
        env.finding.processes[0].args[2].as_str()
    );
    // parse_5424 checked it is one line of printable ASCII: the forged header inside the
    // argument is text in a JSON string, not a second message.

    // Over TCP: exactly one frame, and the stream is still in step after it.
    let tcp_listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let tcp_port = tcp_listener.local_addr().unwrap().port();
    let mut tcp = open(&format!("syslog:tcp://127.0.0.1:{tcp_port}"));
    let (conn, _) = tcp_listener.accept().unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut reader = BufReader::new(conn);
    let plain = golden("reverse-shell/002.out").remove(0);
    tcp.deliver(&env).unwrap();
    tcp.deliver(&plain).unwrap();
    assert_eq!(
        parse_5424(&read_frame(&mut reader).unwrap()).msg,
        to_ocsf(&env)
    );
    assert_eq!(
        parse_5424(&read_frame(&mut reader).unwrap()).msg,
        to_ocsf(&plain)
    );
}

#[test]
fn udp_datagrams_stay_within_the_bound_and_say_what_was_cut() {
    let (listener, port) = udp_listener();
    let mut sink = open(&format!("syslog:udp://127.0.0.1:{port}"));

    // A 100 KB script: its text is dropped, everything else stays.
    let mut env = golden("malicious-python/001.out").remove(0);
    let script = env.finding.processes[0].script.as_mut().unwrap();
    script.contents = Some("x = 1  # padding\n".repeat(6_000));
    sink.deliver(&env).unwrap();
    let datagram = recv_datagram(&listener);
    assert!(datagram.len() <= DEFAULT_MAX_DATAGRAM, "{}", datagram.len());
    let got = parse_5424(&datagram);
    check_message(&got, &env, 16);
    let r = &got.msg;
    let script = &r["evidences"][0]["data"]["script"];
    assert_eq!(script["truncated"], true);
    assert!(script.get("contents").is_none());
    assert_eq!(
        script["sha256"],
        to_ocsf(&env)["evidences"][0]["data"]["script"]["sha256"]
    );
    let cut = &r["unmapped"]["syslog_truncation"];
    assert_eq!(cut["steps"], serde_json::json!(["script_contents"]));
    let header_len = datagram.len() - ascii_json(r).len();
    assert_eq!(
        cut["limit"].as_u64().unwrap() as usize,
        DEFAULT_MAX_DATAGRAM - header_len
    );
    assert!(cut["original_length"].as_u64().unwrap() > 100_000);
    // Apart from the cut, the record is the full one.
    let mut full = to_ocsf(&env);
    full["evidences"][0]["data"]["script"]
        .as_object_mut()
        .unwrap()
        .remove("contents");
    full["evidences"][0]["data"]["script"]["truncated"] = true.into();
    full["unmapped"]["syslog_truncation"] = cut.clone();
    assert_eq!(r, &full);

    // 20,000 container labels: nothing but the minimal record fits.
    let mut env = golden("reverse-shell/001.out").remove(0);
    env.finding.containers[0].labels = (0..20_000)
        .map(|i| Label {
            name: format!("label-{i}"),
            value: "v".repeat(40),
        })
        .collect();
    env.finding.processes[0].args.push("A".repeat(50_000));
    sink.deliver(&env).unwrap();
    let datagram = recv_datagram(&listener);
    assert!(datagram.len() <= DEFAULT_MAX_DATAGRAM, "{}", datagram.len());
    let r = parse_5424(&datagram).msg;
    let steps = r["unmapped"]["syslog_truncation"]["steps"]
        .as_array()
        .unwrap();
    assert_eq!(steps.last().unwrap(), "minimal");
    assert_eq!(
        r["finding_info"]["uid"],
        env.finding.name.as_str(),
        "ids are never cut"
    );
    assert_eq!(r["class_uid"], 2004);
    assert_eq!(r["severity_id"], 5);
    assert_eq!(r["resources"][0]["uid"], env.resource.name.as_str());

    // A smaller configured bound is honoured too.
    let mut small = open(&format!("syslog:udp://127.0.0.1:{port}?max_datagram=2048"));
    small.deliver(&golden("base64-cmdline/001.out")[0]).unwrap();
    let datagram = recv_datagram(&listener);
    assert!(datagram.len() <= 2048, "{}", datagram.len());
    assert!(parse_5424(&datagram).msg["unmapped"]["syslog_truncation"].is_object());
}

#[test]
fn fit_datagram_steps_in_order() {
    let mut env = golden("malicious-python/001.out").remove(0);
    env.finding.processes[0].args.push("B".repeat(3000));
    let record = to_ocsf(&env);
    let whole = ascii_json(&record);
    assert_eq!(
        fit_datagram(&record, whole.len()),
        whole,
        "a record that fits is untouched"
    );

    let cut: Value = serde_json::from_slice(&fit_datagram(&record, whole.len() - 1)).unwrap();
    assert_eq!(
        cut["unmapped"]["syslog_truncation"]["steps"],
        serde_json::json!(["script_contents"])
    );
    // Dropping the exact argv (which holds the 3000-byte argument) is the next step; the
    // command line keeps it.
    let second = fit_datagram(&record, whole.len() - 3000);
    let cut: Value = serde_json::from_slice(&second).unwrap();
    assert_eq!(
        cut["unmapped"]["syslog_truncation"]["steps"],
        serde_json::json!(["script_contents", "evidence_data"])
    );
    assert!(cut["evidences"][0]["data"].get("args").is_none());
    let cmd = cut["evidences"][0]["process"]["cmd_line"].as_str().unwrap();
    assert!(cmd.len() > 3000);
    // Less than that: the observables go, which is not enough, and long strings are cut to
    // 1024 bytes.
    let observables_len = ascii_json(&record["observables"]).len();
    let budget = second.len() - observables_len - 200;
    let third = fit_datagram(&record, budget);
    assert!(third.len() <= budget);
    let cut: Value = serde_json::from_slice(&third).unwrap();
    assert_eq!(
        cut["unmapped"]["syslog_truncation"]["steps"],
        serde_json::json!([
            "script_contents",
            "evidence_data",
            "observables",
            "long_strings_1024"
        ])
    );
    assert!(cut.get("observables").is_none());
    let cmd = cut["evidences"][0]["process"]["cmd_line"].as_str().unwrap();
    assert!(cmd.len() == 1027 && cmd.ends_with("..."), "{}", cmd.len());
    assert_eq!(cut["finding_info"]["uid"], record["finding_info"]["uid"]);
}

#[test]
fn tcp_reconnects_after_the_receiver_closes_and_reports_when_it_is_gone() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let mut sink = open(&format!("syslog:tcp://{addr}"));
    let env = golden("reverse-shell/002.out").remove(0);

    // First connection: one message, then the receiver closes it.
    let (conn, _) = listener.accept().unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    sink.deliver(&env).unwrap();
    let mut reader = BufReader::new(conn);
    assert!(read_frame(&mut reader).is_some());
    drop(reader);
    std::thread::sleep(Duration::from_millis(100)); // let the FIN arrive

    // The next delivery notices, connects again, and the message arrives on the new
    // connection: nothing is written into the dead one.
    sink.deliver(&env).unwrap();
    let (conn, _) = listener.accept().unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut reader = BufReader::new(conn);
    assert_eq!(
        parse_5424(&read_frame(&mut reader).unwrap()).msg,
        to_ocsf(&env)
    );

    // The receiver goes away entirely: the delivery is an error naming the sink.
    drop(reader);
    drop(listener);
    std::thread::sleep(Duration::from_millis(100));
    let err = sink.deliver(&env).unwrap_err().to_string();
    assert!(err.starts_with(&format!("syslog:tcp://{addr}")), "{err}");

    // It comes back on the same port: the next delivery connects again.
    let listener = TcpListener::bind(addr).unwrap();
    sink.deliver(&env).unwrap();
    let (conn, _) = listener.accept().unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut reader = BufReader::new(conn);
    assert_eq!(
        parse_5424(&read_frame(&mut reader).unwrap()).msg,
        to_ocsf(&env)
    );
}

#[test]
fn udp_to_a_port_nobody_listens_on_is_reported() {
    // Bind then drop a socket to get a port that is (almost certainly) closed.
    let port = UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut sink = open(&format!("syslog:udp://127.0.0.1:{port}"));
    let env = golden("reverse-shell/002.out").remove(0);
    // The kernel learns of the refusal from the first datagram's ICMP reply and reports it on
    // a later send.
    let mut errors = Vec::new();
    for _ in 0..5 {
        if let Err(e) = sink.deliver(&env) {
            errors.push(e.to_string());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!errors.is_empty(), "a refused UDP receiver went unreported");
    assert!(
        errors[0].starts_with(&format!("syslog:udp://127.0.0.1:{port}")),
        "{errors:?}"
    );
}

#[test]
fn opening_a_missing_receiver_fails() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let cfg = SyslogSinkConfig::parse(&format!("tcp://127.0.0.1:{port}")).unwrap();
    assert_eq!(
        SyslogSink::open(&cfg).err().unwrap().kind(),
        std::io::ErrorKind::ConnectionRefused
    );
    let dir = tempfile::tempdir().unwrap();
    let missing: PathBuf = dir.path().join("no.sock");
    let cfg = SyslogSinkConfig::parse(&format!("unix:{}", missing.display())).unwrap();
    assert!(SyslogSink::open(&cfg).is_err());
}

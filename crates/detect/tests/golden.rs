//! Golden-file tests: `testdata/<detector>/NNN.in` (recorded events) → `NNN.out` (findings as
//! JSON lines, exactly what `shrike replay` writes). Every intel feed in the folder
//! (`*.loki`, `*.txt`, `*.csv`) is loaded for its cases. Regenerate with `SHRIKE_BLESS=1`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods,
    missing_docs,
    reason = "test code: panicking on a broken fixture is the failure report, and fixtures are ours"
)]

use shrike_core::codec::EventReader;
use shrike_detect::{Engine, EngineConfig};
use shrike_intel::IntelSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata")
}

fn golden_config() -> EngineConfig {
    EngineConfig {
        project: "golden".into(),
        source: "shrike".into(),
        host: "golden-host".into(),
        ..EngineConfig::default()
    }
}

/// Feeds are named relative to `testdata/` (as `shrike replay --intel malicious-binary/intel.loki`
/// run from there names them), so the blessed output does not depend on the checkout's path.
fn load_feed(intel: &mut IntelSet, detector: &str, path: &Path) {
    let name = format!("{detector}/{}", path.file_name().unwrap().to_str().unwrap());
    let file = std::fs::File::open(path).unwrap();
    intel
        .load_reader(&name, std::io::BufReader::new(file))
        .unwrap();
}

fn run_case(input: &Path, intel: Arc<IntelSet>) -> String {
    let file = std::fs::File::open(input).unwrap();
    // The committed malicious-Python model, as `shrike replay` and `watch` use it.
    let model: Arc<dyn shrike_core::ScriptClassifier> =
        Arc::new(shrike_pyml::Classifier::embedded(None).unwrap());
    let mut engine = Engine::new(golden_config(), intel, Some(model));
    let mut findings = Vec::new();
    for event in EventReader::new(std::io::BufReader::new(file)) {
        let event = event.unwrap_or_else(|e| panic!("{}:{e}", input.display()));
        engine.process(event, &mut findings);
    }
    findings
        .iter()
        .map(|f| serde_json::to_string(f).unwrap() + "\n")
        .collect()
}

fn check_dir(detector: &str) -> usize {
    let dir = testdata().join(detector);
    let mut intel = IntelSet::new();
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        match path.extension().and_then(|e| e.to_str()) {
            Some("in") => cases.push(path),
            Some("loki" | "txt" | "csv") => load_feed(&mut intel, detector, &path),
            _ => {}
        }
    }
    cases.sort();
    let intel = Arc::new(intel);
    let bless = std::env::var_os("SHRIKE_BLESS").is_some();
    for input in &cases {
        let got = run_case(input, Arc::clone(&intel));
        check_expected(detector, input, &got);
        let expected_path = input.with_extension("out");
        if bless {
            std::fs::write(&expected_path, &got).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_else(|_| {
            panic!(
                "{} missing: run with SHRIKE_BLESS=1",
                expected_path.display()
            )
        });
        assert!(
            got == expected,
            "{} differs from {}\n--- got ---\n{got}",
            input.display(),
            expected_path.display()
        );
    }
    cases.len()
}

const RS: &str = "REVERSE_SHELL";
const RCE: &str = "POSSIBLE_REMOTE_COMMAND_EXECUTION_DETECTED";
const CC: &str = "LAUNCH_CODE_COMPILER_TOOL_IN_CONTAINER";
const MINE: &str = "SUSPICIOUS_CRYPTO_MINING_ACTIVITY_USING_STRATUM_PROTOCOL";
const SUDO_UID: &str = "ABUSE_SUDO_FOR_PRIVILEGE_ESCALATION";
const SUDO_EDIT: &str = "SUDO_POTENTIAL_PRIVILEGE_ESCALATION";
const RECON: &str = "LOCAL_RECONNAISSANCE_TOOL_EXECUTION";
const K8S: &str = "KUBERNETES_ATTACK_TOOL_EXECUTION";
const ESCAPE: &str = "CONTAINER_ESCAPE";
const KEYS: &str = "SEARCH_PRIVATE_KEYS_OR_PASSWORDS";
const GCP: &str = "FIND_GCP_CREDENTIALS";
const COPY: &str = "LAUNCH_REMOTE_FILE_COPY_TOOLS_IN_CONTAINER";
const ADDED: &str = "ADDED_BINARY_EXECUTED";
const MEMFD: &str = "FILELESS_EXECUTION_DETECTION_MEMFD";
const SHM: &str = "FILELESS_EXECUTION_DETECTION_SHM";
const NC: &str = "NETCAT_REMOTE_CODE_EXECUTION_IN_CONTAINER";
const SOCAT: &str = "SOCAT_REVERSE_SHELL_DETECTED";
const B64_ELF: &str = "BASE64_ELF_FILE_CMDLINE";
const B64_PY: &str = "BASE64_ENCODED_PYTHON_SCRIPT_EXECUTED";
const B64_SH: &str = "BASE64_ENCODED_SHELL_SCRIPT_EXECUTED";
const CHILD: &str = "UNEXPECTED_CHILD_SHELL";
const PY: &str = "MALICIOUS_PYTHON_EXECUTED";
const ADDED_LIB: &str = "ADDED_LIBRARY_LOADED";

/// What each case must report, (module, pid) in order, checked independently of the blessed
/// `.out` files so a wrong bless cannot hide a regression.
const EXPECTED: &[(&str, &[(&str, u32)])] = &[
    ("reverse-shell/001", &[(RS, 1003), (RCE, 1004)]),
    ("reverse-shell/002", &[(RS, 2001)]),
    ("reverse-shell/003", &[(RS, 3001), (RS, 3002)]),
    ("reverse-shell/004", &[]),
    (
        "remote-command/001",
        &[
            (RS, 1001),
            (RCE, 1002),
            (RCE, 1003),
            (RCE, 1004),
            (RCE, 1005),
            (RCE, 1006),
            (RCE, 1008),
        ],
    ),
    // busybox `nc -lp 4444 -e /bin/sh` is also a netcat bind shell.
    ("remote-command/002", &[(NC, 4000), (RS, 4000), (RCE, 4001)]),
    ("remote-command/003", &[(RS, 1700)]),
    ("compiler/001", &[(CC, 5001), (CC, 5010)]),
    // The compiler installed at run time is also an added binary.
    ("compiler/002", &[(CC, 6000), (ADDED, 6000), (CC, 6001)]),
    ("compiler/003", &[]),
    (
        "malicious-binary/001",
        &[("BUILT_IN_MALICIOUS_BINARY_EXECUTED", 8001)],
    ),
    (
        "malicious-binary/002",
        &[
            ("ADDED_MALICIOUS_BINARY_EXECUTED", 8101),
            (ADDED, 8101),
            ("MODIFIED_MALICIOUS_BINARY_EXECUTED", 8102),
            (ADDED, 8102),
            ("ADDED_MALICIOUS_BINARY_EXECUTED", 8103),
            (MEMFD, 8103),
        ],
    ),
    // Not on the feed, but written at run time: an added binary.
    ("malicious-binary/003", &[(ADDED, 8202)]),
    // A dropper script matching two YARA rules; a health check matching none and a script too
    // large to scan are not reported.
    (
        "malicious-script/001",
        &[("MALICIOUS_SCRIPT_EXECUTED", 8301)],
    ),
    // pkexec with no arguments (PwnKit) and with GCONV_PATH set, in a container; an ordinary
    // pkexec, and the same exploit on the host, are not reported.
    (
        "polkit/001",
        &[
            ("POLKIT_LOCAL_PRIVILEGE_ESCALATION_VULNERABILITY", 40001),
            ("POLKIT_LOCAL_PRIVILEGE_ESCALATION_VULNERABILITY", 40002),
        ],
    ),
    // A `GCONV_PATH=` directory on PATH; an argument list the sensor cut is not "empty"; a bare
    // argc 0 with an ordinary environment is.
    (
        "polkit/002",
        &[
            ("POLKIT_LOCAL_PRIVILEGE_ESCALATION_VULNERABILITY", 40011),
            ("POLKIT_LOCAL_PRIVILEGE_ESCALATION_VULNERABILITY", 40013),
        ],
    ),
    // Shell scripts scored by the shell-script method: a dropper run as `sh FILE`, a reverse
    // shell run with options before the file; an entrypoint that waits on /dev/tcp and decodes
    // a config, and a Python script quoting a reverse shell in a comment, are not reported.
    (
        "malicious-script/003",
        &[
            ("MALICIOUS_SCRIPT_EXECUTED", 8321),
            ("MALICIOUS_SCRIPT_EXECUTED", 8322),
        ],
    ),
    // A Python script file matching a rule; another matching none.
    (
        "malicious-script/002",
        &[("MALICIOUS_SCRIPT_EXECUTED", 8311)],
    ),
    // YARA matches recorded by the sensor: an added binary (also an Added Binary Executed),
    // and an image binary too large to hash; a timed-out scan is no finding.
    (
        "malicious-binary/004",
        &[
            ("ADDED_MALICIOUS_BINARY_EXECUTED", 8202),
            (ADDED, 8202),
            ("BUILT_IN_MALICIOUS_BINARY_EXECUTED", 8203),
        ],
    ),
    // The shell that ran the miner is reported, the miner under it (same URL) is not again;
    // the host's miner is not a container finding.
    (
        "stratum/001",
        // The miners are added binaries or run from /dev/shm.
        &[
            (MINE, 10001),
            (ADDED, 10002),
            (MINE, 10003),
            (SHM, 10003),
            (MINE, 11001),
            (ADDED, 11001),
        ],
    ),
    ("stratum/002", &[]),
    (
        "sudo/001",
        &[
            (SUDO_UID, 30001),
            (SUDO_UID, 30002),
            (SUDO_EDIT, 30003),
            (SUDO_EDIT, 30004),
        ],
    ),
    ("sudo/002", &[]),
    // By script (bash linpeas.sh, python3 …py, perl …pl) and by executable; not the find the
    // script runs, not the host.
    (
        "recon-tools/001",
        &[
            (RECON, 50001),
            (RECON, 50003),
            (ADDED, 50003),
            (RECON, 50004),
            (RECON, 50005),
        ],
    ),
    ("recon-tools/002", &[]),
    (
        "k8s-attack-tools/001",
        &[
            (K8S, 53001),
            (ADDED, 53001),
            (K8S, 53002),
            (ADDED, 53002),
            (K8S, 53003),
        ],
    ),
    ("k8s-attack-tools/002", &[]),
    // nsenter into pid 1, a release_agent command line (not the mount under it), cdk, tee to
    // core_pattern; not nsenter into another process, not the host's nsenter.
    (
        "container-escape/001",
        &[
            (ESCAPE, 55001),
            (ESCAPE, 55002),
            (ESCAPE, 55004),
            (ADDED, 55004),
            (ESCAPE, 55005),
        ],
    ),
    ("container-escape/002", &[]),
    (
        "private-keys/001",
        &[(KEYS, 58001), (KEYS, 58002), (KEYS, 58003), (KEYS, 58005)],
    ),
    ("private-keys/002", &[]),
    (
        "gcp-credentials/001",
        &[(GCP, 60001), (GCP, 60002), (GCP, 60003)],
    ),
    ("gcp-credentials/002", &[]),
    (
        "file-copy/001",
        &[
            (COPY, 62001),
            (COPY, 62002),
            (COPY, 62003),
            (ADDED, 62003),
            (COPY, 62004),
        ],
    ),
    ("file-copy/002", &[]),
    // Upper layer and copied up; not the image, a volume, or the host.
    ("added-binary/001", &[(ADDED, 70001), (ADDED, 70002)]),
    ("added-binary/002", &[]),
    ("fileless/001", &[(MEMFD, 73001), (SHM, 73002)]),
    // Reading /dev/shm is not executing from it; runc's memfd on the host is not a container.
    ("fileless/002", &[]),
    ("netcat/001", &[(NC, 76001), (NC, 76002)]),
    // Port scans, a listener without -e, OpenBSD netcat's -c.
    ("netcat/002", &[]),
    ("socat/001", &[(SOCAT, 78001), (SOCAT, 78002)]),
    // A TCP relay, a unix socket to a program.
    ("socat/002", &[]),
    // The model also scores the -c one-liner as malicious Python.
    (
        "base64-cmdline/001",
        &[
            (B64_ELF, 80001),
            (PY, 80003),
            (B64_PY, 80003),
            (B64_SH, 80004),
        ],
    ),
    // A JWT, a base64 JSON configuration, a long path.
    ("base64-cmdline/002", &[]),
    // sh under php-fpm8.2 (prefix entry), bash under java; not the id under that sh.
    ("child-shell/001", &[(CHILD, 82002), (CHILD, 83001)]),
    // Shells under an entrypoint script and python, the host's nginx.
    ("child-shell/002", &[]),
    (
        "malicious-python/001",
        &[
            ("MALICIOUS_PYTHON_EXECUTED", 9001),
            ("MALICIOUS_PYTHON_EXECUTED", 9002),
        ],
    ),
    // Libraries from the upper layer (twice by one process: once), a modified image library,
    // a memfd and /dev/shm; a process the sensor never saw start is named by its pid. The
    // image's libssl is silent.
    (
        "added-library/001",
        &[
            (ADDED_LIB, 8401),
            (ADDED_LIB, 8402),
            (ADDED_LIB, 8403),
            (ADDED_LIB, 8404),
            (ADDED_LIB, 8407),
        ],
    ),
    // A volume's library in a container, a library on the host.
    ("added-library/002", &[]),
    // Listed image library; listed added library; a modified image library matching a YARA
    // rule. The added and modified ones are also Added Library Loaded.
    (
        "malicious-library/001",
        &[
            ("BUILT_IN_MALICIOUS_LIBRARY_LOADED", 8500),
            ("ADDED_MALICIOUS_LIBRARY_LOADED", 8501),
            (ADDED_LIB, 8501),
            ("MODIFIED_MALICIOUS_LIBRARY_LOADED", 8502),
            (ADDED_LIB, 8502),
        ],
    ),
    // A clean image library; an added library on no feed is only an added library.
    ("malicious-library/002", &[(ADDED_LIB, 8503)]),
];

fn findings(jsonl: &str) -> Vec<serde_json::Value> {
    jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn check_expected(detector: &str, input: &Path, got: &str) {
    let case = format!(
        "{detector}/{}",
        input.file_stem().unwrap().to_str().unwrap()
    );
    let (_, expected) = EXPECTED
        .iter()
        .find(|(name, _)| *name == case)
        .unwrap_or_else(|| panic!("{case} has no entry in EXPECTED"));
    let got: Vec<(String, u64)> = findings(got)
        .iter()
        .map(|f| {
            let f = &f["finding"];
            (
                f["moduleName"].as_str().unwrap().to_owned(),
                f["processes"][0]["pid"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected: Vec<(String, u64)> = expected
        .iter()
        .map(|(m, p)| ((*m).to_owned(), u64::from(*p)))
        .collect();
    assert_eq!(got, expected, "{case}");
}

fn of_module(findings: &[serde_json::Value], module: &str) -> Vec<serde_json::Value> {
    findings
        .iter()
        .filter(|f| f["finding"]["moduleName"] == module)
        .cloned()
        .collect()
}

fn case(name: &str) -> Vec<serde_json::Value> {
    let (detector, _) = name.split_once('/').unwrap();
    let mut intel = IntelSet::new();
    let feed = testdata().join(detector).join("intel.loki");
    if feed.exists() {
        load_feed(&mut intel, detector, &feed);
    }
    findings(&run_case(
        &testdata().join(format!("{name}.in")),
        Arc::new(intel),
    ))
}

#[test]
fn reverse_shell_over_ipv6_in_a_pod_known_only_by_cgroup() {
    let f = &case("reverse-shell/002")[0];
    let props = &f["finding"]["sourceProperties"];
    assert_eq!(
        props["Reverse_Shell_Stdin_Redirection_Dst_Ip"],
        "2001:db8::beef"
    );
    assert_eq!(props["Reverse_Shell_Stdin_Redirection_Dst_Port"], 8443);
    assert_eq!(
        props["Reverse_Shell_Stdin_Redirection_Src_Ip"],
        "fd00:10:244::12"
    );
    assert_eq!(props["Reverse_Shell_Stdin_Redirection_Src_Port"], 40112);
    assert_eq!(
        f["finding"]["kubernetes"]["pods"][0]["name"],
        "6f1e0a4c-2b5d-4e8f-9a7c-1d3b5f7e9a0c"
    );
    assert_eq!(f["resource"]["type"], "shrike.Container");
    // The ancestry follows the offending process: sh, then gunicorn.
    let pids: Vec<u64> = f["finding"]["processes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["pid"].as_u64().unwrap())
        .collect();
    assert_eq!(pids, vec![2001, 2000]);
}

#[test]
fn reverse_shell_on_stdout_only_names_that_fd() {
    let f = &case("reverse-shell/003")[1];
    let props = &f["finding"]["sourceProperties"];
    assert_eq!(props["Reverse_Shell_Redirected_Fd"], "stdout");
    assert_eq!(props["Reverse_Shell_Stdin_Redirection_Dst_Port"], 9001);
    let udp = &case("reverse-shell/003")[0];
    assert_eq!(
        udp["finding"]["sourceProperties"]["Reverse_Shell_Protocol"],
        "UDP"
    );
}

#[test]
fn remote_command_through_the_shell_ancestor() {
    let all = case("remote-command/001");
    let uname = all
        .iter()
        .find(|f| f["finding"]["processes"][0]["pid"] == 1008)
        .unwrap();
    let props = &uname["finding"]["sourceProperties"];
    assert_eq!(props["Remote_Command"], "uname");
    assert_eq!(props["Socket_Holder_Pid"], 1007);
    let cat = all
        .iter()
        .find(|f| f["finding"]["processes"][0]["pid"] == 1004)
        .unwrap();
    assert_eq!(
        cat["finding"]["sourceProperties"]["Remote_Command"], "cat",
        "busybox applet by argv[0]"
    );
}

#[test]
fn malicious_binary_links_virustotal_and_names_the_feed() {
    let f = &case("malicious-binary/001")[0]["finding"];
    let sha = f["sourceProperties"]["Binary_Sha256"].as_str().unwrap();
    let vt = format!("https://www.virustotal.com/gui/file/{sha}");
    assert_eq!(f["externalUri"], vt.as_str());
    assert_eq!(f["indicator"]["uris"][0], vt.as_str());
    assert_eq!(
        f["sourceProperties"]["Intel_Comment"],
        "Test.CoinMiner.XMRig bundled in image"
    );
    assert_eq!(f["severity"], "CRITICAL");
    assert_eq!(
        f["mitreAttack"]["primaryTechniques"][0],
        "INGRESS_TOOL_TRANSFER"
    );
    // Upper-case hashes in events are matched and reported lower-case.
    let added = &case("malicious-binary/002")[0]["finding"];
    let sha = added["sourceProperties"]["Binary_Sha256"].as_str().unwrap();
    assert_eq!(sha, sha.to_ascii_lowercase());
    // YARA: every matching rule is a signature, with its file in the properties.
    let yara = case("malicious-binary/004");
    let f = &yara[0]["finding"];
    let rules: Vec<&str> = f["indicator"]["signatures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["yaraRuleSignature"]["yaraRule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["xmrig_miner", "upx_packed"]);
    assert_eq!(
        f["sourceProperties"]["Yara_Rules"],
        "xmrig_miner, upx_packed"
    );
    assert_eq!(
        f["sourceProperties"]["Yara_Rule_Files"],
        "rules/miners.yar, rules/packers.yar"
    );
    assert!(f["sourceProperties"]["Intel_Source"].is_null());
    // Unhashed: no VirusTotal link, the rule alone.
    let g = &yara[2]["finding"];
    assert!(g["externalUri"].is_null(), "{g}");
    assert!(g["sourceProperties"]["Binary_Sha256"].is_null(), "{g}");
    assert_eq!(
        g["indicator"]["signatures"][0]["yaraRuleSignature"]["yaraRule"],
        "webshell_loader"
    );
}

/// Every detector the engine runs has golden cases (its directory is named after it), at least
/// an attack and a look-alike that must stay silent.
#[test]
fn every_detector_has_golden_cases() {
    for name in shrike_detect::DETECTOR_NAMES {
        let min = match *name {
            "reverse-shell" => 4,
            "remote-command" | "compiler" | "malicious-binary" => 3,
            "malicious-python" => 1,
            _ => 2,
        };
        assert!(check_dir(name) >= min, "{name}: fewer than {min} cases");
    }
}

#[test]
fn tool_and_search_findings_say_what_matched() {
    // The i-th finding of the case's own detector (others may fire on the same processes).
    let prop = |case_name: &str, i: usize, key: &str| -> serde_json::Value {
        let module = EXPECTED
            .iter()
            .find(|(n, _)| *n == case_name)
            .and_then(|(_, e)| e.first())
            .unwrap()
            .0;
        of_module(&case(case_name), module)[i]["finding"]["sourceProperties"][key].clone()
    };
    assert_eq!(prop("recon-tools/001", 0, "Tool_Name"), "linpeas");
    assert_eq!(prop("recon-tools/001", 0, "Tool_Matched_By"), "script");
    assert_eq!(prop("recon-tools/001", 1, "Tool_Matched_By"), "executable");
    assert_eq!(prop("recon-tools/001", 2, "Tool_Name"), "linuxprivchecker");
    assert_eq!(prop("k8s-attack-tools/001", 2, "Tool_Name"), "kube-hunter");
    assert_eq!(
        prop("container-escape/001", 0, "Escape_Technique"),
        "nsenter-pid1"
    );
    assert_eq!(
        prop("container-escape/001", 1, "Escape_Technique"),
        "cgroup-release-agent"
    );
    assert_eq!(prop("container-escape/001", 2, "Escape_Indicator"), "cdk");
    assert_eq!(
        prop("container-escape/001", 3, "Escape_Technique"),
        "core-pattern"
    );
    assert_eq!(prop("private-keys/001", 0, "Search_Pattern"), "private key");
    assert_eq!(prop("private-keys/001", 2, "Search_Pattern"), "password");
    assert_eq!(prop("private-keys/001", 2, "Search_Argument"), "password");
    assert_eq!(prop("gcp-credentials/001", 0, "Search_Tool"), "find");
    assert_eq!(
        prop("gcp-credentials/001", 0, "Search_Pattern"),
        "application_default_credentials"
    );
    assert_eq!(
        prop("file-copy/001", 0, "Copy_Remote"),
        "loot@203.0.113.5:/srv/in/"
    );
    assert_eq!(prop("file-copy/001", 3, "Copy_Tool"), "tftp");
    assert_eq!(prop("file-copy/001", 3, "Copy_Remote"), "");
    let escape = &of_module(&case("container-escape/001"), ESCAPE)[0]["finding"];
    assert_eq!(escape["severity"], "CRITICAL");
    assert_eq!(
        escape["mitreAttack"]["primaryTechniques"][0],
        "ESCAPE_TO_HOST"
    );
}

#[test]
fn stratum_findings_name_the_pool() {
    let all = of_module(&case("stratum/001"), MINE);
    let f = &all[0]["finding"];
    let props = &f["sourceProperties"];
    assert_eq!(props["Stratum_Url"], "stratum+tcp://pool.example.net:3333");
    assert_eq!(props["Stratum_Host"], "pool.example.net");
    assert_eq!(props["Stratum_Port"], "3333");
    assert_eq!(props["Stratum_Argument_Index"], 2);
    assert_eq!(f["indicator"]["domains"][0], "pool.example.net");
    assert_eq!(f["severity"], "HIGH");
    assert_eq!(f["mitreAttack"]["primaryTactic"], "IMPACT");
    assert_eq!(
        f["mitreAttack"]["primaryTechniques"][0],
        "RESOURCE_HIJACKING"
    );
    let by_ip = &all[1]["finding"];
    assert_eq!(by_ip["indicator"]["ipAddresses"][0], "198.51.100.20");
    assert_eq!(by_ip["sourceProperties"]["Stratum_Argument_Index"], 1);
    let v6 = &all[2]["finding"]["sourceProperties"];
    assert_eq!(v6["Stratum_Host"], "2001:db8::7");
    assert_eq!(v6["Stratum_Port"], "3336");
}

#[test]
fn sudo_findings_carry_the_cve_and_the_argument() {
    let all = case("sudo/001");
    let p = |i: usize| all[i]["finding"]["sourceProperties"].clone();
    assert_eq!(p(0)["Cve"], "CVE-2019-14287");
    assert_eq!(p(0)["Sudo_Target_User"], "#-1");
    assert_eq!(p(0)["Sudo_Command"], "/bin/bash");
    assert_eq!(p(1)["Sudo_Target_User"], "#4294967295");
    assert_eq!(p(1)["Sudo_Command"], "id -u");
    assert_eq!(p(2)["Cve"], "CVE-2021-3156");
    assert_eq!(p(2)["Sudo_Mode"], "-s");
    assert_eq!(p(2)["Backslash_Argument_Index"], 2);
    assert_eq!(p(2)["Backslash_Argument"], "\\");
    assert_eq!(p(3)["Backslash_Argument"], "AAAAAAAA\\");
    assert_eq!(
        all[2]["finding"]["mitreAttack"]["primaryTactic"],
        "PRIVILEGE_ESCALATION"
    );
}

#[test]
fn docs_list_every_default_command_and_tool() {
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/detectors.md"
    ))
    .unwrap();
    use shrike_detect::detectors::{
        base64_cmdline::{PYTHON_MARKERS, SHELL_MARKERS},
        child_shell::DEFAULT_SHELL_PARENTS,
        netcat::NETCAT_NAMES,
    };
    use shrike_detect::detectors::{
        compiler::DEFAULT_COMPILER_TOOLS, container_escape::DEFAULT_ESCAPE_TOOLS,
        file_copy::DEFAULT_COPY_TOOLS, gcp_credentials::GCP_MARKERS,
        k8s_attack_tools::DEFAULT_K8S_ATTACK_TOOLS, private_keys::KEY_MARKERS,
        private_keys::PASSWORD_WORDS, recon_tools::DEFAULT_RECON_TOOLS,
        remote_command::DEFAULT_REMOTE_COMMANDS,
    };
    for name in DEFAULT_REMOTE_COMMANDS
        .iter()
        .chain(DEFAULT_COMPILER_TOOLS)
        .chain(DEFAULT_RECON_TOOLS)
        .chain(DEFAULT_K8S_ATTACK_TOOLS)
        .chain(DEFAULT_ESCAPE_TOOLS)
        .chain(KEY_MARKERS)
        .chain(PASSWORD_WORDS)
        .chain(GCP_MARKERS)
        .chain(DEFAULT_COPY_TOOLS)
        .chain(DEFAULT_SHELL_PARENTS)
        .chain(PYTHON_MARKERS)
        .chain(SHELL_MARKERS)
        .chain(NETCAT_NAMES)
    {
        assert!(
            doc.contains(&format!("`{name}`")),
            "docs/detectors.md does not list `{name}`"
        );
    }
}

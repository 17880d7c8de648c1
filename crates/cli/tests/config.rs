//! `--config FILE` as users run it, and the deployment files under `deploy/`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods,
    missing_docs,
    reason = "test code: panicking on a broken fixture is the failure report, and fixtures are ours"
)]

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};
use yaml_rust2::{Yaml, YamlLoader};

fn testdata(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../detect/testdata")
        .join(rel)
}

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel)
}

fn golden(rel: &str) -> String {
    std::fs::read_to_string(testdata(rel)).unwrap()
}

fn shrike() -> Command {
    let mut cmd = Command::cargo_bin("shrike").unwrap();
    cmd.env_remove("SHRIKE_LOG").env_remove("SHRIKE_API_TOKEN");
    cmd
}

/// A directory with `conf/shrike.toml` holding `text`.
fn config_dir(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("conf")).unwrap();
    std::fs::write(dir.path().join("conf/shrike.toml"), text).unwrap();
    dir
}

/// The names the golden files were made with.
const GOLDEN_NAMES: &str = "project = \"golden\"\nsource = \"shrike\"\nhost = \"golden-host\"\n";

fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).unwrap()
}

#[test]
fn unknown_key_is_named_with_file_and_line_and_exits_2() {
    let dir = config_dir("# sensor\nproject = \"p\"\nsinks = [\"stderr\"]\n");
    let config = dir.path().join("conf/shrike.toml");
    // watch checks the file before it needs root, so this runs anywhere.
    let serve_dir = config_dir("# server\nlisten = \"127.0.0.1:0\"\nsinks = [\"stderr\"]\n");
    let serve_config = serve_dir.path().join("conf/shrike.toml");
    for (command, config) in [("watch", &config), ("serve", &serve_config)] {
        let assert = shrike()
            .args([command, "--config"])
            .arg(config)
            .assert()
            .code(2);
        let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
        let expected = format!(
            "shrike: error: {}:3: unknown key `sinks` (expected",
            config.display()
        );
        assert!(err.starts_with(&expected), "{command}: {err}");
        assert_eq!(err.lines().count(), 1, "one line: {err}");
    }
    // Each command has its own keys: `project` means nothing to serve.
    shrike()
        .args(["serve", "--config"])
        .arg(&config)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            ":2: unknown key `project` (expected one of `store`, `listen`, `token_file`, `ingest`",
        ));
    // Only watch and replay know the detection keys.
    shrike()
        .args(["replay", "--config"])
        .arg(&config)
        .arg(testdata("compiler/001.in"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(":3: unknown key `sinks`"));
}

/// `shrike replay` with a configuration file holding `text` exits 2 before reading any event,
/// with `expected` in its error.
fn replay_refuses_config(text: &str, expected: &str) {
    let dir = config_dir(text);
    shrike()
        .args(["replay", "--config"])
        .arg(dir.path().join("conf/shrike.toml"))
        .arg(testdata("compiler/001.in"))
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(expected));
}

#[test]
fn a_value_of_the_wrong_type_is_named() {
    replay_refuses_config(
        "project = \"p\"\n\nintel = \"feeds\"\n",
        "conf/shrike.toml:3: `intel`: invalid type: string \"feeds\", expected a sequence",
    );
    let dir = config_dir("store = \"sqlite::memory:\"\nlisten = 7070\n");
    shrike()
        .args(["serve", "--config"])
        .arg(dir.path().join("conf/shrike.toml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "conf/shrike.toml:2: `listen`: invalid type: integer `7070`, expected a string",
        ));
}

/// The name lists are detection rules: an entry that can never match, or that matches every
/// process, is refused with its line (in the file) or its flag, before any event is read.
#[test]
fn a_detection_rule_that_cannot_match_is_refused_where_it_is_written() {
    for (text, expected) in [
        (
            "project = \"p\"\nshell_parents = [\"nginx\", \"*\"]\n",
            ":2: `shell_parents`: entry 2: `*` alone would make every process",
        ),
        (
            "\n\ncompiler_tools = [\n  \"gcc\",\n  \"/usr/bin/cc\",\n]\n",
            ":3: `compiler_tools`: entry 2: `/usr/bin/cc` is a path",
        ),
        (
            "remote_commands = [\"\"]\n",
            ":1: `remote_commands`: entry 1: an empty name matches nothing",
        ),
    ] {
        replay_refuses_config(text, expected);
    }
    for (flag, value, expected) in [
        ("--compiler-tools", "gcc, cc", "` cc` has spaces around it"),
        ("--shell-parents", "php*fpm", "only at the end"),
        (
            "--remote-commands",
            "nc,,socat",
            "an empty name matches nothing",
        ),
    ] {
        shrike()
            .args(["replay", flag, value])
            .arg(testdata("compiler/001.in"))
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(flag).and(predicate::str::contains(expected)));
    }
}

#[test]
fn a_missing_config_file_is_named() {
    shrike()
        .args(["replay", "--config", "/nonexistent/shrike.toml"])
        .arg(testdata("compiler/001.in"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--config /nonexistent/shrike.toml: No such file or directory",
        ));
}

#[test]
fn replay_sends_findings_to_the_sink_of_the_file_relative_to_the_file() {
    let dir = config_dir(&format!(
        "{GOLDEN_NAMES}sink = [\"jsonl:findings.jsonl\"]\n"
    ));
    let assert = shrike()
        .current_dir(dir.path())
        .args(["replay", "--config", "conf/shrike.toml"])
        .arg(testdata("compiler/001.in"))
        .assert()
        .success();
    assert_eq!(
        stdout(&assert),
        "",
        "the file's sink replaces the default jsonl:-"
    );
    let written = std::fs::read_to_string(dir.path().join("conf/findings.jsonl")).unwrap();
    assert_eq!(written, golden("compiler/001.out"));
    assert!(!dir.path().join("findings.jsonl").exists());
}

#[test]
fn flags_on_the_command_line_win_over_the_file() {
    let dir = config_dir(
        "project = \"from-file\"\nsource = \"shrike\"\nhost = \"golden-host\"\n\
         sink = [\"jsonl:findings.jsonl\"]\n",
    );
    let config = dir.path().join("conf/shrike.toml");
    let assert = shrike()
        .args([
            "replay",
            "--project",
            "golden",
            "--sink",
            "jsonl:-",
            "--config",
        ])
        .arg(&config)
        .arg(testdata("compiler/001.in"))
        .assert()
        .success();
    // --project and --sink from the command line, source and host from the file.
    assert_eq!(stdout(&assert), golden("compiler/001.out"));
    assert!(!dir.path().join("conf/findings.jsonl").exists());

    // Without the flag, the file's project names the findings.
    let assert = shrike()
        .args(["replay", "--sink", "jsonl:-", "--config"])
        .arg(&config)
        .arg(testdata("compiler/001.in"))
        .assert()
        .success();
    let out = stdout(&assert);
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(out.contains("\"name\":\"projects/from-file/sources/shrike/findings/"));
}

#[test]
fn a_repeatable_flag_replaces_the_files_list() {
    let dir = config_dir(&format!("{GOLDEN_NAMES}disable = [\"compiler\"]\n"));
    let config = dir.path().join("conf/shrike.toml");
    let disabled = shrike()
        .args(["replay", "--config"])
        .arg(&config)
        .arg(testdata("compiler/001.in"))
        .assert()
        .success();
    assert_eq!(
        stdout(&disabled),
        "",
        "the file disables the compiler detector"
    );
    let replaced = shrike()
        .args(["replay", "--disable", "reverse-shell", "--config"])
        .arg(&config)
        .arg(testdata("compiler/001.in"))
        .assert()
        .success();
    assert_eq!(stdout(&replaced), golden("compiler/001.out"));
}

#[test]
fn relative_paths_in_the_file_are_relative_to_its_directory() {
    let dir = config_dir(&format!("{GOLDEN_NAMES}intel = [\"feeds\"]\n"));
    std::fs::create_dir(dir.path().join("conf/feeds")).unwrap();
    std::fs::copy(
        testdata("malicious-binary/intel.loki"),
        dir.path().join("conf/feeds/intel.loki"),
    )
    .unwrap();
    // Run from elsewhere: `feeds` is found beside the file, not in the working directory.
    let elsewhere = tempfile::tempdir().unwrap();
    let feed = dir.path().join("conf/feeds/intel.loki");
    let assert = shrike()
        .current_dir(elsewhere.path())
        .args(["replay", "--config"])
        .arg(dir.path().join("conf/shrike.toml"))
        .arg(testdata("malicious-binary/002.in"))
        .assert()
        .success()
        .stderr(predicate::str::contains(format!(
            "{}: skipped 1 MD5",
            feed.display()
        )));
    // The golden findings, with the feed named by the path it was loaded from.
    let out = stdout(&assert);
    let expected = golden("malicious-binary/002.out")
        .replace("malicious-binary/intel.loki", &feed.display().to_string());
    assert!(
        out == expected,
        "not the golden findings with {}",
        feed.display()
    );
}

#[test]
fn serve_takes_its_store_and_token_file_from_the_file() {
    shrike()
        .arg("serve")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no findings store: give --store URL, or `store` in the --config file",
        ));
    // The file's listen address is off loopback, and its token file (beside the file) is
    // missing: the error names the resolved path.
    let dir = config_dir(
        "store = \"sqlite:shrike.db\"\nlisten = \"0.0.0.0:0\"\ntoken_file = \"token\"\n",
    );
    shrike()
        .args(["serve", "--config"])
        .arg(dir.path().join("conf/shrike.toml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{}",
            dir.path().join("conf/token").display()
        )));
}

#[test]
fn serve_opens_the_files_store_beside_the_file_and_listens_where_the_flag_says() {
    use std::io::BufRead;
    let dir = config_dir("store = \"sqlite:shrike.db\"\nlisten = \"0.0.0.0:0\"\n");
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    // Off loopback without a token would be refused: --listen on the command line wins.
    let mut child = Kill(
        std::process::Command::new(assert_cmd::cargo::cargo_bin("shrike"))
            .current_dir(dir.path())
            .env_remove("SHRIKE_API_TOKEN")
            .args([
                "serve",
                "--config",
                "conf/shrike.toml",
                "--listen",
                "127.0.0.1:0",
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut stderr = std::io::BufReader::new(child.0.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    assert!(line.contains("http://127.0.0.1:"), "{line}");
    assert!(dir.path().join("conf/shrike.db").exists(), "{line}");
    assert!(!dir.path().join("shrike.db").exists());
}

// The example configurations are parsed by the binary's own parser in its unit tests
// (src/config/tests.rs); here they run through the binary.

#[test]
fn the_example_watch_configuration_replays() {
    let assert = shrike()
        .args([
            "replay",
            "--sink",
            "jsonl:-",
            "--host",
            "golden-host",
            "--config",
        ])
        .arg(repo("deploy/shrike-watch.example.toml"))
        .arg(testdata("compiler/001.in"))
        .assert()
        .success();
    let out = stdout(&assert);
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(out.contains("\"name\":\"projects/local/sources/shrike/findings/"));
}

fn manifest(rel: &str) -> Vec<Yaml> {
    let text = std::fs::read_to_string(repo(rel)).unwrap();
    YamlLoader::load_from_str(&text).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn of_kind<'a>(docs: &'a [Yaml], kind: &str) -> &'a Yaml {
    docs.iter()
        .find(|d| d["kind"].as_str() == Some(kind))
        .unwrap_or_else(|| panic!("no {kind}"))
}

fn strings(list: &Yaml) -> Vec<&str> {
    list.as_vec()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect()
}

/// The Secret an environment variable of `container` comes from: (name, key).
fn secret_of<'a>(container: &'a Yaml, var: &str) -> (&'a str, &'a str) {
    let env = container["env"]
        .as_vec()
        .unwrap()
        .iter()
        .find(|e| e["name"].as_str() == Some(var))
        .unwrap_or_else(|| panic!("no {var}"));
    let secret = &env["valueFrom"]["secretKeyRef"];
    (
        secret["name"].as_str().unwrap(),
        secret["key"].as_str().unwrap(),
    )
}

#[test]
fn the_daemonset_runs_the_sensor_privileged_in_the_host_pid_namespace() {
    let docs = manifest("deploy/kubernetes/daemonset.yaml");
    let ds = of_kind(&docs, "DaemonSet");
    let pod = &ds["spec"]["template"]["spec"];
    assert_eq!(pod["hostPID"].as_bool(), Some(true));
    let container = &pod["containers"][0];
    assert_eq!(
        container["securityContext"]["privileged"].as_bool(),
        Some(true)
    );
    let args = strings(&container["args"]);
    assert_eq!(args[..3], ["watch", "--config", "/etc/shrike/shrike.toml"]);
    assert_eq!(
        secret_of(container, "SHRIKE_API_TOKEN"),
        ("shrike-api-token", "token")
    );

    let host_paths: Vec<&str> = pod["volumes"]
        .as_vec()
        .unwrap()
        .iter()
        .filter_map(|v| v["hostPath"]["path"].as_str())
        .collect();
    for needed in ["/sys/kernel/btf", "/run/containerd", "/var/lib/shrike"] {
        assert!(
            host_paths.contains(&needed),
            "{needed} not mounted: {host_paths:?}"
        );
    }
    // Runtime state is only read.
    let mounts = container["volumeMounts"].as_vec().unwrap();
    let containerd = mounts
        .iter()
        .find(|m| m["mountPath"].as_str() == Some("/run/containerd"))
        .unwrap();
    assert_eq!(containerd["readOnly"].as_bool(), Some(true));

    // The ConfigMap mounted at /etc/shrike is the one the DaemonSet names, and the binary
    // accepts its TOML.
    let map = of_kind(&docs, "ConfigMap");
    let config_volume = pod["volumes"]
        .as_vec()
        .unwrap()
        .iter()
        .find(|v| !v["configMap"].is_badvalue())
        .unwrap();
    assert_eq!(
        config_volume["configMap"]["name"].as_str(),
        map["metadata"]["name"].as_str()
    );
    let toml = map["data"]["shrike.toml"].as_str().unwrap();
    assert!(
        toml.contains("\"nats://nats.shrike.svc:4222/shrike.findings\""),
        "{toml}"
    );
    let dir = config_dir(toml);
    let assert = shrike()
        .args(["replay", "--sink", "jsonl:-", "--config"])
        .arg(dir.path().join("conf/shrike.toml"))
        .arg(testdata("compiler/001.in"))
        .assert()
        .success();
    assert!(stdout(&assert).contains("\"name\":\"projects/my-cluster/sources/shrike/findings/"));
}

#[test]
fn the_server_manifest_serves_a_store_from_a_secret_behind_a_readiness_probe() {
    let docs = manifest("deploy/kubernetes/server.yaml");
    let deployment = of_kind(&docs, "Deployment");
    let container = &deployment["spec"]["template"]["spec"]["containers"][0];
    let args = strings(&container["args"]);
    assert_eq!(args[0], "serve");
    let store = args.iter().position(|a| *a == "--store").unwrap();
    assert_eq!(args[store + 1], "$(SHRIKE_STORE)");
    assert_eq!(
        secret_of(container, "SHRIKE_STORE"),
        ("shrike-store", "url")
    );
    assert_eq!(
        secret_of(container, "SHRIKE_API_TOKEN"),
        ("shrike-api-token", "token")
    );

    let port = &container["ports"][0];
    let probe = &container["readinessProbe"]["httpGet"];
    assert_eq!(probe["port"].as_str(), port["name"].as_str());
    assert_eq!(probe["path"].as_str(), Some("/v1/openapi.json"));

    let service = of_kind(&docs, "Service");
    assert_eq!(
        service["spec"]["ports"][0]["targetPort"].as_str(),
        port["name"].as_str()
    );
    assert_eq!(
        service["spec"]["selector"],
        deployment["spec"]["selector"]["matchLabels"]
    );
    let toml = of_kind(&docs, "ConfigMap")["data"]["shrike.toml"]
        .as_str()
        .unwrap();
    assert!(toml.contains("ingest = \"nats://nats.shrike.svc:4222/shrike.findings\""));
    assert!(toml.contains("listen = \"0.0.0.0:7070\""));
    assert_eq!(port["containerPort"].as_i64(), Some(7070));
}

#[test]
fn the_systemd_units_run_the_documented_commands() {
    let watch = std::fs::read_to_string(repo("deploy/systemd/shrike-watch.service")).unwrap();
    for line in [
        "ExecStart=/usr/local/bin/shrike watch --config /etc/shrike/shrike.toml",
        "StateDirectory=shrike",
        "Restart=on-failure",
        "CapabilityBoundingSet=CAP_BPF CAP_PERFMON CAP_SYS_PTRACE CAP_DAC_READ_SEARCH CAP_SETPCAP",
    ] {
        assert!(
            watch.lines().any(|l| l == line),
            "shrike-watch.service lacks {line}"
        );
    }
    let serve = std::fs::read_to_string(repo("deploy/systemd/shrike-serve.service")).unwrap();
    assert!(serve
        .lines()
        .any(|l| l == "ExecStart=/usr/local/bin/shrike serve --config %d/shrike-serve.toml"));
}

//! A real server on loopback over a SQLite store seeded with findings, for the API, console
//! and browser tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods,
    missing_docs,
    dead_code,
    reason = "test support code"
)]

use serde_json::json;
use shrike_core::catalogue::FindingType;
use shrike_core::finding::{
    Finding, FindingClass, FindingEnvelope, MitreAttack, Mute, Resource, State,
};
use shrike_core::time::rfc3339_nanos;
use shrike_server::{bind, serve, ServerConfig};
use std::net::SocketAddr;
use std::time::Duration;

pub fn envelope(source: &str, i: u32, t: FindingType, args: &str) -> FindingEnvelope {
    let parent = format!("projects/p/sources/{source}");
    let time = 1_795_456_575_000_000_000 + u64::from(i) * 1_000_000_000;
    FindingEnvelope {
        finding: Finding {
            name: format!("{parent}/findings/{i:032x}"),
            parent,
            resource_name: "//shrike/projects/p/hosts/h".into(),
            state: State::Active,
            category: t.category().into(),
            module_name: t.module_name().into(),
            description: t.description().into(),
            external_uri: None,
            source_properties: [("Args".to_owned(), json!(args))].into_iter().collect(),
            event_time: rfc3339_nanos(time),
            create_time: rfc3339_nanos(time),
            severity: t.severity(),
            finding_class: FindingClass::Threat,
            mute: Mute::Undefined,
            indicator: None,
            mitre_attack: MitreAttack {
                primary_tactic: t.tactic(),
                primary_techniques: t.techniques().to_vec(),
                additional_techniques: vec![],
                version: "16".into(),
            },
            processes: vec![],
            containers: vec![],
            kubernetes: None,
        },
        resource: Resource {
            name: "//shrike/projects/p/hosts/h".into(),
            display_name: "h".into(),
            resource_type: "shrike.Host".into(),
            project_display_name: "p".into(),
            host: None,
        },
    }
}

pub struct Server {
    pub addr: SocketAddr,
    pub url: String,
    pub dir: tempfile::TempDir,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The default seed: 30 remote-command findings over two sources, and one Reverse Shell whose
/// properties carry HTML/JS and SQL payloads.
pub fn default_seed() -> Vec<FindingEnvelope> {
    let mut seed: Vec<FindingEnvelope> = (1..=30)
        .map(|i| {
            envelope(
                if i % 3 == 0 { "other" } else { "shrike" },
                i,
                FindingType::PossibleRemoteCommandExecutionDetected,
                "id",
            )
        })
        .collect();
    seed.push(envelope(
        "shrike",
        31,
        FindingType::ReverseShell,
        "<script>alert('x')</script>\"; DROP TABLE findings; --",
    ));
    seed
}

pub fn start(listen: &str, token: Option<&str>) -> Result<Server, shrike_server::ServeError> {
    start_with(listen, token, &default_seed())
}

pub fn start_with(
    listen: &str,
    token: Option<&str>,
    seed: &[FindingEnvelope],
) -> Result<Server, shrike_server::ServeError> {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("shrike.db").display());
    let mut store = shrike_store::open(&url).unwrap();
    store.insert(seed).unwrap();
    let config = ServerConfig {
        listen: listen.parse().unwrap(),
        token: token.map(str::to_owned),
        stream_poll: Duration::from_millis(100),
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (listener, addr) = rt.block_on(bind(&config))?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::spawn(move || {
        rt.block_on(async move {
            serve(listener, store, &config, async move {
                let _ = stopped.await;
            })
            .await
            .unwrap();
        });
    });
    let port = addr.port();
    Ok(Server {
        addr,
        url: format!("http://127.0.0.1:{port}"),
        dir,
        stop: Some(stop),
        thread: Some(thread),
    })
}

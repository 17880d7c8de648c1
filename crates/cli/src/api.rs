//! `shrike serve`, and the API `shrike watch` runs beside the sensor.

use crate::commands::{ApiArgs, ServeArgs};
use crate::exit::Failure;
use anyhow::{anyhow, Context};
use shrike_server::{bind, serve as serve_api, ServerConfig};
use std::io::Read;
use std::time::Duration;

fn config(args: &ApiArgs) -> Result<ServerConfig, Failure> {
    let listen = args
        .listen
        .parse()
        .with_context(|| {
            format!(
                "--listen {}: expected ADDR:PORT, e.g. 127.0.0.1:7070",
                args.listen
            )
        })
        .map_err(Failure::bad_input)?;
    let token = match &args.token_file {
        Some(path) => {
            let mut text = String::new();
            std::fs::File::open(path)
                .and_then(|f| f.take(4096).read_to_string(&mut text))
                .with_context(|| format!("reading --token-file {}", path.display()))
                .map_err(Failure::bad_input)?;
            let token = text.trim().to_owned();
            if token.is_empty() {
                return Err(Failure::bad_input(anyhow!(
                    "--token-file {} is empty",
                    path.display()
                )));
            }
            Some(token)
        }
        None => std::env::var("SHRIKE_API_TOKEN")
            .ok()
            .filter(|t| !t.trim().is_empty()),
    };
    Ok(ServerConfig {
        listen,
        token,
        stream_poll: Duration::from_millis(500),
    })
}

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the async runtime")
        .map_err(Failure::other)
}

/// `shrike serve`: the API over a store until SIGINT/SIGTERM.
pub fn serve(args: ServeArgs) -> Result<(), Failure> {
    let ingester = match &args.ingest {
        Some(spec) => {
            let ingest = shrike_server::ingest::IngestConfig::parse(spec).map_err(|reason| {
                // The spec may hold the NATS server's password.
                let spec = shrike_store::redact_url(spec);
                Failure::bad_input(anyhow!("--ingest {spec}: {reason}"))
            })?;
            // The ingester writes through connections of its own: one for SQLite (one writer
            // at a time), `writers` for PostgreSQL.
            let writers = if args.store.starts_with("sqlite:") {
                1
            } else {
                ingest.writers
            };
            let stores = (0..writers)
                .map(|_| shrike_store::open(&args.store))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| Failure::bad_input(anyhow!(e)))?;
            eprintln!(
                "shrike: ingesting findings from {} (durable consumer {}) into {} ({writers} writer(s))",
                ingest.nats,
                ingest.durable,
                shrike_store::redact_url(&args.store)
            );
            Some(
                shrike_server::ingest::Ingester::spawn(ingest, stores)
                    .context("starting the ingester")
                    .map_err(Failure::other)?,
            )
        }
        None => None,
    };
    let config = config(&args.api)?;
    let store = shrike_store::open(&args.store).map_err(|e| Failure::bad_input(anyhow!(e)))?;
    let rt = runtime()?;
    rt.block_on(async move {
        let (listener, addr) = bind(&config).await.map_err(|e| Failure::bad_input(anyhow!(e)))?;
        eprintln!("shrike: serving {} on http://{addr}/v1/ (OpenAPI at /v1/openapi.json)", shrike_store::redact_url(&args.store));
        let shutdown = async {
            let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = async { match term.as_mut() { Some(t) => { t.recv().await; } None => std::future::pending().await } } => {}
            }
        };
        serve_api(listener, store, &config, shutdown).await.context("serving the API").map_err(Failure::other)
    })?;
    // Stops after the batch in hand: what was committed is acknowledged, the rest is
    // delivered again to the next server.
    drop(ingester);
    Ok(())
}

/// Starts the API on a background thread for `shrike watch`; returns the address it listens on.
pub fn spawn_for_watch(store_url: &str, args: &ApiArgs) -> Result<std::net::SocketAddr, Failure> {
    let config = config(args)?;
    let store = shrike_store::open(store_url).map_err(|e| Failure::other(anyhow!(e)))?;
    let rt = runtime()?;
    let (listener, addr) = rt
        .block_on(bind(&config))
        .map_err(|e| Failure::bad_input(anyhow!(e)))?;
    std::thread::Builder::new()
        .name("shrike-api".into())
        .spawn(move || {
            // The API lives as long as the process: watch exits by returning from main.
            let result = rt.block_on(serve_api(listener, store, &config, std::future::pending()));
            if let Err(e) = result {
                tracing::error!(error = %e, "the API stopped");
            }
        })
        .context("starting the API thread")
        .map_err(Failure::other)?;
    Ok(addr)
}

//! `shrike findings …`: query and triage the store.

use crate::commands::{FindingsArgs, FindingsCommand};
use crate::exit::Failure;
use anyhow::anyhow;
use shrike_core::finding::{FindingEnvelope, Mute, State};
use shrike_store::{FindingStore, ListQuery, StoreError};
use std::fmt::Write as _;

fn store_failure(e: StoreError) -> Failure {
    match e {
        StoreError::Filter(_)
        | StoreError::NotFound { .. }
        | StoreError::BadPageToken { .. }
        | StoreError::BadUrl { .. } => Failure::bad_input(anyhow!(e)),
        other => Failure::other(anyhow!(other)),
    }
}

/// A full finding name, or the id at its end (as console URLs carry it).
fn resolve(store: &mut dyn FindingStore, name: &str) -> Result<String, Failure> {
    if name.contains("/findings/") {
        return Ok(name.to_owned());
    }
    let names = store.names_by_id(name).map_err(store_failure)?;
    match names.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(Failure::bad_input(anyhow!(
            "no finding named or with id {name}"
        ))),
        many => Err(Failure::bad_input(anyhow!(
            "id {name} is ambiguous: {}",
            many.join(", ")
        ))),
    }
}

/// Strips terminal control characters from attacker-controlled text.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() && c != '\n' {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

fn table(findings: &[FindingEnvelope]) -> String {
    let mut out = String::from("EVENT TIME                SEVERITY  STATE     CATEGORY                                                 RESOURCE              ID\n");
    for f in findings {
        let finding = &f.finding;
        let severity = finding.severity.as_str();
        let state = finding.state.as_str();
        let time: String = finding.event_time.chars().take(23).collect();
        let id = finding.name.rsplit('/').next().unwrap_or_default();
        let _ = writeln!(
            out,
            "{time:<25} {severity:<9} {state:<9} {:<56} {:<21} {id}",
            clean(&finding.category),
            clean(&f.resource.display_name)
                .chars()
                .take(21)
                .collect::<String>()
        );
    }
    out
}

/// The Summary tab as text: what was detected, where, and where to read more.
pub fn summary(f: &FindingEnvelope) -> String {
    let finding = &f.finding;
    let mut out = String::new();
    let severity = finding.severity.as_str();
    let state = finding.state.as_str();
    let _ = writeln!(out, "{} — {severity}, {state}", clean(&finding.category));
    let _ = writeln!(out, "{}", finding.name);
    let _ = writeln!(out, "\n{}", finding.description);
    if let Some(why) = finding
        .source_properties
        .get("Detection_Summary")
        .and_then(|v| v.as_str())
    {
        let _ = writeln!(out, "\nWhy: {}", clean(why));
    }
    let _ = writeln!(out, "\nWhat was detected");
    let _ = writeln!(out, "  Event time: {}", finding.event_time);
    if let Some(p) = finding.processes.first() {
        if let Some(b) = &p.binary {
            let _ = writeln!(
                out,
                "  Program binary: {}{}",
                clean(&b.path),
                b.sha256
                    .as_deref()
                    .map(|h| format!(" (sha256 {h})"))
                    .unwrap_or_default()
            );
        }
        let _ = writeln!(out, "  Arguments: {}", clean(&p.args.join(" ")));
        if let Some(s) = &p.script {
            let _ = writeln!(out, "  Script: {}", clean(&s.path));
        }
        let _ = writeln!(out, "  Process: pid {} (parent {})", p.pid, p.parent_pid);
        for a in finding.processes.iter().skip(1).take(5) {
            let path = a
                .binary
                .as_ref()
                .map(|b| b.path.as_str())
                .unwrap_or(&a.name);
            let _ = writeln!(
                out,
                "    under pid {} {}",
                a.pid,
                clean(&format!(
                    "{path} {}",
                    a.args.iter().skip(1).cloned().collect::<Vec<_>>().join(" ")
                ))
                .trim_end()
            );
        }
    }
    for c in &finding.containers {
        let _ = writeln!(
            out,
            "  Container: {}{}",
            clean(&c.name),
            c.uri
                .as_deref()
                .map(|u| format!(" (image {})", clean(u)))
                .unwrap_or_default()
        );
    }
    let _ = writeln!(
        out,
        "\nAffected resource\n  {} ({})",
        clean(&f.resource.name),
        f.resource.resource_type
    );
    if !finding.source_properties.is_empty() {
        let _ = writeln!(out, "\nSource properties");
        for (k, v) in &finding.source_properties {
            if k != "Detection_Summary" {
                let _ = writeln!(out, "  {k}: {}", clean(&v.to_string()));
            }
        }
    }
    let _ = writeln!(out, "\nRelated links");
    if let Some(uri) = &finding.external_uri {
        let _ = writeln!(out, "  VirusTotal: {uri}");
    }
    for t in &finding.mitre_attack.primary_techniques {
        let id = t.attack_id();
        let _ = writeln!(
            out,
            "  MITRE ATT&CK {id}: https://attack.mitre.org/techniques/{}/",
            id.replace('.', "/")
        );
    }
    out
}

/// Runs a `findings` subcommand.
pub fn run(args: FindingsArgs) -> Result<(), Failure> {
    // A malformed filter is refused before the store is touched, so a typo does not create an
    // empty database where none was.
    if let FindingsCommand::List {
        filter: Some(filter),
        ..
    } = &args.command
    {
        shrike_store::filter::parse(filter).map_err(|e| store_failure(StoreError::Filter(e)))?;
    }
    // Every `findings` command reads or changes findings already stored: a SQLite path that
    // names no file is a mistake (wrong directory, wrong `--store`), not an empty store to
    // create.
    if let Some(path) = args.store.strip_prefix("sqlite:") {
        if path != ":memory:" && !std::path::Path::new(path).exists() {
            return Err(Failure::bad_input(anyhow!(
                "no findings store at {path}: `shrike watch` creates shrike.db in the directory \
                 it runs in (or --data-dir); give its path with --store sqlite:PATH"
            )));
        }
    }
    let mut store = shrike_store::open(&args.store).map_err(store_failure)?;
    match args.command {
        FindingsCommand::List { filter, json } => {
            let mut query = ListQuery {
                filter,
                page_size: Some(shrike_store::MAX_PAGE_SIZE),
                ..ListQuery::default()
            };
            let mut all = Vec::new();
            let total = loop {
                let page = store.list(&query).map_err(store_failure)?;
                all.extend(page.findings);
                match page.next_page_token {
                    Some(t) => query.page_token = Some(t),
                    None => break page.total_size,
                }
            };
            if json {
                for f in &all {
                    println!("{}", serde_json::to_string(f).map_err(Failure::other)?);
                }
            } else {
                print!("{}", table(&all));
                eprintln!("{total} finding(s)");
            }
        }
        FindingsCommand::Show { name, json } => {
            let name = resolve(store.as_mut(), &name)?;
            let f = store.get(&name).map_err(store_failure)?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&f).map_err(Failure::other)?
                );
            } else {
                print!("{}", summary(&f));
            }
        }
        FindingsCommand::SetState { name, state } => {
            let name = resolve(store.as_mut(), &name)?;
            let state = if state == "INACTIVE" {
                State::Inactive
            } else {
                State::Active
            };
            store.set_state(&name, state).map_err(store_failure)?;
            eprintln!(
                "{name}: state {}",
                if state == State::Inactive {
                    "INACTIVE"
                } else {
                    "ACTIVE"
                }
            );
        }
        FindingsCommand::Mute { name } => {
            let name = resolve(store.as_mut(), &name)?;
            store.set_mute(&name, Mute::Muted).map_err(store_failure)?;
            eprintln!("{name}: muted");
        }
    }
    Ok(())
}

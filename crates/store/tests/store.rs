//! One suite, both backends: a real SQLite file and a real PostgreSQL server (the URL of a role
//! that may create databases in `SHRIKE_TEST_POSTGRES`; `.ci/run` starts one). Each run gets a
//! fresh PostgreSQL database, dropped at the end.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods,
    missing_docs,
    reason = "test code: panicking on a broken fixture is the failure report, and fixtures are ours"
)]

use shrike_core::catalogue::FindingType;
use shrike_core::finding::{
    Container, Finding, FindingClass, FindingEnvelope, MitreAttack, Mute, Resource, State,
};
use shrike_core::time::rfc3339_nanos;
use shrike_store::{FindingStore, ListQuery, StoreError};

const T0: u64 = 1_795_456_575_000_000_000;

fn envelope(
    i: u32,
    t: FindingType,
    container: Option<(&str, &str)>,
    props: &[(&str, serde_json::Value)],
) -> FindingEnvelope {
    let parent = if i.is_multiple_of(5) {
        "projects/p/sources/other"
    } else {
        "projects/p/sources/shrike"
    };
    let name = format!("{parent}/findings/{i:032x}");
    let resource = match container {
        Some((cname, _)) => Resource {
            name: format!("//shrike/projects/p/hosts/h/containers/{cname}"),
            display_name: cname.into(),
            resource_type: "shrike.Container".into(),
            project_display_name: "p".into(),
            host: Some("h".into()),
        },
        None => Resource {
            name: "//shrike/projects/p/hosts/h".into(),
            display_name: "h".into(),
            resource_type: "shrike.Host".into(),
            project_display_name: "p".into(),
            host: Some("h".into()),
        },
    };
    FindingEnvelope {
        finding: Finding {
            name,
            parent: parent.into(),
            resource_name: resource.name.clone(),
            state: State::Active,
            category: t.category().into(),
            module_name: t.module_name().into(),
            description: t.description().into(),
            external_uri: None,
            source_properties: props
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
            event_time: rfc3339_nanos(T0 + u64::from(i) * 1_000_000_000),
            create_time: rfc3339_nanos(T0 + u64::from(i) * 1_000_000_000 + 5),
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
            containers: container
                .map(|(n, img)| {
                    vec![Container {
                        name: n.into(),
                        uri: Some(img.into()),
                        ..Container::default()
                    }]
                })
                .unwrap_or_default(),
            kubernetes: None,
        },
        resource,
    }
}

/// Ten varied findings, ids 1..=10; event time grows with the id.
fn fixture() -> Vec<FindingEnvelope> {
    use serde_json::json;
    use FindingType::*;
    vec![
        envelope(
            1,
            ReverseShell,
            Some(("shop-web", "registry.example.com/shop/web:2.4.1")),
            &[
                ("Reverse_Shell_Stdin_Redirection_Dst_Port", json!(4444)),
                (
                    "Reverse_Shell_Stdin_Redirection_Dst_Ip",
                    json!("203.0.113.7"),
                ),
            ],
        ),
        envelope(
            2,
            PossibleRemoteCommandExecutionDetected,
            Some(("shop-web", "registry.example.com/shop/web:2.4.1")),
            &[("Remote_Command", json!("id"))],
        ),
        envelope(
            3,
            LaunchCodeCompilerToolInContainer,
            Some(("api", "ghcr.io/example/api:1.9")),
            &[("Compiler_Tool", json!("gcc"))],
        ),
        envelope(
            4,
            BuiltInMaliciousBinaryExecuted,
            None,
            &[("Binary_Sha256", json!("ab".repeat(32)))],
        ),
        envelope(
            5,
            ReverseShell,
            None,
            &[("Reverse_Shell_Stdin_Redirection_Dst_Port", json!(9001))],
        ),
        envelope(
            6,
            AddedMaliciousBinaryExecuted,
            Some(("api", "ghcr.io/example/api:1.9")),
            &[("Intel_Comment", json!("'); DROP TABLE findings; --"))],
        ),
        envelope(
            7,
            PossibleRemoteCommandExecutionDetected,
            Some(("x%_y", "img:latest")),
            &[("Remote_Command", json!("whoami"))],
        ),
        envelope(
            8,
            ModifiedMaliciousBinaryExecuted,
            Some(("shop-web", "registry.example.com/shop/web:2.4.1")),
            &[
                ("Intel_Comment", json!("<script>alert(1)</script>")),
                ("Python_Score", json!(0.75)),
                ("Tags", json!(["a", "b"])),
                ("Flag", json!(true)),
                ("Nothing", json!(null)),
            ],
        ),
        envelope(
            9,
            LaunchCodeCompilerToolInContainer,
            Some(("ünïcode-容器", "img:latest")),
            &[("Compiler_Tool", json!("rustc"))],
        ),
        envelope(
            10,
            ReverseShell,
            Some(("api", "ghcr.io/example/api:1.9")),
            &[("Reverse_Shell_Stdin_Redirection_Dst_Port", json!(4444))],
        ),
    ]
}

struct Pg {
    admin: String,
    db: String,
}

impl Drop for Pg {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.db));
        }
    }
}

fn postgres_url() -> Option<(String, Pg)> {
    let Ok(admin) = std::env::var("SHRIKE_TEST_POSTGRES") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must set SHRIKE_TEST_POSTGRES (see .ci/run)"
        );
        eprintln!("PostgreSQL backend skipped: set SHRIKE_TEST_POSTGRES=postgres://user:pass@127.0.0.1/db");
        return None;
    };
    let db = format!(
        "shrike_t_{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos()
    );
    let mut c = postgres::Client::connect(&admin, postgres::NoTls)
        .expect("connecting to SHRIKE_TEST_POSTGRES");
    c.batch_execute(&format!("CREATE DATABASE {db}")).unwrap();
    let (base, _) = admin.rsplit_once('/').unwrap();
    Some((format!("{base}/{db}"), Pg { admin, db }))
}

/// Runs `check` against a fresh SQLite file and a fresh PostgreSQL database.
fn on_each_backend(check: impl Fn(&str, &mut dyn FindingStore)) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("findings.db").display());
    let mut sqlite = shrike_store::open(&url).unwrap();
    check("sqlite", sqlite.as_mut());
    if let Some((url, _guard)) = postgres_url() {
        let mut pg = shrike_store::open(&url).unwrap();
        check("postgres", pg.as_mut());
    }
}

fn names(page: &shrike_store::ListPage) -> Vec<u32> {
    page.findings
        .iter()
        .map(|f| u32::from_str_radix(f.finding.name.rsplit('/').next().unwrap(), 16).unwrap())
        .collect()
}

fn list(store: &mut dyn FindingStore, filter: &str) -> Vec<u32> {
    let q = ListQuery {
        filter: Some(filter.into()),
        page_size: Some(1000),
        ..ListQuery::default()
    };
    let mut got = names(&store.list(&q).unwrap_or_else(|e| panic!("{filter}: {e}")));
    got.sort_unstable();
    got
}

#[test]
fn inserts_are_idempotent_and_round_trip_exactly() {
    on_each_backend(|backend, store| {
        let all = fixture();
        assert_eq!(store.insert(&all).unwrap(), 10, "{backend}");
        assert_eq!(
            store.insert(&all).unwrap(),
            0,
            "{backend}: re-delivery adds nothing"
        );
        assert_eq!(store.insert(&all[..3]).unwrap(), 0, "{backend}");
        for f in &all {
            assert_eq!(&store.get(&f.finding.name).unwrap(), f, "{backend}");
        }
        assert_eq!(
            store.list(&ListQuery::default()).unwrap().total_size,
            10,
            "{backend}"
        );
        assert!(matches!(
            store.get("projects/p/sources/s/findings/nope"),
            Err(StoreError::NotFound { .. })
        ));
        let id = all[0].finding.name.rsplit('/').next().unwrap();
        assert_eq!(
            store.names_by_id(id).unwrap(),
            vec![all[0].finding.name.clone()],
            "{backend}"
        );
    });
}

#[test]
fn filters_select_the_right_findings() {
    on_each_backend(|backend, store| {
        store.insert(&fixture()).unwrap();
        let cases: &[(&str, &[u32])] = &[
            (r#"category="Reverse Shell""#, &[1, 5, 10]),
            (
                r#"category="Reverse Shell" AND severity="CRITICAL""#,
                &[1, 5, 10],
            ),
            (r#"severity="LOW""#, &[3, 9]),
            (r#"severity>="HIGH""#, &[1, 4, 5, 6, 8, 10]),
            (r#"category:"malicious binary""#, &[4, 6, 8]),
            (
                r#"-category:"malicious binary" AND NOT severity="LOW""#,
                &[1, 2, 5, 7, 10],
            ),
            (
                r#"(category="Reverse Shell" OR severity="MEDIUM") AND resource.type="shrike.Container""#,
                &[1, 2, 7, 10],
            ),
            (
                r#"source_properties.Reverse_Shell_Stdin_Redirection_Dst_Port = 4444"#,
                &[1, 10],
            ),
            (r#"source_properties.Compiler_Tool="rustc""#, &[9]),
            (r#"container.name="api""#, &[3, 6, 10]),
            (r#"container.image:"shop/web""#, &[1, 2, 8]),
            (r#"container.name:"%_""#, &[7]),
            (
                r#"event_time >= "2026-11-23T17:56:20Z""#,
                &[5, 6, 7, 8, 9, 10],
            ),
            (
                r#"event_time > "2026-11-23T17:56:20Z" AND event_time < "2026-11-23T18:56:23+01:00""#,
                &[6, 7],
            ),
            (
                r#"source_properties.Intel_Comment = "'); DROP TABLE findings; --""#,
                &[6],
            ),
            (r#"container.name="ünïcode-容器""#, &[9]),
            // Every JSON kind a property can hold, through the side table.
            (r#"source_properties.Python_Score = "0.75""#, &[8]),
            (r#"source_properties.Flag = true"#, &[8]),
            (r#"source_properties.Tags : "\"b\"""#, &[8]),
            (
                r#"source_properties.Nothing = """#,
                &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
            ),
            (
                r#"source_properties.Python_Score != "0.75""#,
                &[1, 2, 3, 4, 5, 6, 7, 9, 10],
            ),
            ("", &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
        ];
        for (filter, expected) in cases {
            assert_eq!(
                list(store, filter),
                expected.to_vec(),
                "{backend}: {filter}"
            );
        }
        // The injection attempt in a stored value and in a filter left the table whole.
        assert_eq!(
            store.list(&ListQuery::default()).unwrap().total_size,
            10,
            "{backend}"
        );
        let q = ListQuery {
            filter: Some(r#"category="x'); DROP TABLE findings; --""#.into()),
            ..ListQuery::default()
        };
        assert_eq!(store.list(&q).unwrap().total_size, 0);
        assert_eq!(
            store.list(&ListQuery::default()).unwrap().total_size,
            10,
            "{backend}"
        );
    });
}

#[test]
fn malformed_filters_name_the_column() {
    on_each_backend(|backend, store| {
        let q = ListQuery {
            filter: Some(r#"category="Reverse Shell" AND"#.into()),
            ..ListQuery::default()
        };
        match store.list(&q) {
            Err(StoreError::Filter(e)) => assert!(e.column >= 26, "{backend}: {e}"),
            other => panic!("{backend}: {other:?}"),
        }
        let q = ListQuery {
            filter: Some("nosuchfield=1".into()),
            ..ListQuery::default()
        };
        match store.list(&q) {
            Err(StoreError::Filter(e)) => assert_eq!(e.column, 1, "{backend}: {e}"),
            other => panic!("{backend}: {other:?}"),
        }
    });
}

#[test]
fn pages_are_stable_complete_and_tied_to_their_query() {
    on_each_backend(|backend, store| {
        let many: Vec<FindingEnvelope> = (1..=250)
            .map(|i| {
                envelope(
                    i,
                    FindingType::PossibleRemoteCommandExecutionDetected,
                    None,
                    &[],
                )
            })
            .collect();
        store.insert(&many).unwrap();
        let mut seen = Vec::new();
        let mut q = ListQuery {
            page_size: Some(100),
            ..ListQuery::default()
        };
        let mut pages = 0;
        loop {
            let page = store.list(&q).unwrap();
            assert_eq!(page.total_size, 250);
            seen.extend(names(&page));
            pages += 1;
            match page.next_page_token {
                Some(t) => q.page_token = Some(t),
                None => break,
            }
        }
        assert_eq!(pages, 3, "{backend}");
        let expected: Vec<u32> = (1..=250).rev().collect();
        assert_eq!(seen, expected, "{backend}: newest first, each once");
        // A token is only valid for the query that issued it.
        let first = store
            .list(&ListQuery {
                page_size: Some(10),
                ..ListQuery::default()
            })
            .unwrap();
        let other = ListQuery {
            filter: Some(r#"severity="MEDIUM""#.into()),
            page_token: first.next_page_token,
            ..ListQuery::default()
        };
        assert!(
            matches!(store.list(&other), Err(StoreError::BadPageToken { .. })),
            "{backend}"
        );
        let garbage = ListQuery {
            page_token: Some("zz".into()),
            ..ListQuery::default()
        };
        assert!(
            matches!(store.list(&garbage), Err(StoreError::BadPageToken { .. })),
            "{backend}"
        );
        // Ordering by another field, ascending.
        let asc = store
            .list(&ListQuery {
                order_by: Some("event_time".into()),
                page_size: Some(3),
                ..ListQuery::default()
            })
            .unwrap();
        assert_eq!(names(&asc), vec![1, 2, 3], "{backend}");
        // Free text over the whole finding.
        let text = ListQuery {
            text: Some("0000000000000000000000000000000A".into()),
            ..ListQuery::default()
        };
        assert_eq!(names(&store.list(&text).unwrap()), vec![10], "{backend}");
        // One project, any source.
        let project = ListQuery {
            project: Some("projects/p".into()),
            page_size: Some(1000),
            ..ListQuery::default()
        };
        assert_eq!(store.list(&project).unwrap().total_size, 250, "{backend}");
        let none = ListQuery {
            project: Some("projects/q".into()),
            ..ListQuery::default()
        };
        assert_eq!(store.list(&none).unwrap().total_size, 0, "{backend}");
        // Only one source.
        let one = ListQuery {
            parent: Some("projects/p/sources/other".into()),
            page_size: Some(1000),
            ..ListQuery::default()
        };
        assert_eq!(store.list(&one).unwrap().total_size, 50, "{backend}");
    });
}

/// Page tokens are keyset cursors: findings stored between two page requests (newer ones, which
/// sort before the cursor, and ones with equal sort keys) neither repeat nor hide a finding of
/// the listing in progress, whatever the order.
#[test]
fn pages_stay_exact_while_findings_arrive() {
    on_each_backend(|backend, store| {
        let types = [
            FindingType::ReverseShell,
            FindingType::PossibleRemoteCommandExecutionDetected,
            FindingType::LaunchCodeCompilerToolInContainer,
        ];
        let batch = |ids: std::ops::RangeInclusive<u32>| -> Vec<FindingEnvelope> {
            ids.map(|i| envelope(i, types[i as usize % 3], None, &[]))
                .collect()
        };
        store.insert(&batch(1..=240)).unwrap();
        for order in [
            "",
            "event_time",
            "severity desc, category",
            "category, event_time desc",
        ] {
            let mut q = ListQuery {
                order_by: Some(order.into()),
                page_size: Some(50),
                ..ListQuery::default()
            };
            let mut seen = Vec::new();
            let mut extra = 1000 + 100 * u32::try_from(order.len()).unwrap();
            loop {
                let page = store.list(&q).unwrap();
                seen.extend(names(&page));
                // Newer findings arrive between two requests.
                store.insert(&batch(extra..=extra + 9)).unwrap();
                extra += 10;
                match page.next_page_token {
                    Some(t) => q.page_token = Some(t),
                    None => break,
                }
            }
            let originals: Vec<u32> = seen.iter().copied().filter(|&i| i <= 240).collect();
            let unique: std::collections::BTreeSet<u32> = seen.iter().copied().collect();
            assert_eq!(
                unique.len(),
                seen.len(),
                "{backend} {order:?}: a finding listed twice"
            );
            assert_eq!(originals.len(), 240, "{backend} {order:?}: {seen:?}");
            // The order is the one asked for: the same as one page holding everything.
            let all = store
                .list(&ListQuery {
                    order_by: Some(order.into()),
                    page_size: Some(1000),
                    ..ListQuery::default()
                })
                .unwrap();
            let all_originals: Vec<u32> = names(&all).into_iter().filter(|&i| i <= 240).collect();
            assert_eq!(originals, all_originals, "{backend} {order:?}");
        }
    });
}

/// Free text matches the stored finding's JSON as a literal, case-insensitive (ASCII) substring:
/// `%`, `_` and `\` are not wildcards; counted or not, the page is the same.
#[test]
fn free_text_is_a_literal_substring_of_the_finding() {
    on_each_backend(|backend, store| {
        store.insert(&fixture()).unwrap();
        for (text, want) in [
            ("x%_y", vec![7]),
            ("X%_Y", vec![7]),
            ("%_", vec![7]),
            ("%y", vec![]),
            ("_y", vec![7]),
            ("DROP TABLE", vec![6]),
            ("<SCRIPT>", vec![8]),
            ("shop-web", vec![1, 2, 8]),
            ("203.0.113.7", vec![1]),
            ("\\", vec![]),
            ("a\\", vec![]),
            ("_", (1..=10).collect()),
        ] {
            for skip_total in [false, true] {
                let q = ListQuery {
                    text: Some(text.into()),
                    skip_total,
                    ..ListQuery::default()
                };
                let page = store.list(&q).unwrap();
                let mut got = names(&page);
                got.sort_unstable();
                assert_eq!(got, want, "{backend}: {text:?}");
                let total = if skip_total { 0 } else { want.len() as u64 };
                assert_eq!(page.total_size, total, "{backend}: {text:?}");
            }
        }
    });
}

#[test]
fn state_and_mute_changes_persist_and_are_filterable() {
    on_each_backend(|backend, store| {
        store.insert(&fixture()).unwrap();
        let name = fixture()[0].finding.name.clone();
        let updated = store.set_state(&name, State::Inactive).unwrap();
        assert_eq!(updated.finding.state, State::Inactive);
        let muted = store.set_mute(&name, Mute::Muted).unwrap();
        assert_eq!(muted.finding.mute, Mute::Muted);
        assert_eq!(muted.finding.state, State::Inactive);
        assert_eq!(store.get(&name).unwrap(), muted, "{backend}");
        assert_eq!(list(store, r#"state="INACTIVE""#), vec![1], "{backend}");
        assert_eq!(list(store, r#"mute="MUTED""#), vec![1], "{backend}");
        assert_eq!(list(store, r#"state="ACTIVE""#).len(), 9, "{backend}");
        // A re-delivered finding does not undo the triage.
        store.insert(&fixture()).unwrap();
        assert_eq!(
            store.get(&name).unwrap().finding.state,
            State::Inactive,
            "{backend}"
        );
        assert!(matches!(
            store.set_state("projects/x/sources/y/findings/z", State::Active),
            Err(StoreError::NotFound { .. })
        ));
    });
}

#[test]
fn sqlite_file_is_wal_and_survives_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shrike.db");
    let url = format!("sqlite:{}", path.display());
    shrike_store::open(&url)
        .unwrap()
        .insert(&fixture())
        .unwrap();
    let mut again = shrike_store::open(&url).unwrap();
    assert_eq!(again.list(&ListQuery::default()).unwrap().total_size, 10);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let versions: i64 = conn
        .query_row("SELECT count(*) FROM schema_migrations", [], |r| r.get(0))
        .unwrap();
    let files = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/sqlite"))
        .unwrap()
        .count();
    assert_eq!(versions, files as i64, "every migration runs, once");
}

/// A database written before the property side table existed (migration 2) gets it filled from
/// the stored envelopes on open, and its findings numbered (migration 3), so source-property
/// filters find old findings too; the numbering survives `VACUUM`.
#[test]
fn sqlite_migrations_fill_the_property_table_from_old_findings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shrike.db");
    let url = format!("sqlite:{}", path.display());
    shrike_store::open(&url)
        .unwrap()
        .insert(&fixture())
        .unwrap();
    let filter = r#"source_properties.Compiler_Tool="rustc""#;
    let before = list(&mut *shrike_store::open(&url).unwrap(), filter);
    assert_eq!(before, [9]);
    // Turn the file back into a version-1 database: findings without ids, no property table.
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch(
            "CREATE TABLE findings_v1 AS SELECT name, parent, finding_id, category, module_name, \
               state, severity, mute, event_time_ns, create_time_ns, resource_name, resource_type, \
               resource_display_name, project_display_name, container_name, container_image, \
               envelope FROM findings ORDER BY name DESC;
             DROP TABLE findings; ALTER TABLE findings_v1 RENAME TO findings;
             DROP TABLE finding_properties; DELETE FROM schema_migrations WHERE version >= 2",
        )
        .unwrap();
    assert_eq!(
        list(&mut *shrike_store::open(&url).unwrap(), filter),
        before
    );
    // A second open adds nothing.
    let property_rows = || -> i64 {
        rusqlite::Connection::open(&path)
            .unwrap()
            .query_row("SELECT count(*) FROM finding_properties", [], |r| r.get(0))
            .unwrap()
    };
    let count = property_rows();
    assert_eq!(
        list(&mut *shrike_store::open(&url).unwrap(), filter),
        before
    );
    assert!(count > 0);
    assert_eq!(count, property_rows());
    // Ids are explicit, so VACUUM keeps them and the side table still points at the right rows.
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("VACUUM")
        .unwrap();
    let mut store = shrike_store::open(&url).unwrap();
    assert_eq!(list(&mut *store, filter), before);
    assert_eq!(
        list(&mut *store, r#"source_properties.Compiler_Tool!="rustc""#).len(),
        fixture().len() - 1
    );
}

#[test]
fn postgres_migration_3_keeps_envelopes_and_properties_of_old_findings() {
    let Some((url, pg)) = postgres_url() else {
        return;
    };
    let fixture = fixture();
    shrike_store::open(&url).unwrap().insert(&fixture).unwrap();
    let filter = r#"source_properties.Compiler_Tool="rustc""#;
    let before = list(&mut *shrike_store::open(&url).unwrap(), filter);
    assert_eq!(before, [9]);
    // Back to version 2: envelopes as jsonb, and the property rows as migration 2 derived them.
    let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    c.batch_execute(
        "ALTER TABLE findings ALTER COLUMN envelope TYPE jsonb USING envelope::jsonb;
         DELETE FROM finding_properties;
         INSERT INTO finding_properties (name, key, value)
           SELECT f.name, p.key, p.value
           FROM findings f, jsonb_each_text(f.envelope->'finding'->'sourceProperties') p
           WHERE p.value IS NOT NULL;
         DELETE FROM schema_migrations WHERE version >= 3",
    )
    .unwrap();
    let old_props: Vec<(String, String, String)> = c
        .query(
            "SELECT name, key, value FROM finding_properties ORDER BY 1, 2",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    let mut store = shrike_store::open(&url).unwrap();
    let ty: String = c
        .query_one(
            "SELECT data_type FROM information_schema.columns WHERE table_name = 'findings' AND column_name = 'envelope'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(ty, "text");
    assert_eq!(list(&mut *store, filter), before);
    for f in &fixture {
        assert_eq!(&store.get(&f.finding.name).unwrap(), f);
    }
    // New findings get the same property rows as migration 2 derived from jsonb.
    c.batch_execute("DELETE FROM findings; DELETE FROM finding_properties")
        .unwrap();
    store.insert(&fixture).unwrap();
    let new_props: Vec<(String, String, String)> = c
        .query(
            "SELECT name, key, value FROM finding_properties ORDER BY 1, 2",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    assert!(!new_props.is_empty());
    assert_eq!(new_props, old_props);
    drop(store);
    drop(c);
    drop(pg);
}

/// The writer does not checkpoint the write-ahead log itself (a thread of the store does), yet
/// committed findings reach the database file while the store stays open, and a reader sees
/// them all.
#[test]
fn sqlite_wal_is_copied_into_the_database_file_in_the_background() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shrike.db");
    let mut store = shrike_store::open(&format!("sqlite:{}", path.display())).unwrap();
    let empty = std::fs::metadata(&path).unwrap().len();
    // Enough findings that their pages cannot fit in the file's initial size.
    let many: Vec<FindingEnvelope> = (0..20)
        .flat_map(|round| {
            fixture().into_iter().map(move |mut f| {
                f.finding.name = format!("{}-{round}", f.finding.name);
                f
            })
        })
        .collect();
    assert_eq!(store.insert(&many).unwrap(), 200);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while std::fs::metadata(&path).unwrap().len() <= empty + 100_000 {
        assert!(
            std::time::Instant::now() < deadline,
            "the WAL was not checkpointed into {} within 30 s",
            path.display()
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let reader = rusqlite::Connection::open(&path).unwrap();
    let n: i64 = reader
        .query_row("SELECT count(*) FROM findings", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 200);
    drop(store); // stops the checkpoint thread
}

#[test]
fn bad_urls_are_refused() {
    assert!(matches!(
        shrike_store::open("mysql://x"),
        Err(StoreError::BadUrl { .. })
    ));
    let err = shrike_store::open("sqlite:/nonexistent-dir/x.db")
        .err()
        .unwrap();
    assert!(err.to_string().contains("/nonexistent-dir/x.db"), "{err}");
}

/// Pages of a source-property filter are the same whichever way SQLite finds them: a filter
/// matching many findings walks the event-time index from its newest match, one matching few
/// looks its matches up by id (see `SqliteStore::walk_pays`). Findings here share event times
/// (ties broken by name), and one value is held only by the oldest findings (the walk's worst
/// case), one only by the newest, one by every third finding.
#[test]
fn property_filter_pages_are_in_order_whether_walked_or_looked_up() {
    on_each_backend(|backend, store| {
        let value = |i: u32| match i {
            1..=90 => "old",
            571..=600 => "new",
            _ if i.is_multiple_of(3) => "third",
            _ => "rest",
        };
        let findings: Vec<FindingEnvelope> = (1..=600u32)
            .map(|i| {
                let mut f = envelope(
                    i,
                    FindingType::ReverseShell,
                    None,
                    &[("Port", serde_json::json!(value(i)))],
                );
                // Four findings per second: equal event times, ordered by name.
                let t = rfc3339_nanos(T0 + u64::from(i / 4) * 1_000_000_000);
                f.finding.event_time = t;
                f
            })
            .collect();
        store.insert(&findings).unwrap();
        let time = |i: u32| i / 4;
        let name = |i: u32| findings[i as usize - 1].finding.name.clone();
        for (wanted, page_size) in [
            ("third", 7),
            ("third", 100),
            ("old", 4),
            ("new", 9),
            ("rest", 50),
            ("none", 10),
        ] {
            let mut expected: Vec<u32> = (1..=600).filter(|&i| value(i) == wanted).collect();
            expected.sort_by(|&a, &b| time(b).cmp(&time(a)).then(name(a).cmp(&name(b))));
            let mut q = ListQuery {
                filter: Some(format!(r#"source_properties.Port = "{wanted}""#)),
                page_size: Some(page_size),
                ..ListQuery::default()
            };
            let mut seen = Vec::new();
            loop {
                let page = store.list(&q).unwrap();
                assert_eq!(page.total_size, expected.len() as u64, "{backend} {wanted}");
                assert!(page.findings.len() <= page_size);
                seen.extend(names(&page));
                match page.next_page_token {
                    Some(t) => q.page_token = Some(t),
                    None => break,
                }
            }
            assert_eq!(seen, expected, "{backend} {wanted} by {page_size}");
        }
    });
}

/// The store sink writes a transaction per SINK_BATCH findings, or sooner when the findings it
/// holds pass SINK_BATCH_BYTES (a finding may carry 64 KiB of script), and at every flush.
#[test]
fn the_store_sink_writes_in_batches_bounded_by_count_and_size() {
    use shrike_core::Sink as _;
    use shrike_store::{StoreSink, SINK_BATCH, SINK_BATCH_BYTES};
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("sink.db").display());
    let mut sink = StoreSink::open(&url).unwrap();
    let stored = || {
        shrike_store::open(&url)
            .unwrap()
            .list(&ListQuery::default())
            .unwrap()
            .total_size
    };
    let small = |i: u32| envelope(i, FindingType::ReverseShell, None, &[]);
    for i in 0..SINK_BATCH as u32 - 1 {
        sink.deliver(&small(i)).unwrap();
    }
    assert_eq!(stored(), 0, "held until the batch is full");
    sink.deliver(&small(SINK_BATCH as u32)).unwrap();
    assert_eq!(stored(), SINK_BATCH as u64);
    // Findings carrying 64 KiB of script each: the batch is cut by size.
    let script = "#".repeat(64 * 1024);
    let big = |i: u32| {
        let mut f = small(i);
        f.finding.processes = vec![shrike_core::finding::Process {
            script: Some(shrike_core::finding::File {
                path: "/tmp/x.py".into(),
                contents: Some(script.clone()),
                ..Default::default()
            }),
            ..Default::default()
        }];
        f
    };
    let mut per_batch = 0;
    while stored() == SINK_BATCH as u64 {
        sink.deliver(&big(100_000 + per_batch as u32)).unwrap();
        per_batch += 1;
        assert!(
            per_batch <= SINK_BATCH_BYTES / (64 * 1024),
            "not cut by size"
        );
    }
    assert!(
        per_batch >= SINK_BATCH_BYTES / (66 * 1024),
        "cut after {per_batch}"
    );
    sink.deliver(&small(300_000)).unwrap();
    sink.flush().unwrap();
    assert_eq!(stored(), (SINK_BATCH + per_batch + 1) as u64);
}

/// The findings `q` selects, by reading every page (the pages never use the kept counts).
fn all_pages(store: &mut dyn FindingStore, q: &ListQuery) -> Vec<FindingEnvelope> {
    let mut q = ListQuery {
        page_size: Some(1000),
        page_token: None,
        skip_total: true,
        ..q.clone()
    };
    let mut all = Vec::new();
    loop {
        let page = store.list(&q).unwrap();
        all.extend(page.findings);
        match page.next_page_token {
            Some(t) => q.page_token = Some(t),
            None => return all,
        }
    }
}

/// `totalSize` of the filters the kept counts answer (counted fields, one event-time range with
/// ends anywhere in a minute) equals the findings the filter selects, after re-deliveries,
/// state and mute changes, and (PostgreSQL) the folding of fresh count rows.
#[test]
fn totals_from_the_kept_counts_are_exact() {
    use FindingType::*;
    let minute = 60_000_000_000u64;
    on_each_backend(|backend, store| {
        // 1,500 findings over about 26 minutes, 1.05 s apart (every offset within a minute).
        let types = [
            ReverseShell,
            LaunchCodeCompilerToolInContainer,
            AddedBinaryExecuted,
        ];
        let containers = [
            Some(("shop-web", "registry.example.com/shop/web:2.4.1")),
            Some(("api", "ghcr.io/example/api:1.9")),
            None,
            Some(("API-2", "img:latest")),
        ];
        let all: Vec<FindingEnvelope> = (0..1500u32)
            .map(|i| {
                let mut f = envelope(
                    i,
                    types[(i % 3) as usize],
                    containers[(i % 4) as usize],
                    &[],
                );
                f.finding.event_time = rfc3339_nanos(T0 + u64::from(i) * 1_050_000_000);
                f
            })
            .collect();
        // In 50 batches (PostgreSQL folds its count rows every 16 inserts), then all again.
        for batch in all.chunks(30) {
            store.insert(batch).unwrap();
        }
        assert_eq!(store.insert(&all).unwrap(), 0, "{backend}");
        for i in (0..1500).step_by(7) {
            store
                .set_state(&all[i].finding.name, State::Inactive)
                .unwrap();
        }
        for i in (0..1500).step_by(11) {
            store.set_mute(&all[i].finding.name, Mute::Muted).unwrap();
        }
        // Changed back: the finding returns to its first key.
        store
            .set_state(&all[0].finding.name, State::Active)
            .unwrap();
        store
            .set_mute(&all[11].finding.name, Mute::Unmuted)
            .unwrap();
        let at = |ns: u64| shrike_core::time::rfc3339_nanos(ns);
        let t = |m: u64, s: u64| at(T0 - T0 % minute + m * minute + s * 1_000_000_000);
        let filters = [
            String::new(),
            r#"state="ACTIVE""#.into(),
            r#"state="INACTIVE" OR mute="MUTED""#.into(),
            r#"container.name:"api""#.into(),
            r#"container.name="""#.into(),
            r#"NOT container.image:"example" AND -severity>=HIGH"#.into(),
            r#"category="Reverse Shell" OR module_name:"COMPILER""#.into(),
            r#"parent="projects/p/sources/other""#.into(),
            format!(
                r#"event_time >= "{}" AND event_time < "{}""#,
                t(3, 17),
                t(9, 41)
            ),
            format!(r#"event_time > "{}" event_time <= "{}""#, t(3, 0), t(9, 0)),
            format!(
                r#"event_time >= "{}" AND event_time <= "{}""#,
                t(3, 0),
                t(3, 59)
            ),
            format!(
                r#"event_time >= "{}" AND event_time < "{}""#,
                t(4, 10),
                t(4, 50)
            ),
            format!(r#"event_time >= "{}""#, t(20, 5)),
            format!(r#"event_time < "{}" AND state="ACTIVE""#, t(2, 30)),
            format!(
                r#"event_time > "{}" AND event_time < "{}""#,
                t(9, 0),
                t(3, 0)
            ),
            format!(r#"event_time = "{}""#, at(T0 + 21 * 1_050_000_000)),
            format!(
                r#"(container.name:"api" OR state="INACTIVE") AND event_time >= "{}" AND event_time < "{}" AND severity>=HIGH"#,
                t(1, 1),
                t(22, 59)
            ),
        ];
        let mut nonzero = 0;
        for filter in &filters {
            for (parent, project) in [
                (None, None),
                (Some("projects/p/sources/shrike"), None),
                (None, Some("projects/p")),
            ] {
                let q = ListQuery {
                    filter: Some(filter.clone()),
                    page_size: Some(10),
                    parent: parent.map(str::to_owned),
                    project: project.map(str::to_owned),
                    ..ListQuery::default()
                };
                let total = store.list(&q).unwrap().total_size;
                let selected = all_pages(store, &q);
                assert_eq!(
                    total,
                    selected.len() as u64,
                    "{backend}: {filter} {parent:?} {project:?}"
                );
                nonzero += usize::from(total > 0);
                // The chart's histogram: the same findings, each in its bin and category.
                let h = store.histogram(&q, 7).unwrap().expect("a counted filter");
                let mut expected = std::collections::BTreeMap::<(usize, String), u64>::new();
                for f in &selected {
                    let ns = shrike_store::event_ns(f).unwrap();
                    let bin = usize::try_from((ns - h.start_ns) / h.step_ns).unwrap();
                    *expected
                        .entry((bin, f.finding.category.clone()))
                        .or_default() += 1;
                }
                let got: std::collections::BTreeMap<(usize, String), u64> = h
                    .counts
                    .iter()
                    .map(|(b, c, n)| ((*b, c.clone()), *n))
                    .collect();
                assert_eq!(got, expected, "{backend}: {filter} {parent:?} {project:?}");
                assert!(
                    got.keys().all(|(b, _)| *b < 7),
                    "{backend}: {filter}: {h:?}"
                );
                assert_eq!(h.start_ns % 60_000_000_000, 0);
            }
        }
        let q = |filter: &str| ListQuery {
            filter: Some(filter.into()),
            ..ListQuery::default()
        };
        assert!(store
            .histogram(&q("source_properties.X=1"), 7)
            .unwrap()
            .is_none());
        let h = store.histogram(&q(""), 1000).unwrap().unwrap();
        assert_eq!(
            h.step_ns, 60_000_000_000,
            "{backend}: the narrowest bin is a minute"
        );
        // The filters select something (a test of zeros would prove little).
        assert!(nonzero >= filters.len() * 3 - 4, "{backend}: {nonzero}");
        assert_eq!(
            store.list(&ListQuery::default()).unwrap().total_size,
            1500,
            "{backend}"
        );
    });
}

/// Migration 4 builds the counts from the findings already stored.
#[test]
fn sqlite_counts_are_built_for_findings_stored_before_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shrike.db");
    let url = format!("sqlite:{}", path.display());
    let mut store = shrike_store::open(&url).unwrap();
    store.insert(&fixture()).unwrap();
    store
        .set_state(&fixture()[2].finding.name, State::Inactive)
        .unwrap();
    drop(store);
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("DROP TABLE finding_counts; DELETE FROM schema_migrations WHERE version = 4")
        .unwrap();
    let mut store = shrike_store::open(&url).unwrap();
    for (filter, n) in [
        ("", 10),
        (r#"state="INACTIVE""#, 1),
        (r#"container.name="""#, 2),
        (r#"category="Reverse Shell""#, 3),
    ] {
        let q = ListQuery {
            filter: Some(filter.into()),
            ..ListQuery::default()
        };
        assert_eq!(store.list(&q).unwrap().total_size, n, "{filter}");
    }
}

/// A property ANDed with an indexed field: whichever drives the query (the property's matches,
/// or the category's and time's index with the property probed), the pages and totals are the
/// findings the filter selects.
#[test]
fn property_and_category_filters_select_the_same_findings_whichever_drives() {
    use FindingType::*;
    on_each_backend(|backend, store| {
        // 400 findings: 20 reverse shells, half of them "other"; "rare" on 5 others, "common" on
        // the rest.
        let value = |i: u32| {
            if i % 80 == 3 {
                "rare"
            } else if i.is_multiple_of(40) {
                "other"
            } else {
                "common"
            }
        };
        let kind = |i: u32| {
            if i.is_multiple_of(20) {
                ReverseShell
            } else {
                LaunchCodeCompilerToolInContainer
            }
        };
        let findings: Vec<FindingEnvelope> = (1..=400u32)
            .map(|i| envelope(i, kind(i), None, &[("P", serde_json::json!(value(i)))]))
            .collect();
        store.insert(&findings).unwrap();
        let shells = ReverseShell.category();
        let compiler = LaunchCodeCompilerToolInContainer.category();
        for (filter, wanted) in [
            // The category selects fewer findings than the property matches.
            (
                format!(r#"category="{shells}" AND source_properties.P="common""#),
                Box::new(move |i: u32| kind(i) == ReverseShell && value(i) == "common")
                    as Box<dyn Fn(u32) -> bool>,
            ),
            (
                r#"category:"reverse" AND source_properties.P:"o""#.to_owned(),
                Box::new(move |i: u32| kind(i) == ReverseShell && value(i).contains('o')),
            ),
            (
                r#"category:"reverse" AND NOT source_properties.P="rare""#.to_owned(),
                Box::new(move |i: u32| kind(i) == ReverseShell && value(i) != "rare"),
            ),
            // The property matches fewer.
            (
                format!(r#"category="{compiler}" AND source_properties.P="rare""#),
                Box::new(move |i: u32| {
                    kind(i) == LaunchCodeCompilerToolInContainer && value(i) == "rare"
                }),
            ),
            (
                r#"category:"" AND source_properties.P="rare" AND severity>=LOW"#.to_owned(),
                Box::new(move |i: u32| value(i) == "rare"),
            ),
        ] {
            let mut expected: Vec<u32> = (1..=400).filter(|&i| wanted(i)).rev().collect();
            assert!(!expected.is_empty(), "{filter}");
            let mut q = ListQuery {
                filter: Some(filter.clone()),
                page_size: Some(7),
                ..ListQuery::default()
            };
            let mut seen = Vec::new();
            loop {
                let page = store.list(&q).unwrap();
                assert_eq!(
                    page.total_size,
                    expected.len() as u64,
                    "{backend}: {filter}"
                );
                seen.extend(names(&page));
                match page.next_page_token {
                    Some(t) => q.page_token = Some(t),
                    None => break,
                }
            }
            assert_eq!(seen, std::mem::take(&mut expected), "{backend}: {filter}");
        }
    });
}

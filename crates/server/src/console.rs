//! The web console: server-rendered pages over the same store as the API. No CDN, no build
//! step, no runtime downloads: the CSS and the little JavaScript (live updates, tabs' copy
//! button, state and mute buttons calling the API) are inline.
//!
//! Every string that comes from a finding (argv, paths, script text, container names — all of it
//! attacker-influenced) goes through [`esc`] before it reaches HTML, and the live-update script
//! builds rows with `textContent`, never `innerHTML`.

use crate::{authorize_console, with_store, ApiError, AppState};
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Html;
use serde::Deserialize;
use shrike_core::catalogue::{FindingType, ALL_FINDING_TYPES};
use shrike_core::finding::{FindingEnvelope, Process};
use shrike_store::{ListQuery, StoreError};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// HTML-escapes text for element content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes a query-string value.
fn url_enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// A filter string value, quoted for the SCC filter language.
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

const STYLE: &str = r#"
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2330;background:#f5f6f8}
header{background:#1d2330;color:#fff;padding:10px 20px;display:flex;gap:20px;align-items:center}
header a{color:#fff;text-decoration:none;font-weight:600}
main{padding:16px 20px;max-width:1400px}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e3e6ea;font-size:14px;vertical-align:top}
th{background:#eef0f3}
.sev{font-weight:700;padding:1px 6px;border-radius:3px;font-size:12px}
.sev-CRITICAL{background:#b3261e;color:#fff}.sev-HIGH{background:#e8710a;color:#fff}
.sev-MEDIUM{background:#f9ab00;color:#000}.sev-LOW{background:#dfe3e8;color:#000}
form.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:end;background:#fff;padding:10px;margin-bottom:12px}
form.filters label{display:flex;flex-direction:column;font-size:12px;gap:2px}
.card{background:#fff;padding:12px 16px;margin-bottom:12px}
pre{background:#0f1420;color:#e6e6e6;padding:12px;overflow:auto;font-size:13px}
code{background:#eef0f3;padding:0 3px}
.tabs input{display:none}.tabs label.tab{display:inline-block;padding:6px 14px;cursor:pointer;border:1px solid #ccd;border-bottom:none;background:#eef0f3}
.tabs input:checked+label.tab{background:#fff;font-weight:700}
.panel{display:none;background:#fff;padding:12px 16px;border:1px solid #ccd}
#tab-summary:checked~#panel-summary,#tab-json:checked~#panel-json{display:block}
ul.tree,ul.tree ul{list-style:none;padding-left:18px;border-left:1px dashed #99a}
dl.kv{display:grid;grid-template-columns:max-content auto;gap:4px 14px}dl.kv dt{font-weight:600}
.new{background:#fff7d6}
button{cursor:pointer}
"#;

fn layout(title: &str, body: &str) -> Html<String> {
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{} · Shrike</title>\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><style>{STYLE}</style></head>\
         <body><header><a href=\"/\">Shrike</a><a href=\"/docs\">Finding types</a>\
         <a href=\"/v1/openapi.json\">API</a></header><main>{body}</main></body></html>",
        esc(title)
    ))
}

fn finding_id(f: &FindingEnvelope) -> &str {
    f.finding.name.rsplit('/').next().unwrap_or_default()
}

/// Findings list filters, as the form sends them.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListForm {
    category: Option<String>,
    severity: Option<String>,
    state: Option<String>,
    container: Option<String>,
    from: Option<String>,
    to: Option<String>,
    q: Option<String>,
    /// A page token: the findings after the last one of the previous page.
    page: Option<String>,
    /// `1`: count a free-text search's matches too (it reads every stored finding).
    count: Option<String>,
}

/// `2026-11-23T17:00` (datetime-local) or a full RFC 3339 time, as RFC 3339.
fn form_time(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    Some(if s.len() == 16 {
        format!("{s}:00Z")
    } else if s.ends_with('Z') || s.contains('+') {
        s.to_owned()
    } else {
        format!("{s}Z")
    })
}

impl ListForm {
    /// The form as a query string, with `page` and `count` replaced.
    fn link(&self, page: Option<&str>, count: bool) -> String {
        let mut parts = Vec::new();
        for (key, value) in [
            ("category", &self.category),
            ("severity", &self.severity),
            ("state", &self.state),
            ("container", &self.container),
            ("from", &self.from),
            ("to", &self.to),
            ("q", &self.q),
        ] {
            if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
                parts.push(format!("{key}={}", url_enc(v)));
            }
        }
        if let Some(p) = page {
            parts.push(format!("page={}", url_enc(p)));
        }
        if count {
            parts.push("count=1".into());
        }
        format!("/?{}", parts.join("&"))
    }

    fn filter(&self) -> String {
        let mut clauses = Vec::new();
        let set = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        if let Some(c) = set(&self.category) {
            clauses.push(format!("category={}", quoted(&c)));
        }
        if let Some(s) = set(&self.severity) {
            clauses.push(format!("severity={}", quoted(&s)));
        }
        if let Some(s) = set(&self.state) {
            clauses.push(format!("state={}", quoted(&s)));
        }
        if let Some(c) = set(&self.container) {
            clauses.push(format!("container.name:{}", quoted(&c)));
        }
        if let Some(t) = self.from.as_deref().and_then(form_time) {
            clauses.push(format!("event_time>={}", quoted(&t)));
        }
        if let Some(t) = self.to.as_deref().and_then(form_time) {
            clauses.push(format!("event_time<={}", quoted(&t)));
        }
        clauses.join(" AND ")
    }
}

fn select(name: &str, label: &str, options: &[(&str, &str)], current: Option<&str>) -> String {
    let mut s = format!(
        "<label>{label}<select name=\"{name}\" id=\"f-{name}\"><option value=\"\">any</option>"
    );
    for (value, text) in options {
        let sel = if current == Some(*value) {
            " selected"
        } else {
            ""
        };
        let _ = write!(
            s,
            "<option value=\"{}\"{sel}>{}</option>",
            esc(value),
            esc(text)
        );
    }
    s.push_str("</select></label>");
    s
}

const PALETTE: [&str; 7] = [
    "#b3261e", "#e8710a", "#8e24aa", "#1a73e8", "#d93025", "#188038", "#f9ab00",
];

fn color(category: &str) -> &'static str {
    let i = ALL_FINDING_TYPES
        .iter()
        .position(|t| t.category() == category)
        .unwrap_or(0);
    PALETTE[i % PALETTE.len()]
}

/// Bars of a chart: each bar's start (ns since the epoch) and its findings per category.
type Bars = Vec<(i64, BTreeMap<String, u64>)>;

/// Bars from the store's histogram of every matching finding.
fn bars_of(h: &shrike_store::Histogram) -> Bars {
    let mut bars: BTreeMap<usize, BTreeMap<String, u64>> = BTreeMap::new();
    for (bin, category, n) in &h.counts {
        *bars
            .entry(*bin)
            .or_default()
            .entry(category.clone())
            .or_default() += n;
    }
    bars.into_iter()
        .map(|(bin, c)| {
            let start = i64::try_from(bin)
                .ok()
                .and_then(|b| b.checked_mul(h.step_ns))
                .and_then(|o| o.checked_add(h.start_ns))
                .unwrap_or(h.start_ns);
            (start, c)
        })
        .collect()
}

/// Bars per hour from the findings of a page, over the 48 hours up to the newest.
fn bars_of_page(findings: &[FindingEnvelope]) -> Bars {
    let hour = 3_600_000_000_000i64;
    let mut buckets: BTreeMap<i64, BTreeMap<String, u64>> = BTreeMap::new();
    for f in findings {
        if let Some(ns) = shrike_store::event_ns(f) {
            *buckets
                .entry(ns.div_euclid(hour) * hour)
                .or_default()
                .entry(f.finding.category.clone())
                .or_default() += 1;
        }
    }
    // The 48 hours up to the newest finding's.
    let newest = buckets.keys().next_back().copied().unwrap_or(0);
    buckets
        .into_iter()
        .filter(|(start, _)| newest - start < 48 * hour)
        .collect()
}

/// A duration in words, for the chart's caption.
fn duration_words(ns: i64) -> String {
    let minutes = ns / 60_000_000_000;
    match minutes {
        m if m % 1440 == 0 => format!("{} day(s)", m / 1440),
        m if m % 60 == 0 => format!("{} hour(s)", m / 60),
        m => format!("{m} minute(s)"),
    }
}

/// An SVG chart of findings over time, stacked by category: one slot of `step_ns` per bar from
/// the first bar's start to the last's, so that gaps in time show as gaps.
fn chart(bars: &Bars, step_ns: i64) -> String {
    let (Some(first), Some(last)) = (bars.first(), bars.last()) else {
        return "<p id=\"chart-empty\">No findings to chart.</p>".into();
    };
    let step = step_ns.max(1);
    let slots = ((last.0 - first.0) / step + 1).clamp(1, 1000);
    let max = bars
        .iter()
        .map(|(_, c)| c.values().sum::<u64>())
        .max()
        .unwrap_or(1)
        .max(1);
    let (w, h) = (900i64, 160i64);
    let bar = (w / slots).max(1);
    let categories = bars
        .iter()
        .flat_map(|(_, c)| c.keys())
        .collect::<std::collections::BTreeSet<_>>()
        .len() as i64;
    let mut svg = format!(
        "<svg id=\"chart\" width=\"{w}\" height=\"{}\" role=\"img\" aria-label=\"Findings over time by category, {} per bar\">",
        h + 10 + 15 * categories,
        duration_words(step)
    );
    let mut seen: Vec<String> = Vec::new();
    for (start, counts) in bars {
        let slot = ((start - first.0) / step).min(slots - 1);
        let when = shrike_core::time::rfc3339_nanos(u64::try_from(*start).unwrap_or(0));
        let mut y = h;
        for (cat, n) in counts {
            let bh = i64::try_from(u128::from(*n) * h as u128 / u128::from(max)).unwrap_or(h);
            y -= bh;
            let _ = write!(
                svg,
                "<rect x=\"{}\" y=\"{y}\" width=\"{}\" height=\"{bh}\" fill=\"{}\"><title>{} — {} from {} UTC</title></rect>",
                slot * bar + 1,
                (bar - 2).max(1),
                color(cat),
                esc(cat),
                n,
                esc(when.get(..16).unwrap_or(&when))
            );
            if !seen.contains(cat) {
                seen.push(cat.clone());
            }
        }
    }
    for (i, cat) in seen.iter().enumerate() {
        let x = 0;
        let y = h + 16 + i as i64 * 15;
        let _ = write!(svg, "<rect x=\"{x}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{}\"/><text x=\"{}\" y=\"{y}\" font-size=\"11\">{}</text>", y - 9, color(cat), x + 14, esc(cat));
    }
    svg.push_str("</svg>");
    svg
}

fn row(f: &FindingEnvelope) -> String {
    let finding = &f.finding;
    let sev = finding.severity.as_str().to_owned();
    let process = finding
        .processes
        .first()
        .map(|p| {
            let bin = p
                .binary
                .as_ref()
                .map(|b| b.path.as_str())
                .unwrap_or(&p.name);
            format!(
                "{} {}",
                bin,
                p.args.iter().skip(1).cloned().collect::<Vec<_>>().join(" ")
            )
        })
        .unwrap_or_default();
    let place = finding
        .containers
        .first()
        .map(|c| c.name.as_str())
        .unwrap_or(&f.resource.display_name);
    format!(
        "<tr class=\"finding\"><td>{}</td><td><span class=\"sev sev-{sev}\">{sev}</span></td><td>{}</td><td><a href=\"/findings/{}\">{}</a></td><td>{}</td><td><code>{}</code></td></tr>",
        esc(finding.event_time.get(..19).unwrap_or(&finding.event_time)),
        esc(finding.state.as_str()),
        esc(finding_id(f)),
        esc(&finding.category),
        esc(place),
        esc(process.trim())
    )
}

const LIVE_JS: &str = r#"
(function(){
  if(!window.EventSource)return;
  var es=new EventSource('/v1/findings:stream');
  var count=0;
  es.addEventListener('finding',function(ev){
    var env=JSON.parse(ev.data),f=env.finding;
    var tr=document.createElement('tr');tr.className='finding new';
    var id=f.name.split('/').pop();
    var place=(f.containers&&f.containers[0])?f.containers[0].name:(env.resource.displayName||'');
    var p=(f.processes&&f.processes[0])||{};
    var proc=((p.binary&&p.binary.path)||p.name||'')+' '+(p.args||[]).slice(1).join(' ');
    var cells=[f.eventTime.slice(0,19),null,f.state,null,place,null];
    cells.forEach(function(text,i){var td=document.createElement('td');
      if(i===1){var s=document.createElement('span');s.className='sev sev-'+f.severity;s.textContent=f.severity;td.appendChild(s);}
      else if(i===3){var a=document.createElement('a');a.href='/findings/'+encodeURIComponent(id);a.textContent=f.category;td.appendChild(a);}
      else if(i===5){var c=document.createElement('code');c.textContent=proc.trim();td.appendChild(c);}
      else td.textContent=text;
      tr.appendChild(td);});
    var body=document.getElementById('findings-body');body.insertBefore(tr,body.firstChild);
    count++;var n=document.getElementById('live-count');n.textContent=count+' new since this page loaded';
  });
})();
"#;

/// `GET /`: the findings list.
pub(crate) async fn index(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(form): Query<ListForm>,
) -> Result<Html<String>, ApiError> {
    authorize_console(&state, &headers)?;
    let filter = form.filter();
    let text = form.q.clone().filter(|q| !q.trim().is_empty());
    // A free-text search reads stored findings one by one: its first page comes from the newest
    // findings, but counting all its matches reads every finding, so it is counted on request.
    let counted = text.is_none() || form.count.as_deref() == Some("1");
    let query = ListQuery {
        filter: Some(filter.clone()),
        text: text.clone(),
        page_size: Some(shrike_store::DEFAULT_PAGE_SIZE),
        page_token: form.page.clone().filter(|p| !p.is_empty()),
        skip_total: !counted,
        ..ListQuery::default()
    };
    let (page, histogram) = with_store(&state, move |s| {
        let page = s.list(&query)?;
        // The chart counts every match when the kept counts can (not for free text or a
        // page's findings alone).
        let histogram = s.histogram(&query, 48)?;
        Ok((page, histogram))
    })
    .await?;
    let categories: Vec<(&str, &str)> = ALL_FINDING_TYPES
        .iter()
        .map(|t| (t.category(), t.category()))
        .collect();
    let mut body = String::from(
        "<h1>Findings</h1><form class=\"filters\" method=\"get\" action=\"/\" id=\"filters\">",
    );
    body.push_str(&select(
        "category",
        "Category",
        &categories,
        form.category.as_deref(),
    ));
    body.push_str(&select(
        "severity",
        "Severity",
        &[
            ("CRITICAL", "Critical"),
            ("HIGH", "High"),
            ("MEDIUM", "Medium"),
            ("LOW", "Low"),
        ],
        form.severity.as_deref(),
    ));
    body.push_str(&select(
        "state",
        "State",
        &[("ACTIVE", "Active"), ("INACTIVE", "Inactive")],
        form.state.as_deref(),
    ));
    let _ = write!(
        body,
        "<label>Container<input name=\"container\" id=\"f-container\" value=\"{}\"></label>\
         <label>From<input type=\"datetime-local\" name=\"from\" id=\"f-from\" value=\"{}\"></label>\
         <label>To<input type=\"datetime-local\" name=\"to\" id=\"f-to\" value=\"{}\"></label>\
         <label>Search<input name=\"q\" id=\"f-q\" value=\"{}\" placeholder=\"binary, argument, IP…\"></label>\
         <button type=\"submit\" id=\"apply\">Apply</button> <a href=\"/\">Clear</a></form>",
        esc(form.container.as_deref().unwrap_or("")),
        esc(form.from.as_deref().unwrap_or("")),
        esc(form.to.as_deref().unwrap_or("")),
        esc(text.as_deref().unwrap_or(""))
    );
    let (bars, step, scope) = match &histogram {
        Some(h) => (bars_of(h), h.step_ns, "every matching finding"),
        None => (
            bars_of_page(&page.findings),
            3_600_000_000_000,
            "the findings on this page",
        ),
    };
    let total = if counted {
        page.total_size.to_string()
    } else if page.next_page_token.is_some() {
        format!("More than {}", page.findings.len())
    } else {
        page.findings.len().to_string()
    };
    let _ = write!(
        body,
        "<div class=\"card\"><h2>Findings over time</h2>{}<p class=\"note\" id=\"chart-scope\">Counts {scope}.</p></div><p><span id=\"total\">{}</span> finding(s){}{} · <span id=\"live-count\"></span></p>",
        chart(&bars, step),
        esc(&total),
        if filter.is_empty() { String::new() } else { format!(" matching <code id=\"filter\">{}</code>", esc(&filter)) },
        if counted { String::new() } else {
            format!(" · <a id=\"count-all\" href=\"{}\">count every match</a> (reads every stored finding)", esc(&form.link(None, true)))
        }
    );
    body.push_str("<table id=\"findings\"><thead><tr><th>Event time (UTC)</th><th>Severity</th><th>State</th><th>Category</th><th>Container / host</th><th>Process</th></tr></thead><tbody id=\"findings-body\">");
    for f in &page.findings {
        body.push_str(&row(f));
    }
    body.push_str("</tbody></table>");
    if let Some(token) = &page.next_page_token {
        let _ = write!(
            body,
            "<p><a id=\"older\" href=\"{}\">Older findings →</a></p>",
            esc(&form.link(Some(token), counted && text.is_some()))
        );
    }
    let _ = write!(body, "<script>{LIVE_JS}</script>");
    Ok(layout("Findings", &body))
}

fn tree(processes: &[Process]) -> String {
    // processes[0] is the offending process, then its ancestors nearest first: draw from the
    // oldest ancestor down.
    let mut html = String::new();
    let n = processes.len();
    for (depth, p) in processes.iter().rev().enumerate() {
        let bin = p
            .binary
            .as_ref()
            .map(|b| b.path.as_str())
            .unwrap_or(&p.name);
        let mark = if depth + 1 == n {
            " class=\"offender\""
        } else {
            ""
        };
        let _ = write!(
            html,
            "<ul class=\"tree\"><li{mark}><code>{}</code> pid {} — <code>{}</code>",
            esc(bin),
            p.pid,
            esc(&p.args.join(" "))
        );
    }
    for _ in 0..n {
        html.push_str("</li></ul>");
    }
    html
}

/// Query of the finding page.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct FindingForm {
    /// Related-findings window, minutes either side.
    window: Option<i64>,
}

const ACTIONS_JS: &str = r#"
function shrikeAction(name, action, body){
  fetch('/v1/'+name+':'+action,{method:'POST',headers:{'Content-Type':'application/json'},body:JSON.stringify(body)})
    .then(function(r){if(!r.ok)throw new Error(r.status);location.reload();})
    .catch(function(e){document.getElementById('action-error').textContent='Failed: '+e.message;});
}
document.querySelectorAll('[data-action]').forEach(function(b){
  b.addEventListener('click',function(){var body={};body[b.dataset.key]=b.dataset.value;shrikeAction(b.dataset.name,b.dataset.action,body);});
});
var copy=document.getElementById('copy-json');
if(copy)copy.addEventListener('click',function(){navigator.clipboard&&navigator.clipboard.writeText(document.getElementById('finding-json').textContent);copy.textContent='Copied';});
"#;

/// `GET /findings/{id}`: one finding, Summary and JSON tabs.
pub(crate) async fn finding_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(form): Query<FindingForm>,
) -> Result<Html<String>, ApiError> {
    authorize_console(&state, &headers)?;
    let lookup = id.clone();
    let f = with_store(&state, move |s| {
        let names = s.names_by_id(&lookup)?;
        match names.first() {
            Some(name) => s.get(name),
            None => Err(StoreError::NotFound {
                name: lookup.clone(),
            }),
        }
    })
    .await?;
    let window = form.window.unwrap_or(60).clamp(1, 7 * 24 * 60);
    let related = match shrike_store::event_ns(&f) {
        Some(ns) => {
            let span = window * 60 * 1_000_000_000;
            let filter = format!(
                "resource.name={} AND event_time>={} AND event_time<={}",
                quoted(&f.resource.name),
                quoted(&shrike_core::time::rfc3339_nanos(
                    u64::try_from(ns - span).unwrap_or(0)
                )),
                quoted(&shrike_core::time::rfc3339_nanos(
                    u64::try_from(ns + span).unwrap_or(0)
                ))
            );
            let query = ListQuery {
                filter: Some(filter),
                page_size: Some(100),
                ..ListQuery::default()
            };
            with_store(&state, move |s| s.list(&query)).await?.findings
        }
        None => Vec::new(),
    };
    let finding = &f.finding;
    let sev = finding.severity.as_str().to_owned();
    let st = finding.state.as_str().to_owned();
    let mute = finding.mute.as_str().to_owned();
    let mut b = String::new();
    let _ = write!(
        b,
        "<h1 id=\"title\">{}</h1><p><span class=\"sev sev-{sev}\">{sev}</span> · state <b id=\"state\">{}</b> · mute <b id=\"mute\">{}</b> · <a href=\"/docs/{}\">about this finding type</a></p>\
         <p><code id=\"name\">{}</code></p><p id=\"action-error\"></p><p>",
        esc(&finding.category),
        esc(&st),
        esc(&mute),
        esc(&url_enc(&finding.module_name)),
        esc(&finding.name)
    );
    let (next_state, label) = if st == "ACTIVE" {
        ("INACTIVE", "Mark inactive")
    } else {
        ("ACTIVE", "Mark active")
    };
    let _ = write!(
        b,
        "<button id=\"set-state\" data-action=\"setState\" data-key=\"state\" data-value=\"{next_state}\" data-name=\"{}\">{label}</button> ",
        esc(&finding.name)
    );
    let (next_mute, mlabel) = if mute == "MUTED" {
        ("UNMUTED", "Unmute")
    } else {
        ("MUTED", "Mute")
    };
    let _ = write!(
        b,
        "<button id=\"set-mute\" data-action=\"setMute\" data-key=\"mute\" data-value=\"{next_mute}\" data-name=\"{}\">{mlabel}</button></p>",
        esc(&finding.name)
    );
    b.push_str("<div class=\"tabs\"><input type=\"radio\" name=\"tab\" id=\"tab-summary\" checked><label class=\"tab\" for=\"tab-summary\" id=\"tab-summary-label\">Summary</label>\
                <input type=\"radio\" name=\"tab\" id=\"tab-json\"><label class=\"tab\" for=\"tab-json\" id=\"tab-json-label\">JSON</label>");
    // Summary.
    b.push_str("<div class=\"panel\" id=\"panel-summary\">");
    if let Some(why) = finding
        .source_properties
        .get("Detection_Summary")
        .and_then(|v| v.as_str())
    {
        let _ = write!(b, "<p id=\"why\">{}</p>", esc(why));
    }
    let _ = write!(
        b,
        "<p>{}</p><h3>What was detected</h3><dl class=\"kv\">",
        esc(&finding.description)
    );
    let _ = write!(
        b,
        "<dt>Event time</dt><dd>{}</dd>",
        esc(&finding.event_time)
    );
    if let Some(p) = finding.processes.first() {
        if let Some(bin) = &p.binary {
            let _ = write!(
                b,
                "<dt>Program binary</dt><dd><code id=\"binary\">{}</code>{}</dd>",
                esc(&bin.path),
                bin.sha256
                    .as_deref()
                    .map(|h| format!(" <small>sha256 {}</small>", esc(h)))
                    .unwrap_or_default()
            );
        }
        let _ = write!(
            b,
            "<dt>Arguments</dt><dd><code id=\"args\">{}</code></dd>",
            esc(&p.args.join(" "))
        );
        if let Some(script) = &p.script {
            let excerpt: String = script
                .contents
                .as_deref()
                .unwrap_or("")
                .chars()
                .take(2000)
                .collect();
            let _ = write!(
                b,
                "<dt>Script</dt><dd><code>{}</code><pre id=\"script\">{}</pre></dd>",
                esc(&script.path),
                esc(&excerpt)
            );
        }
        for lib in &p.libraries {
            let _ = write!(
                b,
                "<dt>Library loaded</dt><dd><code class=\"library\">{}</code>{}</dd>",
                esc(&lib.path),
                lib.sha256
                    .as_deref()
                    .map(|h| format!(" <small>sha256 {}</small>", esc(h)))
                    .unwrap_or_default()
            );
        }
    }
    // What matched: YARA rules and threat-intel feed entries.
    let signatures: Vec<String> = finding
        .indicator
        .iter()
        .flat_map(|i| &i.signatures)
        .flat_map(|s| {
            let yara = s
                .yara_rule_signature
                .as_ref()
                .map(|y| format!("YARA rule {}", y.yara_rule));
            let feed = s
                .memory_hash_signature
                .as_ref()
                .map(|m| format!("feed entry {}", m.binary_family));
            yara.into_iter().chain(feed)
        })
        .collect();
    if !signatures.is_empty() {
        let _ = write!(
            b,
            "<dt>Matched</dt><dd id=\"signatures\">{}</dd>",
            esc(&signatures.join("; "))
        );
    }
    for c in &finding.containers {
        let _ = write!(
            b,
            "<dt>Container</dt><dd id=\"container\">{}</dd><dt>Image</dt><dd>{}</dd>",
            esc(&c.name),
            esc(c.uri.as_deref().unwrap_or(""))
        );
    }
    let _ = write!(
        b,
        "</dl><h3>Affected resource</h3><p><code>{}</code> ({})</p>",
        esc(&f.resource.name),
        esc(&f.resource.resource_type)
    );
    if !finding.source_properties.is_empty() {
        b.push_str("<h3>Source properties</h3><dl class=\"kv\">");
        for (k, v) in &finding.source_properties {
            let text = v
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| v.to_string());
            let _ = write!(b, "<dt>{}</dt><dd>{}</dd>", esc(k), esc(&text));
        }
        b.push_str("</dl>");
    }
    b.push_str("<h3>Related links</h3><ul id=\"links\">");
    if let Some(uri) = finding
        .external_uri
        .as_deref()
        .filter(|u| u.starts_with("https://www.virustotal.com/"))
    {
        let _ = write!(
            b,
            "<li><a href=\"{}\" rel=\"noopener noreferrer\">VirusTotal</a></li>",
            esc(uri)
        );
    }
    for t in &finding.mitre_attack.primary_techniques {
        let id = t.attack_id();
        let _ = write!(b, "<li><a href=\"https://attack.mitre.org/techniques/{}/\" rel=\"noopener noreferrer\">MITRE ATT&amp;CK {id}</a></li>", id.replace('.', "/"));
    }
    b.push_str("</ul><h3>Process ancestry</h3><div id=\"ancestry\">");
    b.push_str(&tree(&finding.processes));
    let _ = write!(b, "</div><h3>Related findings (same resource, ±{window} min)</h3><table id=\"related\"><tbody>");
    for r in related.iter().filter(|r| r.finding.name != finding.name) {
        b.push_str(&row(r));
    }
    b.push_str("</tbody></table></div>");
    // JSON.
    let json = serde_json::to_string_pretty(&f).unwrap_or_default();
    let _ = write!(
        b,
        "<div class=\"panel\" id=\"panel-json\"><button id=\"copy-json\">Copy</button><pre id=\"finding-json\">{}</pre></div></div>",
        esc(&json)
    );
    let _ = write!(b, "<script>{ACTIONS_JS}</script>");
    Ok(layout(&finding.category, &b))
}

/// Query of a documentation page.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct DocForm {
    lang: Option<String>,
}

/// `GET /docs`: every finding type.
pub(crate) async fn docs_index(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Html<String>, ApiError> {
    authorize_console(&state, &headers)?;
    let mut b = String::from("<h1>Finding types</h1><ul>");
    for t in ALL_FINDING_TYPES {
        let _ = write!(
            b,
            "<li><a href=\"/docs/{}\">{}</a> — {}</li>",
            t.module_name(),
            esc(t.category()),
            t.severity().as_str()
        );
    }
    b.push_str("</ul>");
    Ok(layout("Finding types", &b))
}

/// `GET /docs/{module}`: a finding type's page in the browser's language, with a switch.
pub(crate) async fn doc_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(module): Path<String>,
    Query(form): Query<DocForm>,
) -> Result<Html<String>, ApiError> {
    authorize_console(&state, &headers)?;
    let accept = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    let lang = crate::finding_docs::negotiate(accept, form.lang.as_deref());
    let Some(md) = FindingType::from_name(&module)
        .and_then(|t| crate::finding_docs::page(t.module_name(), lang))
    else {
        return Err(ApiError {
            status: axum::http::StatusCode::NOT_FOUND,
            message: format!("no finding type {module}"),
        });
    };
    let mut b = String::from("<p id=\"languages\">");
    for (code, name) in crate::finding_docs::LANGUAGES {
        if *code == lang {
            let _ = write!(b, "<b lang=\"{code}\">{}</b> ", esc(name));
        } else {
            let _ = write!(
                b,
                "<a lang=\"{code}\" href=\"?lang={code}\">{}</a> ",
                esc(name)
            );
        }
    }
    let _ = write!(
        b,
        "</p><article id=\"doc\" lang=\"{lang}\">{}</article>",
        crate::finding_docs::render(md)
    );
    Ok(layout(&module, &b))
}

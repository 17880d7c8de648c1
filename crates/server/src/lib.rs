//! Shrike's HTTP API, shaped like Security Command Center's v1 REST so SCC scripts port easily.
//!
//! | method and path | does |
//! |---|---|
//! | `GET /v1/projects/{p}/sources/{s}/findings?filter=&orderBy=&pageSize=&pageToken=` | list (`sources/-`: every source of the project), answered like SCC's ListFindingsResponse |
//! | `GET /v1/projects/{p}/sources/{s}/findings/{id}` | one finding (`{"finding", "resource"}`) |
//! | `POST /v1/projects/{p}/sources/{s}/findings/{id}:setState` | body `{"state": "ACTIVE"\|"INACTIVE"}` |
//! | `POST /v1/projects/{p}/sources/{s}/findings/{id}:setMute` | body `{"mute": "MUTED"\|"UNMUTED"\|"UNDEFINED"}` |
//! | `GET /v1/findings:stream` | server-sent events, one `finding` event per new finding |
//! | `GET /v1/openapi.json` | the OpenAPI document |
//! | `GET /metrics` | Prometheus metrics ([`shrike_core::metrics::global`]), text format 0.0.4 |
//!
//! Errors answer with SCC's shape, `{"error": {"code", "message", "status"}}`; a malformed
//! filter is a 400 whose message names the column. The server binds 127.0.0.1 unless told
//! otherwise; binding any other address requires a bearer token, and then every request
//! without `Authorization: Bearer <token>` gets a 401.
//!
//! The same server renders the web console ([`console`]): `/` (findings list with filters, a
//! chart over time and live updates), `/findings/{id}` (Summary and JSON tabs, process
//! ancestry, related findings, state and mute buttons) and `/docs/{module}` (each finding type's
//! page in English, Italian, French, German or Indonesian, chosen by the browser's language).
//!
//! The store is synchronous; calls run on tokio's blocking pool behind one mutex.

pub mod console;
pub mod finding_docs;
pub mod ingest;

use axum::extract::{MatchedPath, Path, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use shrike_core::finding::{FindingEnvelope, Mute, State as FindingState};
use shrike_core::metrics::{self, names};
use shrike_store::{FindingStore, ListQuery, StoreError};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The OpenAPI document served at `/v1/openapi.json`.
pub const OPENAPI: &str = include_str!("openapi.json");

/// Why the server would not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServeError {
    /// A non-loopback address without a token.
    #[error("refusing to listen on {addr} without a bearer token: outside 127.0.0.1/::1 the API requires one (--token-file or SHRIKE_API_TOKEN)")]
    TokenRequired {
        /// The address asked for.
        addr: SocketAddr,
    },
    /// Binding failed.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// Server settings.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Where to listen.
    pub listen: SocketAddr,
    /// The bearer token; required off loopback.
    pub token: Option<String>,
    /// How often the event stream looks for new findings.
    pub stream_poll: Duration,
}

#[derive(Clone)]
struct AppState {
    store: Arc<Mutex<Box<dyn FindingStore>>>,
    token: Option<Arc<str>>,
    stream_poll: Duration,
}

/// An API error in SCC's shape.
struct ApiError {
    status: StatusCode,
    message: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status_name = match self.status {
            StatusCode::BAD_REQUEST => "INVALID_ARGUMENT",
            StatusCode::NOT_FOUND => "NOT_FOUND",
            StatusCode::UNAUTHORIZED => "UNAUTHENTICATED",
            _ => "INTERNAL",
        };
        let body = json!({"error": {"code": self.status.as_u16(), "message": self.message, "status": status_name}});
        (self.status, Json(body)).into_response()
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        let status = match &e {
            StoreError::Filter(_) | StoreError::BadPageToken { .. } => StatusCode::BAD_REQUEST,
            StoreError::NotFound { .. } => StatusCode::NOT_FOUND,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::error!(error = %e, "store failure");
        }
        ApiError {
            status,
            message: e.to_string(),
        }
    }
}

fn bad_request(message: impl Into<String>) -> ApiError {
    ApiError {
        status: StatusCode::BAD_REQUEST,
        message: message.into(),
    }
}

async fn with_store<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&mut dyn FindingStore) -> Result<T, StoreError> + Send + 'static,
) -> Result<T, ApiError> {
    let store = Arc::clone(&state.store);
    tokio::task::spawn_blocking(move || {
        let mut guard = store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(guard.as_mut())
    })
    .await
    .map_err(|e| ApiError {
        status: StatusCode::INTERNAL_SERVER_ERROR,
        message: e.to_string(),
    })?
    .map_err(ApiError::from)
}

fn authorize(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = &state.token else {
        return Ok(());
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if given.is_some_and(|g| token_matches(g, token)) {
        Ok(())
    } else {
        Err(ApiError {
            status: StatusCode::UNAUTHORIZED,
            message: "missing or wrong bearer token".into(),
        })
    }
}

/// Whether `given` is the token, in time that depends on neither's contents nor length: both
/// are hashed to SHA-256 and the digests compared in constant time, so a wrong guess tells
/// nothing of the token (not even its length, which a length check first would).
fn token_matches(given: &str, token: &str) -> bool {
    use sha2::{Digest, Sha256};
    use subtle::ConstantTimeEq;
    let given = Sha256::digest(given.as_bytes());
    let token = Sha256::digest(token.as_bytes());
    given.as_slice().ct_eq(token.as_slice()).into()
}

/// The console takes the token from the `Authorization` header or a `shrike_token` cookie
/// (browsers cannot add headers to page loads).
fn authorize_console(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    if state.token.is_none() || authorize(state, headers).is_ok() {
        return Ok(());
    }
    let cookie_token = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|kv| kv.trim().strip_prefix("shrike_token="))
        .map(str::to_owned);
    match cookie_token {
        Some(t) => {
            let mut with_header = HeaderMap::new();
            if let Ok(v) = format!("Bearer {t}").parse() {
                with_header.insert(header::AUTHORIZATION, v);
            }
            authorize(state, &with_header)
        }
        None => authorize(state, headers),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ListParams {
    filter: Option<String>,
    order_by: Option<String>,
    page_size: Option<String>,
    page_token: Option<String>,
}

fn result(f: FindingEnvelope) -> Value {
    json!({"finding": f.finding, "resource": f.resource})
}

async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((project, source)): Path<(String, String)>,
    Query(params): Query<ListParams>,
) -> Result<Json<Value>, ApiError> {
    authorize(&state, &headers)?;
    let page_size = match params.page_size.as_deref() {
        None | Some("") => None,
        Some(s) => Some(
            s.parse::<usize>()
                .map_err(|_| bad_request(format!("pageSize {s:?} is not a number")))?,
        ),
    };
    let mut query = ListQuery {
        filter: params.filter,
        order_by: params.order_by,
        page_size,
        page_token: params.page_token.filter(|t| !t.is_empty()),
        ..ListQuery::default()
    };
    if source == "-" {
        query.project = Some(format!("projects/{project}"));
    } else {
        query.parent = Some(format!("projects/{project}/sources/{source}"));
    }
    let page = with_store(&state, move |s| s.list(&query)).await?;
    let results: Vec<Value> = page.findings.into_iter().map(result).collect();
    Ok(Json(json!({
        "listFindingsResults": results,
        "nextPageToken": page.next_page_token.unwrap_or_default(),
        "totalSize": page.total_size,
        "readTime": shrike_core::time::rfc3339_nanos(shrike_core::time::now_ns()),
    })))
}

async fn get_finding(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((project, source, id)): Path<(String, String, String)>,
) -> Result<Json<Value>, ApiError> {
    authorize(&state, &headers)?;
    if id.contains(':') {
        return Err(ApiError {
            status: StatusCode::NOT_FOUND,
            message: format!("{id}: actions are POST"),
        });
    }
    let name = format!("projects/{project}/sources/{source}/findings/{id}");
    let f = with_store(&state, move |s| s.get(&name)).await?;
    Ok(Json(result(f)))
}

async fn finding_action(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((project, source, id_action)): Path<(String, String, String)>,
    body: Option<Json<Value>>,
) -> Result<Json<Value>, ApiError> {
    authorize(&state, &headers)?;
    let (id, action) = id_action.split_once(':').ok_or_else(|| ApiError {
        status: StatusCode::NOT_FOUND,
        message: "expected …/findings/{id}:setState or :setMute".into(),
    })?;
    let name = format!("projects/{project}/sources/{source}/findings/{id}");
    let body = body.map(|Json(v)| v).unwrap_or(Value::Null);
    let field = |key: &str| body.get(key).and_then(Value::as_str).map(str::to_owned);
    let updated = match action {
        "setState" => {
            let state_value = match field("state").as_deref() {
                Some("ACTIVE") => FindingState::Active,
                Some("INACTIVE") => FindingState::Inactive,
                other => {
                    return Err(bad_request(format!(
                        "state must be \"ACTIVE\" or \"INACTIVE\", got {other:?}"
                    )))
                }
            };
            with_store(&state, move |s| s.set_state(&name, state_value)).await?
        }
        "setMute" => {
            let mute = match field("mute").as_deref() {
                Some("MUTED") => Mute::Muted,
                Some("UNMUTED") => Mute::Unmuted,
                Some("UNDEFINED") => Mute::Undefined,
                other => {
                    return Err(bad_request(format!(
                        "mute must be \"MUTED\", \"UNMUTED\" or \"UNDEFINED\", got {other:?}"
                    )))
                }
            };
            with_store(&state, move |s| s.set_mute(&name, mute)).await?
        }
        other => {
            return Err(ApiError {
                status: StatusCode::NOT_FOUND,
                message: format!("unknown action :{other}"),
            })
        }
    };
    Ok(Json(result(updated)))
}

async fn stream(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Sse<impl futures_util::Stream<Item = Result<Event, std::convert::Infallible>>>, ApiError>
{
    authorize(&state, &headers)?;
    // New findings are those created from now on; the stream polls the store, so findings
    // written by any process (a watch, an ingester) reach every client.
    let start = i64::try_from(shrike_core::time::now_ns()).unwrap_or(i64::MAX);
    let poll = state.stream_poll;
    let events = futures_util::stream::unfold(
        (state, start, Vec::<Event>::new()),
        move |(state, mut after, mut queue)| async move {
            loop {
                if let Some(ev) = queue.pop() {
                    return Some((Ok(ev), (state, after, queue)));
                }
                tokio::time::sleep(poll).await;
                let query = ListQuery {
                    created_after_ns: Some(after),
                    order_by: Some("create_time desc".into()),
                    page_size: Some(shrike_store::MAX_PAGE_SIZE),
                    ..ListQuery::default()
                };
                match with_store(&state, move |s| s.list(&query)).await {
                    Ok(page) => {
                        // Newest first from the store; `pop` sends oldest first.
                        for f in page.findings {
                            if let Some(ns) = shrike_store::created_ns(&f) {
                                after = after.max(ns);
                            }
                            let data = serde_json::to_string(&result(f)).unwrap_or_default();
                            queue.push(Event::default().event("finding").data(data));
                        }
                    }
                    Err(e) => tracing::warn!(error = %e.message, "finding stream poll failed"),
                }
            }
        },
    );
    Ok(Sse::new(events).keep_alive(KeepAlive::default()))
}

async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI)
}

/// The process's metrics, behind the same token as the API (they name hosts' sinks and
/// finding categories).
async fn prometheus_metrics(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    authorize(&state, &headers)?;
    // Callback gauges may touch the file system (a spool's depth): keep them off the runtime.
    let text = tokio::task::spawn_blocking(|| metrics::global().render())
        .await
        .map_err(|e| ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: format!("rendering metrics: {e}"),
        })?;
    Ok(([(header::CONTENT_TYPE, metrics::CONTENT_TYPE)], text).into_response())
}

/// Counts every answer in `shrike_http_requests_total{route, status}`; `route` is the route's
/// template, so its values are bounded by the routes below.
async fn count_requests(request: Request, next: axum::middleware::Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let response = next.run(request).await;
    metrics::global()
        .counter(
            names::HTTP_REQUESTS_TOTAL,
            names::HTTP_REQUESTS_TOTAL_HELP,
            &[("route", &route), ("status", response.status().as_str())],
        )
        .inc();
    response
}

/// The API's routes over a store.
pub fn router(
    store: Box<dyn FindingStore>,
    token: Option<String>,
    stream_poll: Duration,
) -> Router {
    router_over(Arc::new(Mutex::new(store)), token, stream_poll)
}

fn router_over(
    store: Arc<Mutex<Box<dyn FindingStore>>>,
    token: Option<String>,
    stream_poll: Duration,
) -> Router {
    let state = AppState {
        store,
        token: token.map(Arc::from),
        stream_poll,
    };
    Router::new()
        .route(
            "/v1/projects/{project}/sources/{source}/findings",
            get(list),
        )
        .route(
            "/v1/projects/{project}/sources/{source}/findings/{id}",
            get(get_finding).post(finding_action),
        )
        .route("/v1/findings:stream", get(stream))
        .route("/v1/openapi.json", get(openapi))
        .route("/", get(console::index))
        .route("/findings/{id}", get(console::finding_page))
        .route("/docs", get(console::docs_index))
        .route("/docs/{module}", get(console::doc_page))
        .route("/metrics", get(prometheus_metrics))
        .layer(axum::middleware::from_fn(count_requests))
        .with_state(state)
}

/// Binds, checking the token rule; returns the listener and the address actually bound.
pub async fn bind(
    config: &ServerConfig,
) -> Result<(tokio::net::TcpListener, SocketAddr), ServeError> {
    if !config.listen.ip().is_loopback() && config.token.is_none() {
        return Err(ServeError::TokenRequired {
            addr: config.listen,
        });
    }
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|source| ServeError::Bind {
            addr: config.listen,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| ServeError::Bind {
        addr: config.listen,
        source,
    })?;
    Ok((listener, addr))
}

/// Serves until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    store: Box<dyn FindingStore>,
    config: &ServerConfig,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let store = Arc::new(Mutex::new(store));
    let app = router_over(Arc::clone(&store), config.token.clone(), config.stream_poll);
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await;
    // The last handle on the store goes on the blocking pool: a PostgreSQL client closes its
    // connection by blocking, which is not allowed on an async worker.
    let _ = tokio::task::spawn_blocking(move || drop(store)).await;
    served
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(token: Option<&str>) -> AppState {
        let store = shrike_store::open("sqlite::memory:").expect("in-memory store");
        AppState {
            store: Arc::new(Mutex::new(store)),
            token: token.map(Arc::from),
            stream_poll: Duration::from_millis(100),
        }
    }

    fn bearer(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, value.parse().expect("header value"));
        headers
    }

    #[test]
    fn tokens_match_only_when_equal() {
        let token = "0123456789abcdef0123456789abcdef";
        assert!(token_matches(token, token));
        assert!(!token_matches("", token));
        assert!(!token_matches(&token[..31], token), "a prefix");
        assert!(!token_matches(&format!("{token}0"), token), "longer");
        assert!(!token_matches("1123456789abcdef0123456789abcdef", token));
        assert!(!token_matches("0123456789abcdef0123456789abcdeF", token));
        // Multi-byte characters compare as bytes.
        assert!(token_matches("ünïcødé", "ünïcødé"));
        assert!(!token_matches("ünïcødé", "unicode"));
    }

    #[test]
    fn authorize_wants_the_bearer_token_and_console_also_the_cookie() {
        let s = state(Some("s3cret"));
        assert!(authorize(&s, &bearer("Bearer s3cret")).is_ok());
        for wrong in [
            "Bearer s3cre",
            "Bearer s3cret ",
            "bearer s3cret",
            "s3cret",
            "Basic s3cret",
        ] {
            let e = authorize(&s, &bearer(wrong)).expect_err(wrong);
            assert_eq!(e.status, StatusCode::UNAUTHORIZED);
            assert!(!e.message.contains("s3cret"), "{}", e.message);
        }
        assert!(authorize(&s, &HeaderMap::new()).is_err());
        let mut cookie = HeaderMap::new();
        cookie.insert(
            header::COOKIE,
            "a=b; shrike_token=s3cret".parse().expect("cookie"),
        );
        assert!(authorize_console(&s, &cookie).is_ok());
        assert!(authorize(&s, &cookie).is_err(), "the API takes no cookie");
        let mut wrong = HeaderMap::new();
        wrong.insert(header::COOKIE, "shrike_token=nope".parse().expect("cookie"));
        assert!(authorize_console(&s, &wrong).is_err());
        // Without a token configured everything is let in (loopback only).
        assert!(authorize(&state(None), &HeaderMap::new()).is_ok());
    }
}

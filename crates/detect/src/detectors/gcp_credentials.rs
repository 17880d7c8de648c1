//! Find Google Cloud Credentials: a search tool (grep and friends, find, locate, fd) starts inside
//! a container looking for Google Cloud credentials: gcloud's configuration directory and
//! databases, application-default credentials, the variable that points at a key file, and
//! service-account key files ([`GCP_MARKERS`], ASCII case-insensitive). Reading tokens from the
//! metadata server is another technique, not covered here.

use super::{
    ancestor_in_container_matches, argument_containing, quoted_argument, search_tool, with_image,
};
use shrike_core::event::ExecEvent;
use shrike_core::{Detection, DetectionContext, Detector, FindingType};

/// What a search for Google Cloud credentials names (lower case).
pub const GCP_MARKERS: &[&str] = &[
    "application_default_credentials",
    ".config/gcloud",
    "credentials.db",
    "access_tokens.db",
    "legacy_credentials",
    "google_application_credentials",
    "service_account",
];

fn gcp_search<'e>(
    exec: &'e ExecEvent,
    names: shrike_core::event::ProcessNames<'_>,
) -> Option<(&'static str, &'static str, &'e str)> {
    let tool = search_tool(names)?;
    let (marker, arg) = argument_containing(exec, GCP_MARKERS)?;
    Some((tool, marker, arg))
}

/// See the module documentation.
#[derive(Debug, Clone, Copy, Default)]
pub struct GcpCredentialSearchDetector;

impl Detector for GcpCredentialSearchDetector {
    fn name(&self) -> &'static str {
        "gcp-credentials"
    }

    fn finding_types(&self) -> &'static [FindingType] {
        &[FindingType::FindGcpCredentials]
    }

    fn on_exec(&self, exec: &ExecEvent, ctx: &DetectionContext<'_>) -> Option<Detection> {
        let container = exec.container.as_ref()?;
        let (tool, marker, arg) = gcp_search(exec, ctx.names)?;
        if ancestor_in_container_matches(ctx, |a, names| gcp_search(a, names).is_some()) {
            return None;
        }
        let summary = format!(
            "{tool} searched for Google Cloud credentials ({marker:?}) in container {}",
            container.name.as_deref().unwrap_or(&container.id)
        );
        let detection = Detection::new(FindingType::FindGcpCredentials, summary)
            .with_property("Search_Tool", tool)
            .with_property("Search_Pattern", marker)
            .with_property("Search_Argument", quoted_argument(arg));
        Some(with_image(detection, exec))
    }
}

//! Unexpected Child Shell: a shell starts in a container as the direct child of a process that
//! should not start shells — by default web servers, proxies, application servers and databases
//! ([`DEFAULT_SHELL_PARENTS`]; `--shell-parents` replaces the list). An entry ending in `*`
//! matches a prefix (`php-fpm*` for `php-fpm8.2`). The parent is matched by its executable's
//! name or its `argv[0]`.

use super::{is_shell_named, with_image};
use shrike_core::event::ExecEvent;
use shrike_core::{Detection, DetectionContext, Detector, FindingType};

/// Processes that should not start shells. Node.js is left out: `child_process.exec` always runs
/// through `/bin/sh -c`, so ordinary Node applications start shells (add `node` with
/// `--shell-parents` where they do not).
pub const DEFAULT_SHELL_PARENTS: &[&str] = &[
    "nginx",
    "httpd",
    "apache2",
    "lighttpd",
    "caddy",
    "traefik",
    "envoy",
    "haproxy",
    "php-fpm*",
    "java",
    "gunicorn",
    "uwsgi",
    "puma",
    "unicorn",
    "dotnet",
    "mysqld",
    "mariadbd",
    "postgres",
    "redis-server",
    "mongod",
];

/// See the module documentation.
#[derive(Debug, Clone)]
pub struct ChildShellDetector {
    parents: Vec<Box<str>>,
}

impl Default for ChildShellDetector {
    fn default() -> Self {
        Self::new(DEFAULT_SHELL_PARENTS.iter().copied())
    }
}

impl ChildShellDetector {
    /// A detector for the given parent names (`nginx`, `php-fpm*`).
    pub fn new<'a>(parents: impl IntoIterator<Item = &'a str>) -> Self {
        Self {
            parents: parents
                .into_iter()
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(Box::from)
                .collect(),
        }
    }

    fn matches(&self, name: &str) -> Option<&str> {
        self.parents
            .iter()
            .find(|p| match p.strip_suffix('*') {
                Some(prefix) => name.starts_with(prefix),
                None => &***p == name,
            })
            .map(|p| &**p)
    }
}

impl Detector for ChildShellDetector {
    fn name(&self) -> &'static str {
        "child-shell"
    }

    fn finding_types(&self) -> &'static [FindingType] {
        &[FindingType::UnexpectedChildShell]
    }

    fn on_exec(&self, exec: &ExecEvent, ctx: &DetectionContext<'_>) -> Option<Detection> {
        let container = exec.container.as_ref()?;
        if !is_shell_named(ctx.names) {
            return None;
        }
        // The direct parent's image: its own exec, or the one it inherited by forking (an nginx
        // worker runs the master's image).
        let parent_entry = ctx.table.ancestors(exec.pid).next()?;
        let parent = parent_entry.exec.as_deref()?;
        if parent
            .container
            .as_ref()
            .is_none_or(|c| c.id != container.id)
        {
            return None;
        }
        let names = parent.names();
        let entry = self
            .matches(names.exe)
            .or_else(|| names.argv0.and_then(|a| self.matches(a)))?;
        let shell = ctx.names.argv0.unwrap_or(ctx.names.exe);
        let summary = format!(
            "shell {shell} started by {} (pid {}, matches {entry:?}) in container {}",
            parent.exe.path,
            parent.pid,
            container.name.as_deref().unwrap_or(&container.id)
        );
        let detection = Detection::new(FindingType::UnexpectedChildShell, summary)
            .with_property("Shell", shell)
            .with_property("Parent_Binary", parent.exe.path.clone())
            .with_property("Parent_Pid", parent.pid);
        Some(with_image(detection, exec))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_match_by_name_or_prefix() {
        let d = ChildShellDetector::default();
        assert_eq!(d.matches("nginx"), Some("nginx"));
        assert_eq!(d.matches("php-fpm8.2"), Some("php-fpm*"));
        assert_eq!(d.matches("nginx-debug"), None);
        assert_eq!(d.matches("python3"), None);
        let custom = ChildShellDetector::new(["java", " ", "ruby*"]);
        assert_eq!(custom.matches("ruby3.2"), Some("ruby*"));
        assert_eq!(custom.matches("nginx"), None);
    }
}

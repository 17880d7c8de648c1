//! Launch Code Compiler Tool In Container: a compiler, assembler or linker starts inside a
//! container. Never on the host, where building software is ordinary.
//!
//! Tools are matched by executable name (and `argv[0]`), with version suffixes (`gcc-12`,
//! `clang-14`) and cross-compiler target prefixes (`x86_64-linux-gnu-gcc`) taken off. An entry
//! may require a subcommand (`go build`). The stages a compiler driver runs (`cc1`, `as`,
//! `collect2`, `ld`, Go's `compile`/`link`) are one compilation: a tool under an ancestor that is
//! itself a compiler tool in the same container is not reported again.

use super::{ancestor_in_container_matches, with_image, NameMap};
use rustc_hash::FxHashMap as HashMap;
use shrike_core::event::{ExecEvent, ProcessNames};
use shrike_core::{Detection, DetectionContext, Detector, FindingType};

/// Compilers, assemblers and linkers; `name subcommand` entries need that first argument.
pub const DEFAULT_COMPILER_TOOLS: &[&str] = &[
    "gcc",
    "cc",
    "c++",
    "g++",
    "c89",
    "c99",
    "cpp",
    "cc1",
    "cc1plus",
    "cc1obj",
    "collect2",
    "clang",
    "clang++",
    "clang-cl",
    "tcc",
    "pcc",
    "musl-gcc",
    "gccgo",
    "gfortran",
    "f95",
    "as",
    "gas",
    "nasm",
    "yasm",
    "ld",
    "ld.bfd",
    "ld.gold",
    "ld.lld",
    "lld",
    "mold",
    "rustc",
    "javac",
    "kotlinc",
    "scalac",
    "swiftc",
    "ghc",
    "fpc",
    "gdc",
    "ldc2",
    "dmd",
    "nim",
    "go build",
    "go run",
    "go install",
    "go test",
    "zig build",
    "zig build-exe",
    "zig cc",
    "zig c++",
    "cargo build",
    "cargo run",
    "cargo install",
    "dotnet build",
];

/// Architectures that start a cross-compiler's target triplet.
const TRIPLET_ARCHES: &[&str] = &[
    "x86_64",
    "i386",
    "i486",
    "i586",
    "i686",
    "aarch64",
    "arm",
    "armv7",
    "armhf",
    "riscv64",
    "powerpc64le",
    "powerpc64",
    "powerpc",
    "ppc64le",
    "s390x",
    "mips",
    "mipsel",
    "mips64",
    "mips64el",
    "loongarch64",
    "sparc64",
];

/// See the module documentation.
#[derive(Debug, Clone)]
pub struct CompilerDetector {
    /// name → subcommands required (empty: any invocation).
    tools: NameMap<Vec<Box<str>>>,
}

impl Default for CompilerDetector {
    fn default() -> Self {
        Self::new(DEFAULT_COMPILER_TOOLS.iter().copied())
    }
}

impl CompilerDetector {
    /// A detector for the given tool entries (`gcc`, `go build`).
    pub fn new<'a>(entries: impl IntoIterator<Item = &'a str>) -> Self {
        let mut tools: HashMap<Box<str>, Vec<Box<str>>> = HashMap::default();
        for entry in entries {
            let mut words = entry.split_whitespace();
            let Some(name) = words.next() else { continue };
            let subs = tools.entry(name.into()).or_default();
            if let Some(sub) = words.next() {
                subs.push(sub.into());
            } else {
                // A bare entry matches every invocation; it wins over subcommand entries.
                subs.clear();
                subs.push("*".into());
            }
        }
        Self {
            tools: NameMap::new(tools),
        }
    }

    /// The tool entry `exec` matches, if any (e.g. `gcc`, `go build`).
    pub fn matched_tool(&self, exec: &ExecEvent) -> Option<String> {
        self.matched_tool_named(exec, exec.names())
    }

    /// [`Self::matched_tool`] with the exec's names already worked out.
    fn matched_tool_named(&self, exec: &ExecEvent, names: ProcessNames<'_>) -> Option<String> {
        self.tool_match(exec, names).map(|m| match m {
            ToolMatch::GoTool(tool) => format!("go tool {tool}"),
            ToolMatch::Entry(name) => name.to_owned(),
            ToolMatch::Subcommand(name, sub) => format!("{name} {sub}"),
        })
    }

    /// What `exec` matched, without building its name: ancestors are checked on every match.
    fn tool_match<'e>(
        &self,
        exec: &'e ExecEvent,
        names: ProcessNames<'e>,
    ) -> Option<ToolMatch<'e>> {
        let ProcessNames { exe, argv0 } = names;
        // Go's toolchain runs its own compile/link/asm from $GOROOT/pkg/tool/<os_arch>/.
        if matches!(exe, "compile" | "link" | "asm" | "cgo") && exec.exe.path.contains("/pkg/tool/")
        {
            return Some(ToolMatch::GoTool(exe));
        }
        [Some(exe), argv0]
            .into_iter()
            .flatten()
            .find_map(|name| self.match_name(name, exec))
    }

    fn match_name<'e>(&self, name: &'e str, exec: &'e ExecEvent) -> Option<ToolMatch<'e>> {
        // Versions and triplets are both set off by '-': without one, the name is the only
        // candidate.
        let (unversioned, bare) = if name.as_bytes().contains(&b'-') {
            let unversioned = strip_version(name);
            (unversioned, strip_triplet(unversioned))
        } else {
            (name, name)
        };
        let candidates = [name, unversioned, bare];
        for (i, candidate) in candidates.into_iter().enumerate() {
            // Each candidate is part of `name`: one as long as the one before is the same text,
            // already looked up (most names have no version and no triplet).
            if i > 0 && candidate.len() == candidates[i - 1].len() {
                continue;
            }
            let Some(subs) = self.tools.get(candidate) else {
                continue;
            };
            if subs.iter().any(|s| &**s == "*") {
                return Some(ToolMatch::Entry(candidate));
            }
            let sub = exec.argv.get(1).map(String::as_str)?;
            if subs.iter().any(|s| &**s == sub) {
                return Some(ToolMatch::Subcommand(candidate, sub));
            }
        }
        None
    }
}

/// How a process matched the tool list.
enum ToolMatch<'e> {
    /// One of Go's own tools (`compile`, `link`) under `$GOROOT/pkg/tool/`.
    GoTool(&'e str),
    /// A bare entry (`gcc`), under the name it matched by.
    Entry(&'e str),
    /// A tool with its subcommand (`go build`).
    Subcommand(&'e str, &'e str),
}

/// `gcc-12` → `gcc`, `clang-14.0` → `clang`, `g++-12` → `g++`; `ld.bfd` and `c99` are kept.
fn strip_version(name: &str) -> &str {
    match name.rsplit_once('-') {
        Some((base, ver))
            if !base.is_empty()
                && !ver.is_empty()
                && ver.bytes().all(|b| b.is_ascii_digit() || b == b'.') =>
        {
            base
        }
        _ => name,
    }
}

/// `x86_64-linux-gnu-gcc` → `gcc`, `aarch64-linux-musl-ld.bfd` → `ld.bfd`.
fn strip_triplet(name: &str) -> &str {
    let Some((arch, _)) = name.split_once('-') else {
        return name;
    };
    if !TRIPLET_ARCHES.contains(&arch) {
        return name;
    }
    for marker in [
        "-linux-gnu-",
        "-linux-gnueabihf-",
        "-linux-gnueabi-",
        "-linux-musl-",
        "-linux-android-",
        "-elf-",
        "-none-eabi-",
        "-w64-mingw32-",
        "-pc-linux-gnu-",
        "-unknown-linux-gnu-",
        "-alpine-linux-musl-",
    ] {
        if let Some(at) = name.find(marker) {
            return &name[at + marker.len()..];
        }
    }
    name
}

impl Detector for CompilerDetector {
    fn name(&self) -> &'static str {
        "compiler"
    }

    fn finding_types(&self) -> &'static [FindingType] {
        &[FindingType::LaunchCodeCompilerToolInContainer]
    }

    fn on_exec(&self, exec: &ExecEvent, ctx: &DetectionContext<'_>) -> Option<Detection> {
        let container = exec.container.as_ref()?;
        let tool = self.matched_tool_named(exec, ctx.names)?;
        if ancestor_in_container_matches(ctx, |a, names| self.tool_match(a, names).is_some()) {
            return None;
        }
        let summary = format!(
            "compiler tool {tool} ({}) started in container {}",
            exec.exe.path,
            container.name.as_deref().unwrap_or(&container.id)
        );
        let detection = Detection::new(FindingType::LaunchCodeCompilerToolInContainer, summary)
            .with_property("Compiler_Tool", tool);
        Some(with_image(detection, exec))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exec(path: &str, argv: &[&str]) -> ExecEvent {
        ExecEvent {
            exe: shrike_core::event::Executable {
                path: path.into(),
                ..Default::default()
            },
            argv: argv.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn names_with_versions_and_triplets() {
        let d = CompilerDetector::default();
        let m = |p: &str, a: &[&str]| d.matched_tool(&exec(p, a));
        assert_eq!(
            m("/usr/bin/x86_64-linux-gnu-gcc-12", &["gcc"]).as_deref(),
            Some("gcc")
        );
        assert_eq!(m("/usr/bin/clang-14", &["clang"]).as_deref(), Some("clang"));
        assert_eq!(
            m("/usr/lib/gcc/x86_64-linux-gnu/12/cc1", &["cc1"]).as_deref(),
            Some("cc1")
        );
        assert_eq!(
            m("/usr/bin/x86_64-linux-gnu-ld.bfd", &["ld"]).as_deref(),
            Some("ld.bfd")
        );
        assert_eq!(
            m("/usr/bin/aarch64-linux-gnu-as", &["as"]).as_deref(),
            Some("as")
        );
        assert_eq!(
            m("/usr/local/go/bin/go", &["go", "build", "."]).as_deref(),
            Some("go build")
        );
        assert_eq!(m("/usr/local/go/bin/go", &["go", "version"]), None);
        assert_eq!(
            m("/usr/local/go/pkg/tool/linux_amd64/compile", &["compile"]).as_deref(),
            Some("go tool compile")
        );
        assert_eq!(m("/usr/bin/python3.11", &["python3"]), None);
        assert_eq!(m("/usr/bin/ldd", &["ldd"]), None);
        assert_eq!(m("/usr/bin/ascii", &["ascii"]), None);
        assert_eq!(m("/usr/bin/x86_64-linux-gnu-strip", &["strip"]), None);
        assert_eq!(m("/bin/busybox", &["cc"]).as_deref(), Some("cc"));
    }

    #[test]
    fn custom_list_replaces_the_default() {
        let d = CompilerDetector::new(["gcc"]);
        assert!(d.matched_tool(&exec("/usr/bin/gcc", &["gcc"])).is_some());
        assert!(d
            .matched_tool(&exec("/usr/bin/rustc", &["rustc"]))
            .is_none());
    }
}

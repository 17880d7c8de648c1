//! Compiles the kernel programs (clang, CO-RE, against the vendored `vmlinux.h`) into a libbpf
//! skeleton, and measures the record layout of `events.h` with the host C compiler so a test can
//! hold the Rust parser to it.

use libbpf_cargo::SkeletonBuilder;
use std::env;
use std::path::PathBuf;
use std::process::Command;

const SRC: &str = "src/bpf/shrike.bpf.c";
const HEADERS: &[&str] = &["src/bpf/events.h", "src/bpf/vmlinux.h"];

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    SkeletonBuilder::new()
        .source(SRC)
        .clang_args(["-I", "src/bpf", "-Wall", "-Werror"])
        .build_and_generate(out.join("shrike.skel.rs"))
        .expect("compiling src/bpf/shrike.bpf.c (needs Debian clang and libbpf-dev headers)");
    println!("cargo:rerun-if-changed={SRC}");
    for h in HEADERS {
        println!("cargo:rerun-if-changed={h}");
    }
    println!("cargo:rerun-if-changed=src/bpf/layout.c");

    // The layout probe: a host program that prints sizeof/offsetof of the records.
    let probe = out.join("layout-probe");
    let cc = env::var("CC").unwrap_or_else(|_| "cc".into());
    let status = Command::new(&cc)
        .args(["-I", "src/bpf", "-o"])
        .arg(&probe)
        .arg("src/bpf/layout.c")
        .status()
        .expect("running the host C compiler for the layout probe");
    assert!(status.success(), "compiling src/bpf/layout.c failed");
    let output = Command::new(&probe)
        .output()
        .expect("running the layout probe");
    assert!(output.status.success(), "layout probe failed");
    std::fs::write(out.join("layout.rs"), output.stdout).expect("writing layout.rs");
}

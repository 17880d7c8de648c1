//! The parts of the `shrike` command that other crates reach: only the `--config` file parser,
//! so that the fuzz targets in `fuzz/` can feed it (see `docs/fuzzing.md`). Everything else
//! (clap commands, wiring, exit codes) stays in the binary, `src/main.rs`.

pub mod config_file;

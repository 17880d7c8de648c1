//! Shared support for the `shrike` integration tests.
//!
//! Each test binary that needs it says `mod support;`. [`container`] starts real runc containers
//! (overlayfs root over the host's `/`, cgroup `/docker/<id>`, host network) for the live tests.

pub mod container;

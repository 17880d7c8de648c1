//! Processes that were running before the sensor started, read from `/proc` and turned into the
//! same records the kernel sends, so they go through the same enrichment and detection (a
//! reverse shell opened before Shrike started is still reported).

use crate::raw::{RawExec, RawFd};
use rustc_hash::FxHashMap;

use std::os::unix::fs::MetadataExt;
use std::path::Path;

fn read(path: &Path, limit: u64) -> Option<Vec<u8>> {
    crate::enrich::read_bounded(path, limit).ok()
}

/// Inet socket details by inode, from one network namespace's `/proc/PID/net/{tcp,tcp6,udp,udp6}`.
#[derive(Default)]
struct NetTable {
    sockets: FxHashMap<u64, RawFd>,
    unix: rustc_hash::FxHashSet<u64>,
}

/// `0100007F:1F90` (IPv4) or 32 hex digits (IPv6, four host-order words) and a port.
fn parse_addr(field: &str, v6: bool) -> Option<([u8; 16], u16)> {
    let (addr, port) = field.split_once(':')?;
    let port = u16::from_str_radix(port, 16).ok()?;
    let mut out = [0u8; 16];
    if v6 {
        if addr.len() != 32 {
            return None;
        }
        for w in 0..4 {
            let word = u32::from_str_radix(&addr[w * 8..w * 8 + 8], 16).ok()?;
            out[w * 4..w * 4 + 4].copy_from_slice(&word.to_ne_bytes());
        }
    } else {
        let word = u32::from_str_radix(addr, 16).ok()?;
        out[..4].copy_from_slice(&word.to_ne_bytes());
    }
    Some((out, port))
}

impl NetTable {
    fn read(proc_pid: &Path) -> Self {
        let mut table = NetTable::default();
        for (file, family, protocol) in [
            ("tcp", 2u8, 6u8),
            ("tcp6", 10, 6),
            ("udp", 2, 17),
            ("udp6", 10, 17),
        ] {
            let Some(text) = read(&proc_pid.join("net").join(file), 16 << 20) else {
                continue;
            };
            for line in String::from_utf8_lossy(&text).lines().skip(1) {
                let f: Vec<&str> = line.split_whitespace().collect();
                if f.len() < 10 {
                    continue;
                }
                let (Some((l, lp)), Some((r, rp)), Ok(ino)) = (
                    parse_addr(f[1], family == 10),
                    parse_addr(f[2], family == 10),
                    f[9].parse::<u64>(),
                ) else {
                    continue;
                };
                table.sockets.insert(
                    ino,
                    RawFd {
                        kind: 5,
                        family,
                        protocol,
                        local_port: lp,
                        remote_port: rp,
                        ino,
                        local_addr: l,
                        remote_addr: r,
                        ..RawFd::default()
                    },
                );
            }
        }
        if let Some(text) = read(&proc_pid.join("net/unix"), 16 << 20) {
            for line in String::from_utf8_lossy(&text).lines().skip(1) {
                if let Some(ino) = line.split_whitespace().nth(6).and_then(|i| i.parse().ok()) {
                    table.unix.insert(ino);
                }
            }
        }
        table
    }
}

fn fd_record(proc_pid: &Path, fd: u32, net: &NetTable) -> RawFd {
    let Ok(target) = std::fs::read_link(proc_pid.join("fd").join(fd.to_string())) else {
        return RawFd {
            kind: 1,
            ..RawFd::default()
        };
    };
    let target = target.to_string_lossy();
    let inode = |prefix: &str| {
        target
            .strip_prefix(prefix)
            .and_then(|t| t.strip_suffix(']'))
            .and_then(|t| t.parse::<u64>().ok())
    };
    if let Some(ino) = inode("socket:[") {
        if let Some(s) = net.sockets.get(&ino) {
            return s.clone();
        }
        let family = if net.unix.contains(&ino) { 1 } else { 0 };
        return RawFd {
            kind: 5,
            family,
            ino,
            ..RawFd::default()
        };
    }
    if let Some(ino) = inode("pipe:[") {
        return RawFd {
            kind: 3,
            ino,
            ..RawFd::default()
        };
    }
    match std::fs::metadata(proc_pid.join("fd").join(fd.to_string())) {
        Ok(m) if m.file_type().is_file() => RawFd {
            kind: 2,
            ino: m.ino(),
            ..RawFd::default()
        },
        Ok(m) => {
            use std::os::unix::fs::FileTypeExt;
            if m.file_type().is_char_device() {
                let rdev = m.rdev();
                let kdev = (nix::sys::stat::major(rdev) << 20 | nix::sys::stat::minor(rdev)) as u32;
                RawFd {
                    kind: 6,
                    rdev: kdev,
                    ino: m.ino(),
                    ..RawFd::default()
                }
            } else {
                RawFd {
                    kind: 6,
                    ino: m.ino(),
                    ..RawFd::default()
                }
            }
        }
        Err(_) => RawFd {
            kind: 0,
            ..RawFd::default()
        },
    }
}

/// One running process as an exec record, or `None` for kernel threads and vanished processes.
fn process(
    proc_root: &Path,
    pid: u32,
    nets: &mut FxHashMap<u64, NetTable>,
    now_boot_ns: u64,
) -> Option<RawExec> {
    let dir = proc_root.join(pid.to_string());
    let stat = String::from_utf8_lossy(&read(&dir.join("stat"), 4096)?).into_owned();
    // comm may contain spaces and parentheses: it ends at the last ')'.
    let close = stat.rfind(')')?;
    let comm = stat.get(stat.find('(')? + 1..close)?.to_owned();
    let fields: Vec<&str> = stat[close + 1..].split_whitespace().collect();
    let ppid: u32 = fields.get(1)?.parse().ok()?;
    let flags: u64 = fields.get(6)?.parse().ok()?;
    const PF_KTHREAD: u64 = 0x0020_0000;
    if flags & PF_KTHREAD != 0 {
        return None;
    }
    let cmdline = read(&dir.join("cmdline"), 2048)?;
    let exe = std::fs::metadata(dir.join("exe")).ok()?;
    let exe_link = std::fs::read_link(dir.join("exe")).ok()?;
    let exe_link = exe_link.as_os_str().as_encoded_bytes();
    let exe_bytes = exe_link
        .strip_suffix(b" (deleted)")
        .unwrap_or(exe_link)
        .to_vec();
    let exe_path = String::from_utf8_lossy(&exe_bytes).into_owned();
    let status = String::from_utf8_lossy(&read(&dir.join("status"), 16 * 1024)?).into_owned();
    let id_of = |key: &str| -> u32 {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    let netns = std::fs::metadata(dir.join("ns/net"))
        .map(|m| m.ino())
        .unwrap_or(0);
    let net = nets.entry(netns).or_insert_with(|| NetTable::read(&dir));
    let fds = [
        fd_record(&dir, 0, net),
        fd_record(&dir, 1, net),
        fd_record(&dir, 2, net),
    ];
    let dev = exe.dev();
    Some(RawExec {
        pid,
        ppid,
        uid: id_of("Uid:"),
        gid: id_of("Gid:"),
        flags: u32::from(cmdline.len() >= 2048) | crate::raw::EXEC_PATH_COMPLETE,
        layer: 0,
        time_boot_ns: now_boot_ns,
        start_boot_ns: 0,
        cgroup_id: 0,
        exe_dev: nix::sys::stat::major(dev) << 20 | nix::sys::stat::minor(dev),
        exe_ino: exe.ino(),
        exe_size: exe.size(),
        exe_mtime_ns: (exe.mtime() as u64).saturating_mul(1_000_000_000) + exe.mtime_nsec() as u64,
        comm,
        fds,
        filename: exe_path.clone(),
        filename_bytes: exe_bytes.clone(),
        filename_truncated: false,
        argv: crate::raw::split_argv(&cmdline),
        argv_bytes: crate::raw::split_argv_bytes(&cmdline),
        exe_path: Some(exe_path),
        exe_path_bytes: exe_bytes,
    })
}

/// Every running user-space process, parents before children (by pid order, then fixed up so a
/// parent listed after its child still comes first).
pub fn running_processes(proc_root: &Path, now_boot_ns: u64) -> Vec<RawExec> {
    let Ok(entries) = std::fs::read_dir(proc_root) else {
        return Vec::new();
    };
    let mut pids: Vec<u32> = entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
        .collect();
    pids.sort_unstable();
    let mut nets = FxHashMap::default();
    let mut procs: Vec<RawExec> = pids
        .into_iter()
        .filter_map(|pid| process(proc_root, pid, &mut nets, now_boot_ns))
        .collect();
    // Depth-first order from the roots keeps every parent ahead of its children.
    let index: FxHashMap<u32, usize> = procs.iter().enumerate().map(|(i, p)| (p.pid, i)).collect();
    let depth = |mut pid: u32| {
        let mut d = 0;
        while let Some(&i) = index.get(&pid) {
            pid = procs[i].ppid;
            d += 1;
            if d > 64 {
                break;
            }
        }
        d
    };
    let depths: Vec<usize> = procs.iter().map(|p| depth(p.pid)).collect();
    let mut order: Vec<usize> = (0..procs.len()).collect();
    order.sort_by_key(|&i| depths[i]);
    let mut sorted = Vec::with_capacity(procs.len());
    let mut taken: Vec<Option<RawExec>> = procs.drain(..).map(Some).collect();
    for i in order {
        if let Some(p) = taken[i].take() {
            sorted.push(p);
        }
    }
    sorted
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

    #[test]
    fn proc_net_addresses() {
        let (a, p) = parse_addr("0100007F:1F90", false).unwrap();
        assert_eq!(&a[..4], &[127, 0, 0, 1]);
        assert_eq!(p, 8080);
        let (a, _) = parse_addr("00000000000000000000000001000000:0050", true).unwrap();
        assert_eq!(
            IpAddr::V6(Ipv6Addr::from(a)),
            "::1".parse::<IpAddr>().unwrap()
        );
        assert!(parse_addr("zz:1", false).is_none());
        let _ = Ipv4Addr::LOCALHOST;
    }

    #[test]
    fn this_process_is_found_with_its_parent_first() {
        let procs = running_processes(Path::new("/proc"), 1);
        let me = std::process::id();
        let at = procs
            .iter()
            .position(|p| p.pid == me)
            .expect("own process listed");
        let parent = std::os::unix::process::parent_id();
        if let Some(pp) = procs.iter().position(|p| p.pid == parent) {
            assert!(pp < at, "parent listed before child");
        }
        assert!(!procs[at].argv.is_empty());
    }
}

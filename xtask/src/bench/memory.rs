//! Memory of a process tree from `/proc`: PSS and RSS summed over the app and every
//! process below it, split by role (the app's heap, its code, WebKit's web process, the
//! rest).

use super::process::{descendants, process_table};
use anyhow::{bail, Result};

/// Memory of a process tree, in KiB, with the split that says where it goes.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct Memory {
    pub(super) pss_kib: u64,
    pub(super) rss_kib: u64,
    pub(super) processes: usize,
    pub(super) split: Split,
}

/// PSS of a tree by role, in KiB: the app's own process (its anonymous memory is the
/// Rust heap and thread stacks; the rest is mapped code and libraries), WebKit's web
/// process (the page: JS heap, DOM, layout) and everything else (WebKit's network
/// process, launchers).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct Split {
    pub(super) main_anon_kib: u64,
    pub(super) main_other_kib: u64,
    pub(super) web_kib: u64,
    pub(super) other_kib: u64,
}

/// What a process of the tree is, from its place and `/proc/PID/comm`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Main,
    Web,
    Other,
}

fn role_of(is_root: bool, comm: &str) -> Role {
    if is_root {
        Role::Main
    } else if comm.starts_with("WebKitWebProces") {
        Role::Web
    } else {
        Role::Other
    }
}

impl Memory {
    pub(super) fn pss_mib(&self) -> f64 {
        self.pss_kib as f64 / 1024.0
    }
    pub(super) fn rss_mib(&self) -> f64 {
        self.rss_kib as f64 / 1024.0
    }
}

/// One process's figures from `/proc/PID/smaps_rollup`, in KiB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Rollup {
    pss: u64,
    rss: u64,
    pss_anon: u64,
}

/// PSS, RSS and anonymous PSS in KiB from the text of `/proc/PID/smaps_rollup`.
fn parse_rollup(text: &str) -> Option<Rollup> {
    let field = |name: &str| {
        text.lines().find_map(|l| {
            let value = l.strip_prefix(name)?.strip_prefix(':')?;
            value.split_whitespace().next()?.parse::<u64>().ok()
        })
    };
    Some(Rollup {
        pss: field("Pss")?,
        rss: field("Rss")?,
        // Older kernels have no Pss_Anon: then the split puts all under "other".
        pss_anon: field("Pss_Anon").unwrap_or(0),
    })
}

/// Sums over processes; those that could not be read are left out.
fn sum_memory(samples: impl IntoIterator<Item = Option<(Role, Rollup)>>) -> Memory {
    samples
        .into_iter()
        .flatten()
        .fold(Memory::default(), |mut m, (role, r)| {
            m.pss_kib += r.pss;
            m.rss_kib += r.rss;
            m.processes += 1;
            match role {
                Role::Main => {
                    m.split.main_anon_kib += r.pss_anon;
                    m.split.main_other_kib += r.pss.saturating_sub(r.pss_anon);
                }
                Role::Web => m.split.web_kib += r.pss,
                Role::Other => m.split.other_kib += r.pss,
            }
            m
        })
}

pub(super) fn tree_memory(root: u32) -> Result<Memory> {
    let tree = descendants(root, &process_table());
    let memory = sum_memory(tree.iter().map(|&pid| {
        let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
            .ok()
            .and_then(|t| parse_rollup(&t))?;
        Some((role_of(pid == root, comm.trim()), rollup))
    }));
    if memory.processes == 0 {
        bail!("cannot read /proc/{root}/smaps_rollup");
    }
    Ok(memory)
}

/// Whether process `pid` has a TCP socket listening: the demo tenant is a real HTTP
/// server on a loopback port inside the app's process, so a listening socket says it has
/// been started (nothing else in the app listens while it idles).
pub(super) fn listens_on_tcp(pid: u32) -> Result<bool> {
    let mut inodes = Vec::new();
    for fd in std::fs::read_dir(format!("/proc/{pid}/fd"))?.flatten() {
        if let Ok(target) = std::fs::read_link(fd.path()) {
            if let Some(inode) = socket_inode(&target.to_string_lossy()) {
                inodes.push(inode);
            }
        }
    }
    let mut listening = Vec::new();
    for table in ["tcp", "tcp6"] {
        if let Ok(text) = std::fs::read_to_string(format!("/proc/{pid}/net/{table}")) {
            listening.extend(listening_inodes(&text));
        }
    }
    Ok(inodes.iter().any(|i| listening.contains(i)))
}

/// The inode of an fd link's target `socket:[INODE]`.
fn socket_inode(target: &str) -> Option<u64> {
    target
        .strip_prefix("socket:[")?
        .strip_suffix(']')?
        .parse()
        .ok()
}

/// The inodes of the sockets in state LISTEN (`0A`) in a `/proc/net/tcp` table.
fn listening_inodes(table: &str) -> Vec<u64> {
    table
        .lines()
        .skip(1)
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            (fields.get(3) == Some(&"0A")).then(|| fields.get(9)?.parse().ok())?
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_listening_sockets_of_a_tcp_table() {
        let table = "\
  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:A0F1 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0
   1: 0100007F:A0F1 0100007F:B2C4 01 00000000:00000000 00:00000000 00000000     0        0 4343 1 0000000000000000 20 4 30 10 -1
";
        assert_eq!(listening_inodes(table), vec![4242]);
        assert_eq!(socket_inode("socket:[4242]"), Some(4242));
        assert_eq!(socket_inode("/dev/null"), None);
    }

    #[test]
    fn a_process_listening_on_a_loopback_port_is_seen_and_one_that_does_not_is_not() {
        let me = std::process::id();
        let before = listens_on_tcp(me).unwrap();
        let server = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        assert!(listens_on_tcp(me).unwrap());
        drop(server);
        assert_eq!(listens_on_tcp(me).unwrap(), before);
    }

    const ROLLUP: &str = "\
55d0c0a5e000-7ffd2b5f9000 ---p 00000000 00:00 0                          [rollup]
Rss:              176484 kB
Pss:               98213 kB
Pss_Dirty:         61022 kB
Pss_Anon:          58900 kB
Pss_File:          37189 kB
Pss_Shmem:          2124 kB
Shared_Clean:      81344 kB
Private_Dirty:     60880 kB
Referenced:       176484 kB
Anonymous:         58924 kB
Swap:                  0 kB
SwapPss:               0 kB
";

    #[test]
    fn reads_pss_and_rss_from_smaps_rollup() {
        assert_eq!(
            parse_rollup(ROLLUP),
            Some(Rollup {
                pss: 98213,
                rss: 176484,
                pss_anon: 58900
            })
        );
        assert_eq!(parse_rollup("Rss: 10 kB\n"), None);
    }

    #[test]
    fn sums_memory_over_the_processes_that_could_be_read_split_by_role() {
        let r = |pss, rss, pss_anon| Rollup { pss, rss, pss_anon };
        let m = sum_memory([
            Some((Role::Main, r(100, 300, 40))),
            None,
            Some((Role::Web, r(50, 70, 30))),
            Some((Role::Other, r(7, 9, 1))),
        ]);
        assert_eq!(
            m,
            Memory {
                pss_kib: 157,
                rss_kib: 379,
                processes: 3,
                split: Split {
                    main_anon_kib: 40,
                    main_other_kib: 60,
                    web_kib: 50,
                    other_kib: 7
                }
            }
        );
    }

    #[test]
    fn the_root_is_the_app_and_webkit_web_processes_are_named_by_comm() {
        assert_eq!(role_of(true, "webex-migration"), Role::Main);
        assert_eq!(role_of(false, "WebKitWebProces"), Role::Web);
        assert_eq!(role_of(false, "WebKitNetworkPr"), Role::Other);
    }
}

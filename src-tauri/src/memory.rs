//! Memory the app's own process keeps while it sits open all day. With glibc (Linux),
//! memory freed by Rust goes back to the allocator's pools, not to the system, and each
//! thread that allocates may get its own pool (an arena). The app uses one pool and gives
//! what is free in it back to the system once the start page has been shown, and every
//! minute after: each time about 2 MiB at idle, measured by `cargo xtask bench app`.
//!
//! The app's own code is read from its file as it runs, and stays in its memory once
//! read: most of what starting runs (opening the database, reading the wizards) does not
//! run again while the start page sits open. Each time the start page is shown, the
//! pages of the app's file are handed back to the system (Linux's `MADV_PAGEOUT`, which
//! never loses data: a page that runs again is read from the file again). Elsewhere
//! these do nothing.

use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::OnceLock;
use std::time::Duration;

/// How long after the start page is shown the free memory is given back: the page's
/// commands have answered by then.
const AFTER_THE_START_PAGE: Duration = Duration::from_secs(1);
/// How often it is given back while nothing asks.
const EVERY: Duration = Duration::from_secs(60);

static SHOWN: OnceLock<Sender<()>> = OnceLock::new();

/// One allocator pool for the whole process. The app's threads (the window's, the
/// engine's workers) are few and mostly wait for Webex, so they do not contend for it.
/// Called first thing in `main`, before any other thread exists.
pub fn one_pool() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; called before other threads.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}

/// Gives the memory the allocator holds free back to the system.
pub fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free pages of the allocator's own pools.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Hands the pages of the app's own file (its code and constant data) back to the
/// system. Only the app's file: the libraries it shares with WebKit's processes stay.
fn give_back_code() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let Ok(exe) = std::fs::read_link("/proc/self/exe") else {
            return;
        };
        let Ok(maps) = std::fs::read_to_string("/proc/self/maps") else {
            return;
        };
        for (start, end) in own_mappings(&maps, &exe.to_string_lossy()) {
            // SAFETY: the range is a mapping of this process (from /proc/self/maps);
            // MADV_PAGEOUT only reclaims its pages, never changing their content.
            unsafe {
                libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_PAGEOUT);
            }
        }
    }
}

/// The address ranges that map `path` in a `/proc/PID/maps` text.
#[cfg_attr(not(all(target_os = "linux", target_env = "gnu")), allow(dead_code))]
fn own_mappings(maps: &str, path: &str) -> Vec<(usize, usize)> {
    maps.lines()
        .filter_map(|line| {
            // address, perms, offset, device, inode, then the path (which may hold
            // spaces) after the padding.
            let mut rest = line;
            let mut range = "";
            for field in 0..5 {
                let (word, after) = rest.trim_start().split_once(' ')?;
                if field == 0 {
                    range = word;
                }
                rest = after;
            }
            if rest.trim_start() != path {
                return None;
            }
            let (start, end) = range.split_once('-')?;
            Some((
                usize::from_str_radix(start, 16).ok()?,
                usize::from_str_radix(end, 16).ok()?,
            ))
        })
        .collect()
}

/// The start page was shown: what the pages before it used is given back a moment later
/// (a bulk job left behind, a walk through a wizard), the app's code too. Starts the
/// thread that does it the first time.
pub fn start_page_shown() {
    let sender = SHOWN.get_or_init(|| {
        let (sender, shown) = mpsc::channel::<()>();
        std::thread::spawn(move || loop {
            match shown.recv_timeout(EVERY) {
                Ok(()) => {
                    // Shown again within the moment: wait for the last one.
                    while let Ok(()) = shown.recv_timeout(AFTER_THE_START_PAGE) {}
                    give_back();
                    give_back_code();
                }
                Err(RecvTimeoutError::Timeout) => give_back(),
                Err(RecvTimeoutError::Disconnected) => return,
            }
        });
        sender
    });
    let _ = sender.send(());
}

#[cfg(test)]
mod tests {
    use super::own_mappings;

    #[test]
    fn only_the_mappings_of_the_named_file_are_picked() {
        let maps = "\
5581a000-5581b000 r--p 00000000 08:01 123 /opt/wxm/webex-migration-wizard
5581b000-5581f000 r-xp 00001000 08:01 123 /opt/wxm/webex-migration-wizard
55820000-55830000 rw-p 00000000 00:00 0 [heap]
7f00a000-7f00b000 r-xp 00000000 08:01 456 /usr/lib/libwebkit2gtk-4.1.so.0
7f00c000-7f00d000 r--p 00000000 08:01 789 /opt/wxm/webex-migration-wizard (deleted)
7f00e000-7f00f000 rw-p 00000000 00:00 0
7f010000-7f011000 r-xp 00000000 08:01 321                        /opt/my  apps/wxm
";
        assert_eq!(
            own_mappings(maps, "/opt/wxm/webex-migration-wizard"),
            vec![(0x5581a000, 0x5581b000), (0x5581b000, 0x5581f000)]
        );
        assert_eq!(
            own_mappings(maps, "/opt/my  apps/wxm"),
            vec![(0x7f010000, 0x7f011000)]
        );
        assert_eq!(own_mappings(maps, "/opt/wxm"), Vec::<(usize, usize)>::new());
    }
}

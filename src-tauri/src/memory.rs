//! Memory the app's own process keeps while it sits open all day. With glibc (Linux),
//! memory freed by Rust goes back to the allocator's pools, not to the system, and each
//! thread that allocates may get its own pool (an arena). The app uses one pool and gives
//! what is free in it back to the system once the start page has been shown, and every
//! minute after: each time about 2 MiB at idle, measured by `cargo xtask bench app`.
//! Elsewhere these do nothing.

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

/// The start page was shown: what the pages before it used is given back a moment later
/// (a bulk job left behind, a walk through a wizard). Starts the thread that does it the
/// first time.
pub fn start_page_shown() {
    let sender = SHOWN.get_or_init(|| {
        let (sender, shown) = mpsc::channel::<()>();
        std::thread::spawn(move || loop {
            match shown.recv_timeout(EVERY) {
                Ok(()) => {
                    // Shown again within the moment: wait for the last one.
                    while let Ok(()) = shown.recv_timeout(AFTER_THE_START_PAGE) {}
                    give_back();
                }
                Err(RecvTimeoutError::Timeout) => give_back(),
                Err(RecvTimeoutError::Disconnected) => return,
            }
        });
        sender
    });
    let _ = sender.send(());
}

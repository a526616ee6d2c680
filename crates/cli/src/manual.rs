//! `wxm completions SHELL` and `wxm manpage`: shell completions and the manual page,
//! both generated from the same clap definitions as the commands themselves.

use crate::Failure;
use engine::{ApiError, ErrorCode};
use std::path::{Path, PathBuf};

/// Prints the completion script for a shell. A reader that stops early (`| head`)
/// just ends the output: no panic on a closed pipe.
pub fn completions(shell: clap_complete::Shell, mut cmd: clap::Command) {
    use std::io::Write;
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "wxm", &mut script);
    let _ = std::io::stdout().write_all(&script);
}

/// Writes wxm.1 to standard output, or with `out`, wxm.1 and a page for every
/// subcommand (wxm-user.1, wxm-user-provision.1, …) into that folder.
pub fn manpage(cmd: clap::Command, out: Option<&Path>, json: bool) -> Result<(), Failure> {
    let Some(dir) = out else {
        return clap_mangen::Man::new(cmd)
            .render(&mut std::io::stdout())
            .map_err(|e| cannot_write(Path::new("standard output"), &e));
    };
    std::fs::create_dir_all(dir).map_err(|e| cannot_write(dir, &e))?;
    let mut cmd = cmd.disable_help_subcommand(true);
    cmd.build();
    let mut written = Vec::new();
    write_pages(cmd, dir, &mut written).map_err(|e| cannot_write(dir, &e))?;
    if json {
        println!("{}", serde_json::json!({ "written": written }));
    } else {
        println!(
            "Wrote {} manual pages to {} (the main one: wxm.1).",
            written.len(),
            dir.display()
        );
    }
    Ok(())
}

/// One page for a command, then one for each of its subcommands.
fn write_pages(cmd: clap::Command, dir: &Path, written: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_pages(sub.clone(), dir, written)?;
    }
    written.push(clap_mangen::Man::new(cmd).generate_to(dir)?);
    Ok(())
}

fn cannot_write(path: &Path, e: &std::io::Error) -> Failure {
    Failure {
        exit: 1,
        error: ApiError::new(
            ErrorCode::ExportFailed,
            format!("cannot write the manual to {}: {e}", path.display()),
            "Choose another folder with --out, then try again.",
        ),
    }
}

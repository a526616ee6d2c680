//! How far a long-running command has got, on standard error: an indicatif bar at a
//! terminal that can draw one, plain lines otherwise (a log or a pipe gets no escape
//! codes), nothing with `--json`.

use indicatif::{ProgressBar, ProgressStyle};
use std::sync::{Mutex, PoisonError};

/// Words one plain line from (done, total, the stage the work is at).
type Line = Box<dyn Fn(u64, u64, &str) -> String + Send + Sync>;

pub struct Progress {
    shown: Shown,
}

enum Shown {
    Bar(ProgressBar),
    /// No terminal, or one that cannot draw (`TERM` unset or `dumb`): a line at each
    /// tenth of the way and at each change of stage, so a long log stays short.
    Lines {
        line: Line,
        /// The tenth and the stage of the last line printed.
        last: Mutex<Option<(u64, String)>>,
    },
    Quiet,
}

impl Progress {
    /// `template` is the bar's (indicatif's template language); `line` words the plain
    /// line.
    pub fn new(
        template: &str,
        line: impl Fn(u64, u64, &str) -> String + Send + Sync + 'static,
        json: bool,
    ) -> Progress {
        Progress::start(template, Some(Box::new(line)), json)
    }

    /// A bar at a terminal and nothing otherwise, where the result printed at the end
    /// says all a log needs.
    pub fn bar_only(template: &str, json: bool) -> Progress {
        Progress::start(template, None, json)
    }

    fn start(template: &str, line: Option<Line>, json: bool) -> Progress {
        if json {
            return Progress {
                shown: Shown::Quiet,
            };
        }
        // indicatif draws on standard error only when it is a terminal that can draw.
        let bar = ProgressBar::new(0);
        let shown = if bar.is_hidden() {
            match line {
                Some(line) => Shown::Lines {
                    line,
                    last: Mutex::new(None),
                },
                None => Shown::Quiet,
            }
        } else {
            bar.set_style(
                ProgressStyle::with_template(template)
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            Shown::Bar(bar)
        };
        Progress { shown }
    }

    /// `done` of `total`, at `stage` (empty when the work has one stage).
    pub fn set(&self, done: u64, total: u64, stage: &str) {
        match &self.shown {
            Shown::Bar(bar) => {
                // Each setter draws (20 drawings a second at most): only what changed.
                if bar.length() != Some(total) {
                    bar.set_length(total);
                }
                if !stage.is_empty() && bar.message() != stage {
                    bar.set_message(stage.to_string());
                }
                bar.set_position(done);
            }
            Shown::Lines { line, last } => {
                if total == 0 || (done == 0 && stage.is_empty()) {
                    return;
                }
                let now = (done.min(total) * 10 / total, stage.to_string());
                let mut last = last.lock().unwrap_or_else(PoisonError::into_inner);
                if last.as_ref() != Some(&now) {
                    eprintln!("{}", line(done, total, stage));
                    *last = Some(now);
                }
            }
            Shown::Quiet => {}
        }
    }

    /// Prints a line of the result with the bar out of the way.
    pub fn suspend<R>(&self, print: impl FnOnce() -> R) -> R {
        match &self.shown {
            Shown::Bar(bar) => bar.suspend(print),
            _ => print(),
        }
    }
}

impl Drop for Progress {
    /// The bar goes once the work ends, however it ends, so that what is printed next
    /// (the result, or an error) starts on a clean line.
    fn drop(&mut self) {
        if let Shown::Bar(bar) = &self.shown {
            bar.finish_and_clear();
        }
    }
}

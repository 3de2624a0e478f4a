//! `groupscribe replay SESSION [--speed N] [--from hh:mm]`: the arguments,
//! checked before the terminal is taken over.

use crate::clock::Speed;
use crate::tui::Opening;
use anyhow::Context as _;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct ReplayArgs {
    /// The session file (`<date>-sNN.ron`).
    pub session: PathBuf,
    /// Session seconds per second: 0.25, 0.5, 1, 2, 4, 8 or 16.
    #[arg(long, value_parser = Speed::parse, default_value = "1")]
    pub speed: Speed,
    /// Where to start: hh:mm or hh:mm:ss on the session's day [default: its start].
    #[arg(long)]
    pub from: Option<String>,
}

/// The replay to open, its `--from` read on the session's day and in its offset.
pub fn opening(args: &ReplayArgs) -> anyhow::Result<Opening> {
    let loaded = crate::store::load_session(&args.session, None)?;
    let started = loaded.session.header.started;
    let from = match &args.from {
        None => None,
        Some(text) => {
            let time = chrono::NaiveTime::parse_from_str(text, "%H:%M:%S")
                .or_else(|_| chrono::NaiveTime::parse_from_str(text, "%H:%M"))
                .with_context(|| {
                    format!("--from \"{text}\": write the time as hh:mm or hh:mm:ss")
                })?;
            let at = started
                .date_naive()
                .and_time(time)
                .and_local_timezone(*started.offset())
                .single()
                .with_context(|| format!("--from \"{text}\" is not a time on the session's day"))?;
            Some(at)
        }
    };
    Ok(Opening::Replay {
        path: args.session.clone(),
        from,
        speed: args.speed,
    })
}

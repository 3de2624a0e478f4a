//! `groupscribe merge A B --out C`: two logs of one session made one new
//! session file. The floor (every event that is not a moment: turns, breaks,
//! segments, attendance, ratings, the end) comes from A, or from B with
//! `--floor b`; every moment of A is kept, and B's moments that match none of
//! A's (same kind, same members, within `--window`) are added. Each event
//! keeps its author (`by`) and its time; ids are renumbered in time order. C
//! holds the record as it now reads (amendments applied, retractions left
//! out): the trail stays in A and B. Its first event is a note naming both
//! sources. C is written whole, never over an existing file, and its progress
//! note beside it.

use super::compare::{moment_points, parse_duration};
use crate::metrics::Millis;
use crate::metrics::agreement::match_moments;
use crate::model::{
    Event, EventId, EventKind, Moment, MomentKind, NameStyle, Session, Timestamp, effective_events,
};
use crate::note::{NoteFacts, NoteOptions};
use crate::store::{self, out_file, out_file::OutKind, write_session_atomically};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// The first log (a session file, .ron).
    pub a: PathBuf,
    /// The second log: a session file of the same group.
    pub b: PathBuf,
    /// The new session file to write; it must not exist.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Whose floor (turns, breaks, segments, attendance, end) to keep.
    #[arg(long, value_enum, default_value_t = FloorFrom::A)]
    pub floor: FloorFrom,
    /// How far apart two moments of the same kind and members may be to count as one.
    #[arg(long, default_value = "30s", value_parser = parse_duration)]
    pub window: Millis,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FloorFrom {
    A,
    B,
}

pub fn run(args: &MergeArgs, names: NameStyle, now: Timestamp) -> anyhow::Result<()> {
    let note_path = store::note_path(&args.out);
    out_file::check_out(&note_path, OutKind::Note, false, out_file::is_note)?;
    let (group, merged, added) = merge(args)?;
    write_session_atomically(&args.out, &merged.header, &merged.events)?;
    let facts = NoteFacts::gather(
        &group,
        &merged,
        NoteOptions {
            names,
            redact: false,
        },
        now,
    );
    store::write_atomic(
        &note_path,
        &out_file::mark_note(crate::note::markdown(&facts)),
    )?;
    println!(
        "Merged {} and {} into {} ({} events; {added} moments from B not in A); note {}",
        args.a.display(),
        args.b.display(),
        args.out.display(),
        merged.events.len(),
        note_path.display()
    );
    Ok(())
}

/// The merged session (not written), its group, and how many of B's moments were added.
pub fn merge(args: &MergeArgs) -> anyhow::Result<(crate::model::Group, Session, usize)> {
    for path in [&args.a, &args.b] {
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("rttm"))
        {
            anyhow::bail!(
                "{}: merge takes two session files (.ron); an RTTM has turns but no author \
                 and no moments. Compare it with `groupscribe compare`, or import it first with \
                 `groupscribe import rttm`.",
                path.display()
            );
        }
    }
    let (group_a, a) = super::load_with_group(&args.a)?;
    let (group_b, b) = super::load_with_group(&args.b)?;
    if a.header.group != b.header.group {
        anyhow::bail!(
            "{} is a session of the group \"{}\" and {} of \"{}\": merge needs two logs of the \
             same session.",
            args.a.display(),
            a.header.group,
            args.b.display(),
            b.header.group
        );
    }
    let origin = a.header.started;
    let pa = moment_points(&a, origin);
    let pb = moment_points(&b, origin);
    let matching = match_moments(&pa, &pb, args.window);
    let (floor_log, floor_path, group) = match args.floor {
        FloorFrom::A => (&a, &args.a, group_a),
        FloorFrom::B => (&b, &args.b, group_b),
    };

    // (time, source order, event): A's moments, B's unmatched ones, the floor log's rest.
    let mut events: Vec<(Timestamp, usize, Event)> = Vec::new();
    let moments_of = |s: &Session| -> Vec<Event> {
        effective_events(&s.events)
            .into_iter()
            .filter(|(_, kind)| matches!(kind, EventKind::Moment(_)))
            .map(|(event, kind)| Event {
                kind: kind.clone(),
                ..event.clone()
            })
            .collect()
    };
    let a_moments = moments_of(&a);
    for event in &a_moments {
        events.push((event.at, 0, event.clone()));
    }
    let b_moments = moments_of(&b);
    for &j in &matching.only_b {
        if let Some(event) = b_moments.get(j) {
            events.push((event.at, 1, event.clone()));
        }
    }
    let mut ended = None;
    for (event, kind) in effective_events(&floor_log.events) {
        match kind {
            EventKind::Moment(_) => {}
            EventKind::Ended => ended = Some(event.clone()),
            _ => events.push((
                event.at,
                2,
                Event {
                    kind: kind.clone(),
                    ..event.clone()
                },
            )),
        }
    }
    events.sort_by_key(|(at, source, _)| (*at, *source));
    let header = floor_log.header.clone();
    let provenance = Event {
        id: EventId(1),
        at: header.started,
        by: crate::model::Author::Facilitator,
        kind: EventKind::Moment(Moment {
            what: MomentKind::Note,
            members: Vec::new(),
            text: Some(format!(
                "Merged by groupscribe from {} and {}: floor from {}; {} moments of A, {} of B \
                 not in A (matched within {} s).",
                file_name(&args.a),
                file_name(&args.b),
                file_name(floor_path),
                pa.len(),
                matching.only_b.len(),
                args.window as f64 / 1000.0
            )),
        }),
    };
    let floor_source = match args.floor {
        FloorFrom::A => 0,
        FloorFrom::B => 1,
    };
    // (source log: 0 A, 1 B; its old id) of each event, to renumber `continues`.
    let mut origins: Vec<(usize, EventId)> = vec![(usize::MAX, EventId(0))];
    let mut merged: Vec<Event> = vec![provenance];
    for (_, source, event) in events {
        origins.push((if source == 2 { floor_source } else { source }, event.id));
        merged.push(event);
    }
    if let Some(mut end) = ended {
        // The end stays last: after any moment B logged later than A's end.
        end.at = merged
            .iter()
            .map(|e| e.at)
            .max()
            .unwrap_or(end.at)
            .max(end.at);
        merged.push(end);
    }
    let mut new_id: HashMap<(usize, EventId), EventId> = HashMap::new();
    for (index, event) in merged.iter_mut().enumerate() {
        let id = EventId(u32::try_from(index + 1).unwrap_or(u32::MAX));
        if let Some(origin) = origins.get(index) {
            new_id.insert(*origin, id);
        }
        event.id = id;
    }
    // A moment of B matched to one of A is that one now.
    for &(i, j) in &matching.pairs {
        if let (Some(ea), Some(eb)) = (a_moments.get(i), b_moments.get(j))
            && let Some(id) = new_id.get(&(0, ea.id)).copied()
        {
            new_id.insert((1, eb.id), id);
        }
    }
    // A conflict that continues another points at its new id (none if it was left out).
    for (event, (source, _)) in merged.iter_mut().zip(&origins) {
        if let EventKind::Moment(Moment {
            what: MomentKind::Conflict { continues, .. },
            ..
        }) = &mut event.kind
            && let Some(old) = *continues
        {
            *continues = new_id.get(&(*source, old)).copied();
        }
    }
    Ok((
        group,
        Session {
            header,
            events: merged,
        },
        matching.only_b.len(),
    ))
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

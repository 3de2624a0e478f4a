//! `groupscribe compare A B`: two logs of one session side by side — the floor
//! second by second (percent agreement, Cohen's kappa, the confusion table),
//! the turns scored as speaker diarization (B against A as the reference) and
//! the moments matched by kind, members and time. A and B are session files,
//! or RTTM files (a diarization of the recording), whose times count from A's
//! start. The figures are `metrics::agreement`; this is reading and printing.

use crate::interop::export::{figures_until, floor_turns, rttm_label};
use crate::interop::rttm::{self, ScoredSpan};
use crate::metrics::Millis;
use crate::metrics::agreement::{
    Der, FloorAgreement, FloorSpan, Interval, Kappa, MomentMatch, MomentPoint, Track,
    diarization_error, floor_agreement, match_moments, subtract, union,
};
use crate::model::{EventKind, Floor, MomentKind, Session, Timestamp, effective_events};
use serde::Serialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// The first log: a session file (.ron), the reference for DER.
    pub a: PathBuf,
    /// The second log: a session file (.ron) of the same group, or an RTTM
    /// file (.rttm) whose times count from A's start.
    pub b: PathBuf,
    /// How far apart two moments of the same kind and members may be to match.
    #[arg(long, default_value = "30s", value_parser = parse_duration)]
    pub window: Millis,
    /// DER collar: this much around every boundary of A's turns, half on each
    /// side, is not scored (pyannote.metrics' `collar`).
    #[arg(long, default_value = "0.25s", value_parser = parse_duration)]
    pub collar: Millis,
    #[arg(long, value_enum, default_value_t = CompareFormat::Table)]
    pub format: CompareFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CompareFormat {
    /// A readable table.
    Table,
    /// Every figure as JSON, for other tools.
    Json,
}

/// `30s`, `0.25s`, `2m`, `1500ms`, or plain seconds (`30`).
pub fn parse_duration(text: &str) -> Result<Millis, String> {
    let text = text.trim();
    let (number, scale) = if let Some(n) = text.strip_suffix("ms") {
        (n, 1)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1000)
    } else if let Some(n) = text.strip_suffix('m') {
        (n, 60_000)
    } else {
        (text, 1000)
    };
    let millis = rttm::seconds_to_millis(number.trim())
        .map_err(|why| format!("`{text}` {why}: write e.g. 30s, 0.25s, 2m or 500ms"))?;
    // seconds_to_millis reads seconds: 1 unit of `number` is 1000 of its result.
    let value = i128::from(millis) * i128::from(scale) / 1000;
    Millis::try_from(value).map_err(|_| format!("`{text}` is too large"))
}

/// One log, on the common time axis (milliseconds from A's start).
pub(crate) struct Log {
    pub path: PathBuf,
    /// The session, when the log is one (an RTTM has no moments).
    pub session: Option<Session>,
    /// What was logged: `start..end`.
    pub span: Interval,
    /// The floor: who held it when; `None` on a break.
    pub floor: Vec<FloorSpan>,
    /// Turns of a member or worker, as diarization segments (crosstalk has no speaker).
    pub tracks: Vec<Track>,
    pub breaks: Vec<Interval>,
}

impl Log {
    fn kind(&self) -> &'static str {
        if self.session.is_some() {
            "session"
        } else {
            "rttm"
        }
    }
}

/// Reads `path` as an RTTM file if it is named `.rttm`, else as a session;
/// `origin` is A's start (`None` while reading A itself).
pub(crate) fn read_log(path: &Path, origin: Option<Timestamp>) -> anyhow::Result<Log> {
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("rttm"))
    {
        let text = crate::store::keyring::read_record_text(path)?;
        let parsed = rttm::parse_rttm(path, &text)?;
        let span = ScoredSpan::of_segments(&parsed.segments);
        let floor = rttm::floor_timeline(&parsed.segments, span)
            .into_iter()
            .map(|s| FloorSpan {
                start: s.start,
                end: s.end,
                label: Some(s.speaker.unwrap_or_else(|| SILENCE.into())),
            })
            .collect();
        let tracks = parsed
            .segments
            .iter()
            .map(|s| Track {
                label: s.speaker.clone(),
                start: s.onset,
                end: s.end,
            })
            .collect();
        return Ok(Log {
            path: path.to_path_buf(),
            session: None,
            span: Interval::new(span.start, span.end),
            floor,
            tracks,
            breaks: Vec::new(),
        });
    }
    let (_, session) = super::load_with_group(path)?;
    let offset = origin.map_or(0, |origin| {
        (session.header.started - origin).num_milliseconds()
    });
    let until = (figures_until(&session) - session.header.started).num_milliseconds();
    let breaks: Vec<Interval> = break_spans(&session)
        .into_iter()
        .map(|b| Interval::new(b.start + offset, b.end + offset))
        .collect();
    let turns = floor_turns(&session);
    let mut floor = Vec::new();
    let mut at = offset;
    let mut turn_iter = turns.iter().peekable();
    let mut break_iter = breaks.iter().peekable();
    // Turns and breaks never overlap: lay them out in order, silence in the gaps.
    loop {
        let next_turn = turn_iter.peek().map(|t| t.start + offset);
        let next_break = break_iter.peek().map(|b| b.start);
        let (start, end, label) = match (next_turn, next_break) {
            (None, None) => break,
            (Some(t), b) if b.is_none_or(|b| t < b) => {
                let Some(turn) = turn_iter.next() else { break };
                (t, turn.end + offset, Some(holder_label(&turn.holder)))
            }
            _ => {
                let Some(b) = break_iter.next() else { break };
                (b.start, b.end, None)
            }
        };
        if start > at {
            floor.push(FloorSpan {
                start: at,
                end: start,
                label: Some(SILENCE.into()),
            });
        }
        floor.push(FloorSpan { start, end, label });
        at = at.max(end);
    }
    if until + offset > at {
        floor.push(FloorSpan {
            start: at,
            end: until + offset,
            label: Some(SILENCE.into()),
        });
    }
    let tracks = turns
        .iter()
        .filter_map(|t| {
            Some(Track {
                label: rttm_label(&t.holder)?.to_string(),
                start: t.start + offset,
                end: t.end + offset,
            })
        })
        .collect();
    Ok(Log {
        path: path.to_path_buf(),
        span: Interval::new(offset, until + offset),
        floor,
        tracks,
        breaks,
        session: Some(session),
    })
}

const SILENCE: &str = "silence";
const CROSSTALK: &str = "crosstalk";

fn holder_label(holder: &Floor) -> String {
    match holder {
        Floor::Crosstalk => CROSSTALK.into(),
        Floor::Silence => SILENCE.into(),
        other => rttm_label(other).unwrap_or(SILENCE).to_string(),
    }
}

/// The session's breaks (and gaps after logging stopped), in milliseconds from
/// its start, exactly as `floor_turns` leaves them out: the same effective
/// events and the same clamping of out-of-order times.
fn break_spans(session: &Session) -> Vec<Interval> {
    let start = session.header.started;
    let until = figures_until(session);
    let offset = |at: Timestamp| (at - start).num_milliseconds();
    let mut spans = Vec::new();
    let mut credited = start;
    let mut on_break: Option<Timestamp> = None;
    for (event, kind) in effective_events(&session.events) {
        let at = event.at.max(credited).min(until.max(credited));
        match kind {
            EventKind::Floor(_) if on_break.is_none() => credited = at,
            EventKind::Break(edge) => {
                let starting = edge.starts();
                if starting == on_break.is_some() {
                    continue;
                }
                credited = at;
                match on_break.take() {
                    Some(since) => spans.push(Interval::new(offset(since), offset(at))),
                    None => on_break = Some(at),
                }
            }
            EventKind::Segment(_) => credited = at,
            EventKind::Ended => break,
            _ => {}
        }
    }
    if let Some(since) = on_break {
        spans.push(Interval::new(offset(since), offset(until.max(credited))));
    }
    spans
}

/// The moments of a session as the matching sees them, with their kind's name.
pub(crate) fn moment_points(session: &Session, origin: Timestamp) -> Vec<MomentPoint<String>> {
    effective_events(&session.events)
        .into_iter()
        .filter_map(|(event, kind)| match kind {
            EventKind::Moment(moment) => Some(MomentPoint {
                at: (event.at - origin).num_milliseconds(),
                kind: family_name(&moment.what),
                members: moment
                    .members
                    .iter()
                    .map(|m| m.as_str().to_string())
                    .collect(),
            }),
            _ => None,
        })
        .collect()
}

/// The kind's plain name: moments match when these are equal (the same
/// `MomentKind::family()`).
pub(crate) fn family_name(what: &MomentKind) -> String {
    what.family().name().to_string()
}

/// Every figure of a comparison.
#[derive(Debug, Serialize)]
pub struct Comparison {
    pub a: LogInfo,
    pub b: LogInfo,
    /// The common span, seconds from A's start.
    pub span_start: f64,
    pub span_end: f64,
    pub floor: FloorAgreement,
    pub der: Der,
    /// `None` when B (or A) is an RTTM: it has no moments.
    pub moments: Option<Moments>,
}

#[derive(Debug, Serialize)]
pub struct LogInfo {
    pub file: String,
    pub kind: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Moments {
    pub window: f64,
    pub in_a: usize,
    pub in_b: usize,
    pub matched: usize,
    pub only_a: usize,
    pub only_b: usize,
    pub agreement: Option<f64>,
    pub per_kind: Vec<crate::metrics::agreement::KindTally<String>>,
}

pub fn compare(args: &CompareArgs) -> anyhow::Result<Comparison> {
    let a = read_log(&args.a, None)?;
    let origin = a.session.as_ref().map(|s| s.header.started);
    let b = read_log(&args.b, origin)?;
    if let (Some(sa), Some(sb)) = (&a.session, &b.session)
        && sa.header.group != sb.header.group
    {
        anyhow::bail!(
            "{} is a session of the group \"{}\" and {} of \"{}\": compare needs two logs of \
             the same session.",
            args.a.display(),
            sa.header.group,
            args.b.display(),
            sb.header.group
        );
    }
    let span = Interval::new(a.span.start.max(b.span.start), a.span.end.min(b.span.end));
    if span.is_empty() {
        anyhow::bail!(
            "{} and {} do not overlap in time (A runs {}–{} s, B {}–{} s from A's start): \
             nothing to compare. Are they logs of the same session?",
            args.a.display(),
            args.b.display(),
            seconds(a.span.start),
            seconds(a.span.end),
            seconds(b.span.start),
            seconds(b.span.end)
        );
    }
    let breaks = union(a.breaks.iter().chain(&b.breaks).copied().collect());
    let uem = subtract(&[span], &breaks);
    let der = diarization_error(&a.tracks, &b.tracks, &uem, args.collar);

    // An RTTM's speaker labels are read as A's holders by DER's optimal mapping.
    let mut b_floor = b.floor.clone();
    if b.session.is_none() {
        for piece in &mut b_floor {
            if let Some(label) = &mut piece.label
                && let Some((_, to)) = der.mapping.iter().find(|(from, _)| from == label)
            {
                *label = to.clone();
            }
        }
    }
    let floor = floor_agreement(&a.floor, &b_floor, span, &[CROSSTALK, SILENCE]);

    let moments = match (&a.session, &b.session, origin) {
        (Some(sa), Some(sb), Some(origin)) => {
            let inside = |p: &MomentPoint<String>| p.at >= span.start && p.at <= span.end;
            let pa: Vec<_> = moment_points(sa, origin)
                .into_iter()
                .filter(inside)
                .collect();
            let pb: Vec<_> = moment_points(sb, origin)
                .into_iter()
                .filter(inside)
                .collect();
            let m: MomentMatch<String> = match_moments(&pa, &pb, args.window);
            Some(Moments {
                window: args.window as f64 / 1000.0,
                in_a: pa.len(),
                in_b: pb.len(),
                matched: m.pairs.len(),
                only_a: m.only_a.len(),
                only_b: m.only_b.len(),
                agreement: m.agreement,
                per_kind: m.per_kind,
            })
        }
        _ => None,
    };
    let info = |log: &Log| LogInfo {
        file: log.path.display().to_string(),
        kind: log.kind(),
    };
    Ok(Comparison {
        a: info(&a),
        b: info(&b),
        span_start: span.start as f64 / 1000.0,
        span_end: span.end as f64 / 1000.0,
        floor,
        der,
        moments,
    })
}

pub fn run(args: &CompareArgs) -> anyhow::Result<()> {
    let comparison = compare(args)?;
    let text = match args.format {
        CompareFormat::Json => serde_json::to_string_pretty(&comparison)? + "\n",
        CompareFormat::Table => table(&comparison),
    };
    print!("{}", crate::diag::printable(&text));
    Ok(())
}

fn seconds(millis: Millis) -> String {
    crate::interop::seconds_text(millis)
}

fn percent(share: Option<f64>) -> String {
    share.map_or_else(|| "n/a".into(), |s| format!("{:.1}%", s * 100.0))
}

fn clock(seconds: f64) -> String {
    let whole = seconds.round() as i64;
    format!("{}:{:02}:{:02}", whole / 3600, whole / 60 % 60, whole % 60)
}

/// The readable report.
pub fn table(c: &Comparison) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "A: {} ({})", c.a.file, c.a.kind);
    let _ = writeln!(out, "B: {} ({})", c.b.file, c.b.kind);
    let _ = writeln!(
        out,
        "Common span: {}–{} from A's start\n",
        clock(c.span_start),
        clock(c.span_end)
    );

    let f = &c.floor;
    let _ = writeln!(
        out,
        "Floor, second by second ({} s compared, {} s in a break left out)",
        f.seconds, f.excluded
    );
    let _ = writeln!(out, "  percent agreement  {}", percent(f.agreement));
    let _ = match &f.kappa {
        Kappa::Value { kappa } => writeln!(out, "  Cohen's kappa      {kappa:.3}"),
        Kappa::NotApplicable { reason } => writeln!(out, "  Cohen's kappa      n/a ({reason})"),
    };
    if !f.categories.is_empty() {
        let width = f
            .categories
            .iter()
            .map(|c| c.chars().count())
            .max()
            .unwrap_or(0)
            .max(6);
        let cell = f
            .confusion
            .iter()
            .flatten()
            .map(|n| n.to_string().len())
            .max()
            .unwrap_or(1)
            .max(width.min(9));
        let _ = writeln!(out, "  seconds: rows A, columns B");
        let _ = write!(out, "  {:width$}", "A \\ B");
        for category in &f.categories {
            let short: String = category.chars().take(cell).collect();
            let _ = write!(out, " {short:>cell$}");
        }
        let _ = writeln!(out);
        for (category, row) in f.categories.iter().zip(&f.confusion) {
            let _ = write!(out, "  {category:width$}");
            for n in row {
                let _ = write!(out, " {n:>cell$}");
            }
            let _ = writeln!(out);
        }
    }

    let d = &c.der;
    let _ = writeln!(
        out,
        "\nTurns as diarization, B against A (collar {} s, {:.3} s scored)",
        d.collar, d.scored
    );
    let part = |value: f64| match d.total {
        total if total > 0.0 => format!("{value:>10.3} s  {:>6.1}%", value / total * 100.0),
        _ => format!("{value:>10.3} s"),
    };
    let _ = writeln!(
        out,
        "  diarization error rate  {}",
        d.rate.map_or_else(
            || "n/a (A has no speech in the scored span)".into(),
            |r| format!("{:.1}%", r * 100.0)
        )
    );
    let _ = writeln!(out, "  missed speech      {}", part(d.missed));
    let _ = writeln!(out, "  false alarm        {}", part(d.false_alarm));
    let _ = writeln!(out, "  speaker confusion  {}", part(d.confusion));
    let _ = writeln!(out, "  speech in A        {:>10.3} s", d.total);
    if c.b.kind == "rttm" && !d.mapping.is_empty() {
        let pairs: Vec<String> = d
            .mapping
            .iter()
            .map(|(b, a)| format!("{b} → {a}"))
            .collect();
        let _ = writeln!(out, "  B's speakers read as: {}", pairs.join(", "));
    }

    match &c.moments {
        None => {
            let _ = writeln!(out, "\nMoments: n/a (an RTTM file has no moments)");
        }
        Some(m) => {
            let _ = writeln!(
                out,
                "\nMoments, matched by kind and members within {} s ({} in A, {} in B)",
                m.window, m.in_a, m.in_b
            );
            let _ = writeln!(
                out,
                "  agreement  {}  (2 × matched / all)",
                percent(m.agreement)
            );
            let width = m
                .per_kind
                .iter()
                .map(|k| k.kind.chars().count())
                .max()
                .unwrap_or(4)
                .max(5);
            let _ = writeln!(out, "  {:width$}  matched  only A  only B", "kind");
            for k in &m.per_kind {
                let _ = writeln!(
                    out,
                    "  {:width$}  {:>7}  {:>6}  {:>6}",
                    k.kind, k.matched, k.only_a, k.only_b
                );
            }
            let _ = writeln!(
                out,
                "  {:width$}  {:>7}  {:>6}  {:>6}",
                "all", m.matched, m.only_a, m.only_b
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_in_their_units() {
        assert_eq!(parse_duration("30s"), Ok(30_000));
        assert_eq!(parse_duration("0.25s"), Ok(250));
        assert_eq!(parse_duration("2m"), Ok(120_000));
        assert_eq!(parse_duration("500ms"), Ok(500));
        assert_eq!(parse_duration("30"), Ok(30_000));
        assert!(parse_duration("soon").is_err());
    }
}

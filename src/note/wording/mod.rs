//! The note's words, shared by the Markdown and the HTML renderer.
//!
//! Both notes say the same things about the same facts; only escaping and a
//! little emphasis differ. Those differences are the [`Markup`] trait, which
//! each renderer implements once; the sentences, list items and table rows
//! are built here, so that a wording fixed in one note is fixed in both.
//! Layout (headings, lists, tables, sections) stays in each renderer.

pub mod entries;
pub mod observed;
pub mod participation;
pub mod presence;
pub mod process;
pub mod record;
pub mod sections;

use super::display::{calendar_date, capitalised, clock_time, hour_minute, talk_time};
use super::facts::{HeaderFacts, InterventionRef, Millis, SpeakerRole, WorkerResponse};

/// How one target writes user text and emphasis. Every function returns
/// markup ready to place; none of them adds words of its own except the
/// constants, which are where the two notes are worded differently on purpose.
/// When no intervention answers a risk or conflict, the facilitator's own words stand.
const AS_NOTED: &str = "no intervention logged; the facilitator wrote ";

pub trait Markup {
    /// Put before a risk level: the HTML note repeats the chart's symbol.
    const RISK_MARK: &'static str;

    /// User-typed text (names, notes, norms), made safe for the target.
    fn text(text: &str) -> String;
    /// Words of the program (labels, readings). Markdown prints them as they
    /// are, as none holds markup; HTML escapes all it did not write itself.
    fn label(label: &str) -> String;
    /// Strong emphasis, which both notes show.
    fn strong(markup: &str) -> String;
    /// Emphasis only HTML shows: in Markdown source it would be clutter.
    fn highlight(markup: &str) -> String;
    /// Words standing in for something not recorded, such as a nameless segment.
    fn placeholder(words: &str) -> String;
    /// A name given in quotes: a norm, a goal.
    fn quote_name(text: &str) -> String;
    /// What someone said or wrote.
    fn quote_words(text: &str) -> String;
    /// A remark on an item that is not part of what was logged.
    fn remark(markup: &str) -> String;
}

/// Shown where a figure does not apply.
pub const NONE: &str = "—";

/// A span of time, or [`NONE`] where it does not apply (no turn, no break).
pub fn span_or_none(applies: bool, span: Millis) -> String {
    if applies {
        talk_time(span)
    } else {
        NONE.into()
    }
}

/// Names, escaped and joined: `Ana R., Ben T.`
pub fn names<M: Markup>(names: &[String]) -> String {
    names
        .iter()
        .map(|name| M::text(name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// ` — Ana R., Ben T.` or nothing.
pub fn who<M: Markup>(members: &[String]) -> String {
    if members.is_empty() {
        String::new()
    } else {
        format!(" — {}", names::<M>(members))
    }
}

/// ` — "words"` after an item, or nothing.
pub fn quoted<M: Markup>(text: Option<&String>) -> String {
    text.map_or_else(String::new, |text| format!(" — {}", M::quote_words(text)))
}

/// ` (logged by the co-facilitator)` after an item another worker logged, or nothing.
pub fn logged_by<M: Markup>(by: Option<&str>) -> String {
    by.map_or_else(String::new, |who| {
        format!(" {}", M::remark(&format!("(logged by {who})")))
    })
}

/// ` (amended: reason)` after an amended item, or nothing.
pub fn amended<M: Markup>(reason: Option<&String>) -> String {
    match reason.map(|reason| M::text(reason.trim())) {
        Some(reason) if reason.is_empty() => format!(" {}", M::remark("(amended)")),
        Some(reason) => format!(" {}", M::remark(&format!("(amended: {reason})"))),
        None => String::new(),
    }
}

/// `session 4 of 8`, or `session 4` for an open-ended group.
pub fn session_words(header: &HeaderFacts) -> String {
    match header.planned_sessions {
        Some(planned) => format!("session {} of {planned}", header.session_number),
        None => format!("session {}", header.session_number),
    }
}

/// The end's clock time, with its date when the session ran past midnight.
pub fn end_time(header: &HeaderFacts) -> String {
    if header.figures_until.date_naive() == header.started.date_naive() {
        hour_minute(header.figures_until)
    } else {
        format!(
            "{} {}",
            calendar_date(header.figures_until),
            hour_minute(header.figures_until)
        )
    }
}

/// The stretch before the first segment has no name of its own.
pub fn segment_name<M: Markup>(name: &str, before_first: bool) -> String {
    if before_first {
        M::placeholder("before the first segment")
    } else if name.is_empty() {
        M::placeholder("(unnamed segment)")
    } else {
        M::text(name)
    }
}

/// `Acute` opening a risk item, strong.
pub fn risk_level<M: Markup>(label: &str) -> String {
    M::strong(&format!(
        "{}{}",
        M::RISK_MARK,
        M::label(&capitalised(label))
    ))
}

/// The interventions that answered a risk or a conflict, or the
/// facilitator's words, or "not logged".
pub fn response<M: Markup>(response: &WorkerResponse) -> String {
    if !response.interventions.is_empty() {
        let mut named = response
            .interventions
            .iter()
            .map(intervention_ref::<M>)
            .collect::<Vec<_>>()
            .join("; ");
        match response.more {
            0 => {}
            1 => named.push_str("; and 1 more intervention"),
            more => named.push_str(&format!("; and {more} more interventions")),
        }
        return named;
    }
    match &response.as_noted {
        Some(words) => format!("{AS_NOTED}{}", M::quote_words(words)),
        None => M::placeholder("not logged"),
    }
}

/// `supporting (18:27:00) — "words"`
fn intervention_ref<M: Markup>(intervention: &InterventionRef) -> String {
    format!(
        "{} ({}){}",
        M::text(intervention.label),
        clock_time(intervention.at),
        quoted::<M>(intervention.text.as_ref())
    )
}

/// How the roles read next to a name, or nothing for a member.
pub fn role_words(role: SpeakerRole) -> Option<&'static str> {
    match role {
        SpeakerRole::Member => None,
        SpeakerRole::NotOnRoster => Some("not on the roster"),
        SpeakerRole::Facilitator => Some("facilitator"),
        SpeakerRole::CoFacilitator => Some("co-facilitator"),
        SpeakerRole::Crosstalk => Some("several at once"),
    }
}

/// An item of a list, with the items nested under it (none for most).
pub struct Item {
    pub line: String,
    pub details: Vec<String>,
}

impl Item {
    fn plain(line: String) -> Item {
        Item {
            line,
            details: Vec::new(),
        }
    }
}
